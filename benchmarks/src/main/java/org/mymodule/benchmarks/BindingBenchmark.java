package org.mymodule.benchmarks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.mymodule.Buffers;
import org.mymodule.KMeans;
import org.mymodule.RunningStats;
import org.mymodule.global.mymodule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the binding costs from Java: a call ({@code add} of core.h) and handing over n floats
 * ({@code sum} of stats.h), each against a baseline. Results come back as return values, which JMH
 * consumes, so nothing is optimised away.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class BindingBenchmark {
    // Fields, not constants, so the JIT cannot fold a + b.
    int a = 3;
    int b = 4;

    /** Generated binding: the call sits in a try/catch that turns std::overflow_error into ArithmeticException. */
    @Benchmark
    public int add_checked() {
        return mymodule.add(a, b);
    }

    /** The same C++ function with no try/catch: the hand-written JNI equivalent. */
    @Benchmark
    public int add_noException() {
        return RawAdd.add(a, b);
    }

    /** No native call at all: the cost of the benchmark harness itself. */
    @Benchmark
    public int add_java() {
        return a + b;
    }

    /** One open RunningStats and a small KMeans problem, for the price of the use guard. */
    @State(Scope.Thread)
    public static class Objects {
        RunningStats stats;
        KMeans kmeans;
        float[] points;

        @Setup public void setUp() {
            stats = new RunningStats();
            stats.add(new float[] {1, 2, 3});
            kmeans = new KMeans(4);
            kmeans.maxIterations(5).tolerance(0);
            points = new float[256 * 2];
            Random random = new Random(5);
            for (int i = 0; i < points.length; i++) {
                points[i] = random.nextFloat();
            }
        }

        @TearDown public void tearDown() {
            stats.close();
            kmeans.close();
        }
    }

    /** A reading call: its use guard (two atomic additions) plus the exception frame. */
    @Benchmark
    public long guard_count(Objects o) {
        return o.stats.count();
    }

    /** The same shape of call (instance, no argument, one primitive back) with neither: Resource.closed(). */
    @Benchmark
    public boolean guard_none(Objects o) {
        return o.stats.closed();
    }

    /** A changing call on small data (256 points, 5 iterations): the guard is one compare-and-swap in it. */
    @Benchmark
    public void guard_kmeansFit(Objects o) {
        o.kmeans.fit(o.points, 256, 2);
    }

    /** n random floats in every form the binding accepts, with the same values in each. */
    @State(Scope.Thread)
    public static class Floats {
        @Param({"1000", "1000000"})
        int n;

        float[] array;              // heap: pinned for the call, read in place (mymodule_jni.h lend)
        FloatBuffer buffer;         // direct: its memory is what C++ reads
        FloatPointer bufferPointer; // buffer wrapped once, reused
        FloatPointer pointer;       // native memory JavaCPP allocated

        @Setup
        public void setUp() {
            array = new float[n];
            Random random = new Random(42);
            for (int i = 0; i < n; i++) {
                array[i] = random.nextFloat();
            }
            buffer = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
            buffer.put(array).flip();
            bufferPointer = Buffers.pointer(buffer);
            pointer = new FloatPointer(array);

            // Every native path runs the same kernel on the same values: the same double, bit for bit.
            // The Java loop adds in another order than the SIMD kernels, so it only agrees closely.
            double expected = mymodule.sum(array);
            for (double result : new double[] {mymodule.sum(bufferPointer), mymodule.sum(pointer)}) {
                if (result != expected) {
                    throw new IllegalStateException("sum differs between paths: " + result + " != " + expected);
                }
            }
            if (Math.abs(javaSum(array) - expected) > 1e-9 * expected) {
                throw new IllegalStateException("Java sum " + javaSum(array) + " != " + expected);
            }
        }

        @TearDown
        public void tearDown() {
            bufferPointer.close();
            pointer.close();
        }
    }

    @Benchmark
    public double sum_floatArray(Floats s) {
        return mymodule.sum(s.array);
    }

    @Benchmark
    public double sum_floatPointer(Floats s) {
        return mymodule.sum(s.pointer);
    }

    @Benchmark
    public double sum_bufferWrappedOnce(Floats s) {
        return mymodule.sum(s.bufferPointer);
    }

    /** The pattern for a buffer that arrives with each call: wrap (no copy), sum, close. */
    @Benchmark
    public double sum_bufferWrappedPerCall(Floats s) {
        try (FloatPointer p = Buffers.pointer(s.buffer)) {
            return mymodule.sum(p);
        }
    }

    @Benchmark
    public double sum_java(Floats s) {
        return javaSum(s.array);
    }

    /** sumF32Baseline of src/main/cpp/src/stats_simd.cpp (the portable kernel) in Java: four double accumulators. */
    static double javaSum(float[] x) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int n = x.length;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
        }
        for (; i < n; ++i) {
            s0 += x[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
