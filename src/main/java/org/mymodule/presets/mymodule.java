package org.mymodule.presets;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.bytedeco.javacpp.annotation.Adapter;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.tools.Info;
import org.bytedeco.javacpp.tools.InfoMap;
import org.bytedeco.javacpp.tools.InfoMapper;

/** The facts JavaCPP needs to turn mymodule's C++ headers into its Java API. */
@Properties(
    target = "org.mymodule",
    global = "org.mymodule.global.mymodule",
    value = @Platform(
        compiler = "cpp17",
        include = {"mymodule/core.h", "mymodule/stats.h", "mymodule/cluster.h", "mymodule/physics.h", "mymodule/image.h", "mymodule_jni.h"},
        link = "mymodule"))
public class mymodule implements InfoMapper {
    /** Passes a Java array or a Pointer (also one wrapping an NIO buffer) as a {@code mymodule::Span}, with its length. */
    @Documented @Retention(RetentionPolicy.RUNTIME) @Target({ElementType.METHOD, ElementType.PARAMETER})
    @Adapter("mymodule::jni::SpanAdapter")
    public @interface Span {
        /** The element type; inferred from the Java type when empty. */
        String value() default "";
    }

    @Override public void map(InfoMap infoMap) {
        infoMap.put(new Info("mymodule_jni.h").skip())
               .put(new Info("MYMODULE_API").cppTypes().annotations())
               .put(new Info("const char").pointerTypes("String", "@Cast(\"const char*\") BytePointer"))
               // No FloatBuffer overloads: JavaCPP 1.5.14 releases a sliced heap buffer's elements at the
               // wrong address (found by -Xcheck:jni). Buffers go through Buffers.pointer(buffer).
               .put(new Info("mymodule::Span<const float>").valueTypes(
                        "@ByVal @Cast(\"const float*\") @Span FloatPointer", "@Cast(\"const float*\") @Span float[]"))
               .put(new Info("mymodule::Span<float>").valueTypes(
                        "@ByVal @Cast(\"float*\") @Span FloatPointer", "@Cast(\"float*\") @Span float[]"))
               .put(new Info("mymodule::Span<int>").valueTypes(
                        "@ByVal @Cast(\"int*\") @Span IntPointer", "@Cast(\"int*\") @Span int[]"))
               .put(new Info("mymodule::Span<double>").valueTypes(
                        "@ByVal @Cast(\"double*\") @Span DoublePointer", "@Cast(\"double*\") @Span double[]"))
               .put(new Info("mymodule::Span<const double>").valueTypes(
                        "@ByVal @Cast(\"const double*\") @Span DoublePointer", "@Cast(\"const double*\") @Span double[]"))
               .put(new Info("mymodule::Span<long long>").valueTypes(
                        "@ByVal @Cast(\"long long*\") @Span LongPointer", "@Cast(\"long long*\") @Span long[]"))
               .put(new Info("mymodule::Span<short>").valueTypes("@ByVal @Span ShortPointer", "@Span short[]"))
               .put(new Info("mymodule::Span<const unsigned char>").valueTypes(
                        "@ByVal @Cast(\"const unsigned char*\") @Span BytePointer", "@Cast(\"const unsigned char*\") @Span byte[]"))
               .put(new Info("mymodule::Span<unsigned char>").valueTypes(
                        "@ByVal @Cast(\"unsigned char*\") @Span BytePointer", "@Cast(\"unsigned char*\") @Span byte[]"))
               // Scoped enums become Java enums (ChannelOrder.bgr), not loose int constants.
               .put(new Info("mymodule::ChannelOrder", "mymodule::Border", "mymodule::Interpolation").enumerate())
               // Our classes are single C++ objects: no Pointer cast constructor or array allocator, and
               // NativeObject refuses a position other than 0 (either would let Java point at garbage).
               .put(new Info("mymodule::ProgressListener").virtualize().skipDefaults().base("NativeObject"))
               .put(new Info("mymodule::RunningStats").skipDefaults().base("NativeObject"))
               .put(new Info("mymodule::KMeans").skipDefaults().base("NativeObject"))
               .put(new Info("mymodule::NBody").skipDefaults().base("NativeObject"))
               // Results returned by value: JNI allocates the Java object without a constructor (AllocObject).
               .put(new Info("mymodule::Moments", "mymodule::HistogramOutliers").skipDefaults().base("NativeObject"));
    }
}
