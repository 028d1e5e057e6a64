package org.mymodule.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.mymodule.Moments;
import org.mymodule.reference.JavaStats;
import org.mymodule.reference.VectorStats;
import org.mymodule.global.mymodule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The vector statistics of stats.h: {@code sum}, {@code dot} and {@code moments} of n floats (and
 * {@code sum} of n doubles, the compensated TwoSum path) through a Pointer, against two pure-Java
 * versions each: the plain loop a Java programmer writes, and the native kernel's own algorithm in
 * Java; and against the hand-written Vector API kernels of {@link VectorStats} in both accuracy
 * classes ({@code *_vectorAccurate}: the native kernel's algorithm, {@code *_vectorPlain}: float lanes
 * for float input, no compensation). {@code triad_java} is the STREAM triad (a = b + s * c over three double arrays of 2e7
 * elements, 24 bytes per element), measured in the same run so that summarize.py can state which
 * fraction of the memory bandwidth the n = 6.4e7 kernels reach.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StatsBenchmark {
    /** Elements per block of float partial sums, as kBlock in src/main/cpp/src/stats_simd.cpp. */
    static final int BLOCK = 4096;

    @State(Scope.Thread)
    public static class Data {
        @Param({"1000", "64000", "4000000", "64000000"})
        int n;

        float[] x, y;                // heap copies for the Java loops
        double[] xd;
        FloatPointer px, py;         // native memory for the kernels (zero copy)
        DoublePointer pxd;
        Moments moments;             // reused by moments_native
        double[] out = new double[4];  // VectorStats.moments* write {mean, variance, min, max} here

        @Setup
        public void setUp() {
            Random random = new Random(42);
            x = new float[n];
            y = new float[n];
            xd = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = 1000 + random.nextFloat();
                y[i] = random.nextFloat() - 0.5f;
                xd[i] = 1e9 + random.nextDouble();
            }
            px = new FloatPointer(x);
            py = new FloatPointer(y);
            pxd = new DoublePointer(xd);
            moments = new Moments();
            // Every Java version computes what the kernel computes: the same algorithm to 1e-12, the plain loop to 1e-6.
            check("sum", mymodule.sum(px), sumBlocked(x), JavaStats.sum(x));
            check("sumDouble", mymodule.sum(pxd), sumTwoSum(xd), JavaStats.sum(xd));
            check("dot", mymodule.dot(px, py), dotBlocked(x, y), JavaStats.dot(x, y));
            // The Vector API kernels: the accurate class to 1e-12 of the native result, the plain class (float lanes)
            // within its own first-order bound, (n / 16 + 8) float roundings of the sum of magnitudes: on this input it
            // is off by 1% at n = 6.4e7, where the fast native kernels stay within 2^-20 (checked below).
            double absX = 0, absXY = 0;
            for (int i = 0; i < n; i++) {
                absX += Math.abs(x[i]);
                absXY += Math.abs((double) x[i] * y[i]);
            }
            double floatLanes = (n / 16.0 + 8) * 0x1.0p-24;
            double sum = mymodule.sum(px), dot = mymodule.dot(px, py), sumDouble = mymodule.sum(pxd);
            check("sum (Vector API)", sum, VectorStats.sumAccurate(x), VectorStats.sumPlain(x), floatLanes * absX);
            check("sumDouble (Vector API)", sumDouble, VectorStats.sumAccurate(xd), VectorStats.sumPlain(xd), 1e-9 * sumDouble);
            check("dot (Vector API)", dot, VectorStats.dotAccurate(x, y), VectorStats.dotPlain(x, y), floatLanes * absXY);
            // The primitive-argument binding: the same kernels (to the bit), and the fast float ones within their bound.
            if (RawStats.sum(px) != sum || RawStats.dot(px, py) != dot) {
                throw new IllegalStateException("RawStats differs from the generated binding: " + RawStats.sum(px) + ", " + RawStats.dot(px, py));
            }
            if (!(Math.abs(RawStats.sumFast(px) - sum) <= 0x1.0p-20 * absX) || !(Math.abs(RawStats.dotFast(px, py) - dot) <= 0x1.0p-20 * absXY)) {
                throw new IllegalStateException("fast float kernels outside 2^-20 of the magnitudes: " + RawStats.sumFast(px) + " vs " + sum
                        + ", " + RawStats.dotFast(px, py) + " vs " + dot);
            }
            try (Moments m = mymodule.moments(px, 1)) {
                check("moments", m.variance(), momentsBlocked(x)[1], JavaStats.moments(x)[1]);
                VectorStats.momentsAccurate(x, 1, out);
                double accurate = out[1];
                VectorStats.momentsPlain(x, 1, out);
                // Float lanes keep the variance (1/12 beside a mean of 1000.5) to 1e-3 up to n = 64,000; beyond, the
                // float mean is off by units and the variance cancels away: only a finite result is required there.
                check("moments (Vector API)", m.variance(), accurate, n <= 64_000 || !Double.isFinite(out[1]) ? out[1] : m.variance(),
                        1e-3 * m.variance());
            }
        }

        @TearDown
        public void tearDown() {
            px.close();
            py.close();
            pxd.close();
            moments.close();
        }
    }

    static void check(String what, double nativeResult, double sameAlgorithm, double plain) {
        check(what, nativeResult, sameAlgorithm, plain, 1e-6 * Math.abs(nativeResult));
    }

    /** sameAlgorithm within 1e-12 relative of the native result, plain within plainTolerance (absolute). */
    static void check(String what, double nativeResult, double sameAlgorithm, double plain, double plainTolerance) {
        if (!(Math.abs(sameAlgorithm - nativeResult) <= 1e-12 * Math.abs(nativeResult))
                || !(Math.abs(plain - nativeResult) <= plainTolerance)) {
            throw new IllegalStateException(what + ": native " + nativeResult + ", Java " + sameAlgorithm + ", plain Java " + plain);
        }
    }

    // ---- sum ----

    @Benchmark public double sum_native(Data d) { return mymodule.sum(d.px); }
    /** The same kernel on the Java array, lent to C++ in place: to be compared with sum_native. */
    @Benchmark public double sum_array(Data d) { return mymodule.sum(d.x); }
    @Benchmark public double sum_javaPlain(Data d) { return JavaStats.sum(d.x); }
    @Benchmark public double sum_javaSameAlgorithm(Data d) { return sumBlocked(d.x); }
    @Benchmark public double sum_vectorAccurate(Data d) { return VectorStats.sumAccurate(d.x); }
    @Benchmark public double sum_vectorPlain(Data d) { return VectorStats.sumPlain(d.x); }
    /** The same kernel as sum_native through a binding with primitive arguments (RawStats): the per-call cost of the Span adapter. */
    @Benchmark public double sum_raw(Data d) { return RawStats.sum(d.px); }
    /** The fast float kernel (float lanes, error <= 2^-20 sum |x|), the plain class, through RawStats. */
    @Benchmark public double sum_rawFast(Data d) { return RawStats.sumFast(d.px); }

    @Benchmark public double sumDouble_native(Data d) { return mymodule.sum(d.pxd); }
    @Benchmark public double sumDouble_array(Data d) { return mymodule.sum(d.xd); }
    @Benchmark public double sumDouble_javaPlain(Data d) { return JavaStats.sum(d.xd); }
    @Benchmark public double sumDouble_javaSameAlgorithm(Data d) { return sumTwoSum(d.xd); }
    @Benchmark public double sumDouble_vectorAccurate(Data d) { return VectorStats.sumAccurate(d.xd); }
    @Benchmark public double sumDouble_vectorPlain(Data d) { return VectorStats.sumPlain(d.xd); }

    // ---- dot ----

    @Benchmark public double dot_native(Data d) { return mymodule.dot(d.px, d.py); }
    @Benchmark public double dot_array(Data d) { return mymodule.dot(d.x, d.y); }
    @Benchmark public double dot_javaPlain(Data d) { return JavaStats.dot(d.x, d.y); }
    @Benchmark public double dot_javaSameAlgorithm(Data d) { return dotBlocked(d.x, d.y); }
    @Benchmark public double dot_vectorAccurate(Data d) { return VectorStats.dotAccurate(d.x, d.y); }
    @Benchmark public double dot_vectorPlain(Data d) { return VectorStats.dotPlain(d.x, d.y); }
    @Benchmark public double dot_raw(Data d) { return RawStats.dot(d.px, d.py); }
    @Benchmark public double dot_rawFast(Data d) { return RawStats.dotFast(d.px, d.py); }

    // ---- moments (the variance is returned, so the whole computation is consumed) ----

    /** Into one Moments reused for every call, the way to call it on many small vectors. */
    @Benchmark public double moments_native(Data d) {
        mymodule.moments(d.px, 1, d.moments);
        return d.moments.variance() + d.moments.min() + d.moments.max();
    }
    /** The struct returned by value: each call allocates and frees a Moments (JavaCPP's accounting included). */
    @Benchmark public double moments_nativeByValue(Data d) {
        try (Moments m = mymodule.moments(d.px, 1)) {
            return m.variance() + m.min() + m.max();
        }
    }
    @Benchmark public double moments_array(Data d) {
        mymodule.moments(d.x, 1, d.moments);
        return d.moments.variance() + d.moments.min() + d.moments.max();
    }
    @Benchmark public double moments_javaPlain(Data d) { return JavaStats.moments(d.x)[1]; }
    @Benchmark public double moments_javaSameAlgorithm(Data d) { return momentsBlocked(d.x)[1]; }
    @Benchmark public double moments_vectorAccurate(Data d) {
        VectorStats.momentsAccurate(d.x, 1, d.out);
        return d.out[1] + d.out[2] + d.out[3];
    }
    @Benchmark public double moments_vectorPlain(Data d) {
        VectorStats.momentsPlain(d.x, 1, d.out);
        return d.out[1] + d.out[2] + d.out[3];
    }

    // ---- STREAM triad ----

    @State(Scope.Thread)
    public static class Triad {
        static final int N = 20_000_000;  // 160 MB per array, far beyond the last-level cache
        double[] a = new double[N], b = new double[N], c = new double[N];

        @Setup
        public void setUp() {
            for (int i = 0; i < N; i++) {
                b[i] = i;
                c[i] = 2.0 * i;
            }
        }
    }

    /** a = b + 3 c; C2 vectorises it, so it runs at memory speed. 24 bytes per element, as STREAM counts. */
    @Benchmark public double triad_java(Triad t) {
        double[] a = t.a, b = t.b, c = t.c;
        for (int i = 0; i < a.length; i++) {
            a[i] = b[i] + 3.0 * c[i];
        }
        return a[a.length - 1];
    }

    // ---- the kernel's own algorithms in Java (the plain loops are JavaStats's, shared with the demo) ----

    /** Neumaier's compensated addition of x to {s, c}. */
    static void neumaier(double[] sc, double x) {
        double s = sc[0], t = s + x;
        sc[1] += Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s;
        sc[0] = t;
    }

    /** The kernel's float algorithm: plain double partial sums in blocks of BLOCK, blocks joined by Neumaier. */
    static double sumBlocked(float[] x) {
        double[] total = new double[2];
        for (int begin = 0; begin < x.length; begin += BLOCK) {
            int end = Math.min(x.length, begin + BLOCK), i = begin;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (; i + 4 <= end; i += 4) {
                s0 += x[i];
                s1 += x[i + 1];
                s2 += x[i + 2];
                s3 += x[i + 3];
            }
            for (; i < end; i++) s0 += x[i];
            neumaier(total, (s0 + s1) + (s2 + s3));
        }
        return total[0] + total[1];
    }

    static double dotBlocked(float[] x, float[] y) {
        double[] total = new double[2];
        for (int begin = 0; begin < x.length; begin += BLOCK) {
            int end = Math.min(x.length, begin + BLOCK), i = begin;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (; i + 4 <= end; i += 4) {
                s0 += (double) x[i] * y[i];
                s1 += (double) x[i + 1] * y[i + 1];
                s2 += (double) x[i + 2] * y[i + 2];
                s3 += (double) x[i + 3] * y[i + 3];
            }
            for (; i < end; i++) s0 += (double) x[i] * y[i];
            neumaier(total, (s0 + s1) + (s2 + s3));
        }
        return total[0] + total[1];
    }

    /** The kernel's two passes for float input: {mean, sample variance, min, max}. */
    static double[] momentsBlocked(float[] x) {
        int n = x.length;
        double[] total = new double[2];
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int begin = 0; begin < n; begin += BLOCK) {
            int end = Math.min(n, begin + BLOCK);
            double s0 = 0, s1 = 0;
            int i = begin;
            for (; i + 2 <= end; i += 2) {
                double a = x[i], b = x[i + 1];
                s0 += a;
                s1 += b;
                min = a < min ? a : min;
                max = a > max ? a : max;
                min = b < min ? b : min;
                max = b > max ? b : max;
            }
            for (; i < end; i++) {
                s0 += x[i];
                min = x[i] < min ? x[i] : min;
                max = x[i] > max ? x[i] : max;
            }
            neumaier(total, s0 + s1);
        }
        double mean = Math.min(Math.max((total[0] + total[1]) / n, min), max);
        double[] sumD = new double[2], sumD2 = new double[2];
        for (int begin = 0; begin < n; begin += BLOCK) {
            int end = Math.min(n, begin + BLOCK);
            double d1 = 0, q0 = 0, q1 = 0;
            int i = begin;
            for (; i + 2 <= end; i += 2) {
                double a = x[i] - mean, b = x[i + 1] - mean;
                d1 += a + b;
                q0 += a * a;
                q1 += b * b;
            }
            for (; i < end; i++) {
                double a = x[i] - mean;
                d1 += a;
                q0 += a * a;
            }
            neumaier(sumD, d1);
            neumaier(sumD2, q0 + q1);
        }
        double d = sumD[0] + sumD[1];
        double squares = sumD2[0] + sumD2[1] - d * d / n;
        return new double[] {mean, Math.max(squares, 0) / (n - 1), min, max};
    }

    /** The kernel's double algorithm: TwoSum in 4 independent accumulators, joined by Neumaier. */
    static double sumTwoSum(double[] x) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        int i = 0;
        for (; i + 4 <= x.length; i += 4) {
            double t, z;
            t = s0 + x[i];     z = t - s0; c0 += (s0 - (t - z)) + (x[i] - z);     s0 = t;
            t = s1 + x[i + 1]; z = t - s1; c1 += (s1 - (t - z)) + (x[i + 1] - z); s1 = t;
            t = s2 + x[i + 2]; z = t - s2; c2 += (s2 - (t - z)) + (x[i + 2] - z); s2 = t;
            t = s3 + x[i + 3]; z = t - s3; c3 += (s3 - (t - z)) + (x[i + 3] - z); s3 = t;
        }
        double[] total = {0, c0 + c1 + c2 + c3};
        neumaier(total, s0);
        neumaier(total, s1);
        neumaier(total, s2);
        neumaier(total, s3);
        for (; i < x.length; i++) neumaier(total, x[i]);
        return total[0] + total[1];
    }
}
