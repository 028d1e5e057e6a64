package org.mymodule.presets;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
        include = {"mymodule/resource.h", "mymodule/progress.h", "mymodule/core.h", "mymodule/stats.h", "mymodule/kmeans.h", "mymodule/nbody.h", "mymodule/image.h", "mymodule_jni.h"},
        link = "mymodule"))
public class mymodule implements InfoMapper {
    /** Passes a Pointer (also one wrapping an NIO buffer) as a {@code mymodule::Span}, with its length, checked against its memory. */
    @Documented @Retention(RetentionPolicy.RUNTIME) @Target({ElementType.METHOD, ElementType.PARAMETER})
    @Adapter("mymodule::jni::SpanAdapter")
    public @interface Span {
        /** The element type; inferred from the Java type when empty. */
        String value() default "";
    }

    /** Passes a Java array as a {@code mymodule::Span}, with its length. */
    @Documented @Retention(RetentionPolicy.RUNTIME) @Target({ElementType.METHOD, ElementType.PARAMETER})
    @Adapter("mymodule::jni::ArrayAdapter")
    public @interface ArraySpan {
        /** The element type; inferred from the Java type when empty. */
        String value() default "";
    }

    /** Returns a {@code mymodule::View} as a Pointer that keeps the view's memory until it is closed or collected. */
    @Documented @Retention(RetentionPolicy.RUNTIME) @Target({ElementType.METHOD, ElementType.PARAMETER})
    @Adapter("mymodule::jni::ViewAdapter")
    public @interface View {
        /** The element type; inferred from the Java type when empty. */
        String value() default "";
    }

    /** A Pointer parameter as the Parser writes it: its Pointer class names the Java array type. */
    private static final Pattern POINTER_PARAMETER = Pattern.compile("@ByVal (?:@Cast\\(\"[^\"]*\"\\) )?@Span (\\w+)Pointer");
    /** A method as the Parser writes it: return type, name, parameters. */
    private static final Pattern METHOD = Pattern.compile("public (?:static )?native (.+) (\\w+)\\((.*)\\);");
    /** A member function's signature: its class. */
    private static final Pattern MEMBER = Pattern.compile("mymodule::([A-Z]\\w*)::\\w+\\(");

    /**
     * A function whose Java array overload lends the arrays to C++ in place (pinned, no copy) instead
     * of copying them: mymodule_jni.h has that overload, named like the function, in mymodule::jni.
     * For a member function, the Java method passes {@code this} to it. Only for calls that never call
     * back into Java (no listener) while the arrays are pinned.
     * @param signature the C++ function, with its parameter types
     * @param pointerOverload its Pointer overload as the Parser writes it, without the namespace
     */
    static Info lendsArrays(String signature, String pointerOverload) {
        Matcher pointer = POINTER_PARAMETER.matcher(pointerOverload);
        StringBuffer lent = new StringBuffer();  // Matcher takes a StringBuilder only from Java 9
        while (pointer.find()) {
            pointer.appendReplacement(lent, "@Raw " + pointer.group(1).toLowerCase() + "[]");
        }
        String arrayOverload = pointer.appendTail(lent).toString().replaceFirst("@Raw ", "@Raw(withEnv = true) ");
        Matcher member = MEMBER.matcher(signature);
        if (!member.lookingAt()) {
            return new Info(signature).javaText("@Namespace(\"mymodule\") " + pointerOverload + "\n"
                    + "@Namespace(\"mymodule::jni\") " + arrayOverload + "\n");
        }
        // A member: a Java method that calls a static native with the object as its first argument.
        Matcher method = METHOD.matcher(arrayOverload);
        if (!method.matches()) {
            throw new IllegalArgumentException("lendsArrays: not a method: " + pointerOverload);
        }
        String cls = member.group(1), returns = method.group(1), name = method.group(2), parameters = method.group(3);
        boolean chained = returns.equals("@ByRef " + cls);  // returns *this: Java returns this
        String arguments = Arrays.stream(parameters.split(", ")).map(p -> p.substring(p.lastIndexOf(' ') + 1))
                .collect(Collectors.joining(", "));
        String call = name + "(this, " + arguments + ");";
        return new Info(signature).javaText(pointerOverload + "\n"
                + "public " + (chained ? cls : returns) + " " + name + "(" + parameters.replaceAll("@Raw(\\(withEnv = true\\))? ", "") + ") { "
                + (chained ? call + " return this;" : returns.equals("void") ? call : "return " + call) + " }\n"
                + "@Namespace(\"::mymodule::jni\") private static native " + (chained ? "void" : returns) + " " + name
                + "(" + cls + " self, " + parameters + ");\n");
    }

    @Override public void map(InfoMap infoMap) {
        infoMap.put(new Info("mymodule_jni.h").skip())
               .put(new Info("MYMODULE_API").cppTypes().annotations())
               .put(new Info("const char").pointerTypes("String", "@Cast(\"const char*\") BytePointer"))
               // No FloatBuffer overloads: JavaCPP 1.5.14 releases a sliced heap buffer's elements at the
               // wrong address (found by -Xcheck:jni). Buffers go through Buffers.pointer(buffer).
               .put(new Info("mymodule::Span<const float>").valueTypes(
                        "@ByVal @Cast(\"const float*\") @Span FloatPointer", "@Cast(\"const float*\") @ArraySpan float[]"))
               .put(new Info("mymodule::Span<float>").valueTypes(
                        "@ByVal @Cast(\"float*\") @Span FloatPointer", "@Cast(\"float*\") @ArraySpan float[]"))
               .put(new Info("mymodule::Span<int>").valueTypes(
                        "@ByVal @Cast(\"int*\") @Span IntPointer", "@Cast(\"int*\") @ArraySpan int[]"))
               .put(new Info("mymodule::Span<double>").valueTypes(
                        "@ByVal @Cast(\"double*\") @Span DoublePointer", "@Cast(\"double*\") @ArraySpan double[]"))
               .put(new Info("mymodule::Span<const double>").valueTypes(
                        "@ByVal @Cast(\"const double*\") @Span DoublePointer", "@Cast(\"const double*\") @ArraySpan double[]"))
               .put(new Info("mymodule::Span<long long>").valueTypes(
                        "@ByVal @Cast(\"long long*\") @Span LongPointer", "@Cast(\"long long*\") @ArraySpan long[]"))
               .put(new Info("mymodule::Span<short>").valueTypes("@ByVal @Span ShortPointer", "@ArraySpan short[]"))
               .put(new Info("mymodule::Span<const unsigned char>").valueTypes(
                        "@ByVal @Cast(\"const unsigned char*\") @Span BytePointer", "@Cast(\"const unsigned char*\") @ArraySpan byte[]"))
               .put(new Info("mymodule::Span<unsigned char>").valueTypes(
                        "@ByVal @Cast(\"unsigned char*\") @Span BytePointer", "@Cast(\"unsigned char*\") @ArraySpan byte[]"))
               // Scoped enums become Java enums (ChannelOrder.bgr), not loose int constants.
               .put(new Info("mymodule::ChannelOrder", "mymodule::Border", "mymodule::Interpolation").enumerate())
               // Our classes are single C++ objects: no Pointer cast constructor or array allocator, and
               // NativeObject refuses the inherited Pointer methods that would move, resize or free them.
               .put(new Info("mymodule::Resource").base("NativeObject"))
               // close() is AutoCloseable's: the Parser would rename it to keep Pointer's.
               .put(new Info("mymodule::Resource::close").javaText(
                        "/** Releases what the object holds; a second call does nothing. Thread-safe.\n"
                      + " *  @throws IllegalStateException if a call is using the object (it stays open then) */\n"
                      + "@Override public void close() {\n"
                      + "    closeNative();\n"
                      + "    retire();\n"
                      + "}\n"
                      + "@Name(\"close\") private native void closeNative();\n"))
               .put(new Info("mymodule::ProgressListener").virtualize().skipDefaults())
               // Native operations call onProgress through dispatchProgress, which keeps a Throwable it
               // throws for the binding to rethrow (Progress.takeFailure) and returns false to cancel.
               .put(new Info("mymodule::ProgressListener::onProgress").javaText(
                        "/** Called after each piece of work, on the thread that called the operation, one call at a time.\n"
                      + " *  @param done units of work finished so far, increasing from call to call\n"
                      + " *  @param total units of work in the whole operation\n"
                      + " *  @return true to go on, false to cancel: the operation throws CancellationException; an\n"
                      + " *          exception thrown here cancels it too, and reaches its caller as the same object */\n"
                      + "@Virtual(method = \"dispatchProgress\") public native @Cast(\"bool\") boolean onProgress(long done, long total);\n"
                      + "private boolean dispatchProgress(long done, long total) {\n"
                      + "    try {\n"
                      + "        return onProgress(done, total);\n"
                      + "    } catch (Throwable t) {\n"
                      + "        Progress.fail(t);\n"
                      + "        return false;\n"
                      + "    }\n"
                      + "}\n"))
               .put(lendsArrays("mymodule::sum(mymodule::Span<const float>)",
                        "public static native double sum(@ByVal @Cast(\"const float*\") @Span FloatPointer values);"))
               .put(lendsArrays("mymodule::sum(mymodule::Span<const double>)",
                        "public static native double sum(@ByVal @Cast(\"const double*\") @Span DoublePointer values);"))
               .put(lendsArrays("mymodule::sumFast(mymodule::Span<const float>)",
                        "public static native double sumFast(@ByVal @Cast(\"const float*\") @Span FloatPointer values);"))
               .put(lendsArrays("mymodule::dot(mymodule::Span<const float>, mymodule::Span<const float>)",
                        "public static native double dot(@ByVal @Cast(\"const float*\") @Span FloatPointer x, @ByVal @Cast(\"const float*\") @Span FloatPointer y);"))
               .put(lendsArrays("mymodule::dot(mymodule::Span<const double>, mymodule::Span<const double>)",
                        "public static native double dot(@ByVal @Cast(\"const double*\") @Span DoublePointer x, @ByVal @Cast(\"const double*\") @Span DoublePointer y);"))
               .put(lendsArrays("mymodule::dotFast(mymodule::Span<const float>, mymodule::Span<const float>)",
                        "public static native double dotFast(@ByVal @Cast(\"const float*\") @Span FloatPointer x, @ByVal @Cast(\"const float*\") @Span FloatPointer y);"))
               .put(lendsArrays("mymodule::moments(mymodule::Span<const float>, int)",
                        "public static native @ByVal Moments moments(@ByVal @Cast(\"const float*\") @Span FloatPointer values, int ddof);"))
               .put(lendsArrays("mymodule::moments(mymodule::Span<const double>, int)",
                        "public static native @ByVal Moments moments(@ByVal @Cast(\"const double*\") @Span DoublePointer values, int ddof);"))
               .put(lendsArrays("mymodule::moments(mymodule::Span<const float>, int, mymodule::Moments*)",
                        "public static native void moments(@ByVal @Cast(\"const float*\") @Span FloatPointer values, int ddof, Moments out);"))
               .put(lendsArrays("mymodule::moments(mymodule::Span<const double>, int, mymodule::Moments*)",
                        "public static native void moments(@ByVal @Cast(\"const double*\") @Span DoublePointer values, int ddof, Moments out);"))
               .put(lendsArrays("mymodule::quantile(mymodule::Span<const float>, double)",
                        "public static native double quantile(@ByVal @Cast(\"const float*\") @Span FloatPointer values, double q);"))
               .put(lendsArrays("mymodule::quantile(mymodule::Span<const double>, double)",
                        "public static native double quantile(@ByVal @Cast(\"const double*\") @Span DoublePointer values, double q);"))
               .put(lendsArrays("mymodule::quantiles(mymodule::Span<const float>, mymodule::Span<const double>, mymodule::Span<double>)",
                        "public static native void quantiles(@ByVal @Cast(\"const float*\") @Span FloatPointer values, @ByVal @Cast(\"const double*\") @Span DoublePointer qs, @ByVal @Cast(\"double*\") @Span DoublePointer out);"))
               .put(lendsArrays("mymodule::quantiles(mymodule::Span<const double>, mymodule::Span<const double>, mymodule::Span<double>)",
                        "public static native void quantiles(@ByVal @Cast(\"const double*\") @Span DoublePointer values, @ByVal @Cast(\"const double*\") @Span DoublePointer qs, @ByVal @Cast(\"double*\") @Span DoublePointer out);"))
               .put(lendsArrays("mymodule::histogram(mymodule::Span<const float>, double, double, mymodule::Span<long long>)",
                        "public static native @ByVal HistogramOutliers histogram(@ByVal @Cast(\"const float*\") @Span FloatPointer values, double lo, double hi, @ByVal @Cast(\"long long*\") @Span LongPointer counts);"))
               .put(lendsArrays("mymodule::histogram(mymodule::Span<const double>, double, double, mymodule::Span<long long>)",
                        "public static native @ByVal HistogramOutliers histogram(@ByVal @Cast(\"const double*\") @Span DoublePointer values, double lo, double hi, @ByVal @Cast(\"long long*\") @Span LongPointer counts);"))
               .put(lendsArrays("mymodule::RunningStats::add(mymodule::Span<const float>)",
                        "public native void add(@ByVal @Cast(\"const float*\") @Span FloatPointer values);"))
               .put(lendsArrays("mymodule::KMeans::getCentroids(mymodule::Span<float>)",
                        "public native void getCentroids(@ByVal @Cast(\"float*\") @Span FloatPointer out);"))
               .put(lendsArrays("mymodule::KMeans::getInitialCentroids(mymodule::Span<float>)",
                        "public native void getInitialCentroids(@ByVal @Cast(\"float*\") @Span FloatPointer out);"))
               .put(lendsArrays("mymodule::KMeans::getLabels(mymodule::Span<int>)",
                        "public native void getLabels(@ByVal @Cast(\"int*\") @Span IntPointer out);"))
               .put(lendsArrays("mymodule::KMeans::predict(mymodule::Span<const float>, long long, mymodule::Span<int>)",
                        "public native void predict(@ByVal @Cast(\"const float*\") @Span FloatPointer points, long m, @ByVal @Cast(\"int*\") @Span IntPointer labelsOut);"))
               .put(lendsArrays("mymodule::NBody::positions(mymodule::Span<const float>)",
                        "public native @ByRef NBody positions(@ByVal @Cast(\"const float*\") @Span FloatPointer xyz);"))
               .put(lendsArrays("mymodule::NBody::velocities(mymodule::Span<const float>)",
                        "public native @ByRef NBody velocities(@ByVal @Cast(\"const float*\") @Span FloatPointer vxyz);"))
               .put(lendsArrays("mymodule::NBody::masses(mymodule::Span<const float>)",
                        "public native @ByRef NBody masses(@ByVal @Cast(\"const float*\") @Span FloatPointer m);"))
               .put(lendsArrays("mymodule::NBody::getMomentum(mymodule::Span<double>)",
                        "public native void getMomentum(@ByVal @Cast(\"double*\") @Span DoublePointer out);"))
               .put(lendsArrays("mymodule::NBody::getCenterOfMass(mymodule::Span<double>)",
                        "public native void getCenterOfMass(@ByVal @Cast(\"double*\") @Span DoublePointer out);"))
               .put(lendsArrays("mymodule::NBody::getPositions(mymodule::Span<float>)",
                        "public native void getPositions(@ByVal @Cast(\"float*\") @Span FloatPointer xyz);"))
               .put(lendsArrays("mymodule::NBody::getVelocities(mymodule::Span<float>)",
                        "public native void getVelocities(@ByVal @Cast(\"float*\") @Span FloatPointer vxyz);"))
               .put(lendsArrays("mymodule::accumulateClusters(mymodule::Span<const float>, long long, int, mymodule::Span<const float>, int, mymodule::Span<double>, mymodule::Span<long long>)",
                        "public static native double accumulateClusters(@ByVal @Cast(\"const float*\") @Span FloatPointer points, long m, int d, @ByVal @Cast(\"const float*\") @Span FloatPointer centroids, int k, @ByVal @Cast(\"double*\") @Span DoublePointer sums, @ByVal @Cast(\"long long*\") @Span LongPointer counts);"))
               .put(lendsArrays("mymodule::assignClusters(mymodule::Span<const float>, long long, int, mymodule::Span<const float>, int, mymodule::Span<int>)",
                        "public static native double assignClusters(@ByVal @Cast(\"const float*\") @Span FloatPointer points, long m, int d, @ByVal @Cast(\"const float*\") @Span FloatPointer centroids, int k, @ByVal @Cast(\"int*\") @Span IntPointer labelsOut);"))
               .put(lendsArrays("mymodule::toGray(mymodule::ChannelOrder, mymodule::Span<const unsigned char>, int, int, int, int, mymodule::Span<unsigned char>, int, int)",
                        "public static native void toGray(ChannelOrder order, @ByVal @Cast(\"const unsigned char*\") @Span BytePointer src, int width, int height, int srcStride, int channels, @ByVal @Cast(\"unsigned char*\") @Span BytePointer dst, int dstStride, int threads);"))
               .put(lendsArrays("mymodule::gaussianBlur(mymodule::Border, mymodule::Span<const unsigned char>, int, int, int, int, double, mymodule::Span<unsigned char>, int, int)",
                        "public static native void gaussianBlur(Border border, @ByVal @Cast(\"const unsigned char*\") @Span BytePointer src, int width, int height, int srcStride, int channels, double sigma, @ByVal @Cast(\"unsigned char*\") @Span BytePointer dst, int dstStride, int threads);"))
               .put(lendsArrays("mymodule::sobel(mymodule::Border, mymodule::Span<const unsigned char>, int, int, int, int, mymodule::Span<short>, mymodule::Span<short>, int, int)",
                        "public static native void sobel(Border border, @ByVal @Cast(\"const unsigned char*\") @Span BytePointer src, int width, int height, int srcStride, int channels, @ByVal @Span ShortPointer dx, @ByVal @Span ShortPointer dy, int dstStride, int threads);"))
               .put(lendsArrays("mymodule::sobelMagnitude(mymodule::Border, mymodule::Span<const unsigned char>, int, int, int, int, mymodule::Span<unsigned char>, int, int)",
                        "public static native void sobelMagnitude(Border border, @ByVal @Cast(\"const unsigned char*\") @Span BytePointer src, int width, int height, int srcStride, int channels, @ByVal @Cast(\"unsigned char*\") @Span BytePointer dst, int dstStride, int threads);"))
               .put(lendsArrays("mymodule::sobelMagnitude(mymodule::Border, mymodule::Span<const unsigned char>, int, int, int, int, mymodule::Span<float>, int, int)",
                        "public static native void sobelMagnitude(Border border, @ByVal @Cast(\"const unsigned char*\") @Span BytePointer src, int width, int height, int srcStride, int channels, @ByVal @Cast(\"float*\") @Span FloatPointer dst, int dstStride, int threads);"))
               .put(lendsArrays("mymodule::resize(mymodule::Interpolation, mymodule::Span<const unsigned char>, int, int, int, int, mymodule::Span<unsigned char>, int, int, int, int)",
                        "public static native void resize(Interpolation interpolation, @ByVal @Cast(\"const unsigned char*\") @Span BytePointer src, int srcWidth, int srcHeight, int srcStride, int channels, @ByVal @Cast(\"unsigned char*\") @Span BytePointer dst, int dstWidth, int dstHeight, int dstStride, int threads);"))
               .put(new Info("mymodule::RunningStats", "mymodule::KMeans", "mymodule::NBody",
                             "mymodule::Moments", "mymodule::HistogramOutliers").skipDefaults())
               // Views share memory with the object that made them; the Pointer holds it until closed.
               .put(new Info("mymodule::View<const float>").valueTypes("@ByVal @Cast(\"const float*\") @View FloatPointer"));
    }
}
