package org.mymodule.reference;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sum, dot product and moments written by hand with the JDK's Vector API ({@code jdk.incubator.vector},
 * run with {@code --add-modules jdk.incubator.vector}): the best Java we know how to write, which the
 * benchmarks and the demo time mymodule against. Each kernel comes in two accuracy classes, so that
 * every comparison is like against like:
 * <ul>
 * <li><b>plain</b>: the fastest loop: float input in float lanes, double input in double lanes, four
 *     vector accumulators, no compensation (error grows with n / lanes, in the input's precision);</li>
 * <li><b>accurate</b>: mymodule's own algorithms (stats.h): float input converted exactly to double lanes,
 *     blocks of {@value #BLOCK} elements joined by Neumaier's compensated sum; double input with TwoSum in
 *     every lane (and the FMA product error for dot: Ogita-Rump-Oishi Dot2), lanes joined by Neumaier.</li>
 * </ul>
 * Moments return {mean, variance (divided by n - ddof), min, max} into a caller's array, no allocation.
 */
public final class VectorStats {
    private VectorStats() {}

    /** Elements of float input summed in plain double lanes before joining the compensated total (kBlock in stats_simd.cpp). */
    public static final int BLOCK = 4096;

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Floats that convert to one vector of D: half its width. */
    private static final VectorSpecies<Float> FD = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

    private static DoubleVector widen(float[] x, int i) {
        return (DoubleVector) FloatVector.fromArray(FD, x, i).convertShape(VectorOperators.F2D, D, 0);
    }

    // Neumaier's compensated sums live in two locals (sum ts, compensation tc), updated as
    //   t = ts + x; tc += error(ts, x, t); ts = t;
    // (no array: nothing the JIT might have to allocate in a call on 1,000 elements).

    /** The rounding error of s + x = t, exactly (Neumaier: the larger operand first). */
    private static double error(double s, double x, double t) {
        return Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s;
    }

    /** The compensated total; a non-finite plain sum (overflow, inf, NaN) as it is. */
    private static double result(double s, double c) {
        return Double.isFinite(s) ? s + c : s;
    }

    // ---- sum ----

    /** Float lanes, four accumulators. */
    public static double sumPlain(float[] x) {
        int n = x.length, w = F.length(), i = 0;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (; i + 4 * w <= n; i += 4 * w) {
            a0 = a0.add(FloatVector.fromArray(F, x, i));
            a1 = a1.add(FloatVector.fromArray(F, x, i + w));
            a2 = a2.add(FloatVector.fromArray(F, x, i + 2 * w));
            a3 = a3.add(FloatVector.fromArray(F, x, i + 3 * w));
        }
        float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += x[i];
        return s;
    }

    /** Exact double lanes in blocks of BLOCK, blocks joined by Neumaier: mymodule's sum(float). */
    public static double sumAccurate(float[] x) {
        int n = x.length, w = D.length();
        double ts = 0, tc = 0;
        for (int begin = 0; begin < n; begin += BLOCK) {
            int end = Math.min(n, begin + BLOCK), i = begin;
            DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
            for (; i + 4 * w <= end; i += 4 * w) {
                a0 = a0.add(widen(x, i));
                a1 = a1.add(widen(x, i + w));
                a2 = a2.add(widen(x, i + 2 * w));
                a3 = a3.add(widen(x, i + 3 * w));
            }
            double s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
            for (; i < end; i++) s += x[i];
            double t = ts + s;
            tc += error(ts, s, t);
            ts = t;
        }
        return result(ts, tc);
    }

    /** Double lanes, four accumulators. */
    public static double sumPlain(double[] x) {
        int n = x.length, w = D.length(), i = 0;
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
        for (; i + 4 * w <= n; i += 4 * w) {
            a0 = a0.add(DoubleVector.fromArray(D, x, i));
            a1 = a1.add(DoubleVector.fromArray(D, x, i + w));
            a2 = a2.add(DoubleVector.fromArray(D, x, i + 2 * w));
            a3 = a3.add(DoubleVector.fromArray(D, x, i + 3 * w));
        }
        double s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += x[i];
        return s;
    }

    /** TwoSum in every lane of two accumulators, lanes joined by Neumaier: mymodule's sum(double). */
    public static double sumAccurate(double[] x) {
        int n = x.length, w = D.length(), i = 0;
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0, c0 = s0, c1 = s0;
        for (; i + 2 * w <= n; i += 2 * w) {
            DoubleVector v0 = DoubleVector.fromArray(D, x, i), v1 = DoubleVector.fromArray(D, x, i + w);
            DoubleVector t0 = s0.add(v0), t1 = s1.add(v1);
            DoubleVector z0 = t0.sub(s0), z1 = t1.sub(s1);
            c0 = c0.add(s0.sub(t0.sub(z0)).add(v0.sub(z0)));
            c1 = c1.add(s1.sub(t1.sub(z1)).add(v1.sub(z1)));
            s0 = t0;
            s1 = t1;
        }
        double ts = 0, tc = c0.add(c1).reduceLanes(VectorOperators.ADD);
        double[] lanes0 = s0.toArray(), lanes1 = s1.toArray();  // toArray, not lane(l): lane() is slow on JDK 17
        for (int l = 0; l < w; l++) {
            double u = lanes0[l], v = lanes1[l], t = ts + u;
            tc += error(ts, u, t);
            ts = t + v;
            tc += error(t, v, ts);
        }
        for (; i < n; i++) {
            double t = ts + x[i];
            tc += error(ts, x[i], t);
            ts = t;
        }
        return result(ts, tc);
    }

    // ---- dot ----

    /** Float lanes, four FMA accumulators. */
    public static double dotPlain(float[] x, float[] y) {
        int n = x.length, w = F.length(), i = 0;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (; i + 4 * w <= n; i += 4 * w) {
            a0 = FloatVector.fromArray(F, x, i).fma(FloatVector.fromArray(F, y, i), a0);
            a1 = FloatVector.fromArray(F, x, i + w).fma(FloatVector.fromArray(F, y, i + w), a1);
            a2 = FloatVector.fromArray(F, x, i + 2 * w).fma(FloatVector.fromArray(F, y, i + 2 * w), a2);
            a3 = FloatVector.fromArray(F, x, i + 3 * w).fma(FloatVector.fromArray(F, y, i + 3 * w), a3);
        }
        float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s = Math.fma(x[i], y[i], s);
        return s;
    }

    /** Exact products in double lanes (one FMA each), blocks of BLOCK joined by Neumaier: mymodule's dot(float). */
    public static double dotAccurate(float[] x, float[] y) {
        int n = x.length, w = D.length();
        double ts = 0, tc = 0;
        for (int begin = 0; begin < n; begin += BLOCK) {
            int end = Math.min(n, begin + BLOCK), i = begin;
            DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
            for (; i + 4 * w <= end; i += 4 * w) {
                a0 = widen(x, i).fma(widen(y, i), a0);
                a1 = widen(x, i + w).fma(widen(y, i + w), a1);
                a2 = widen(x, i + 2 * w).fma(widen(y, i + 2 * w), a2);
                a3 = widen(x, i + 3 * w).fma(widen(y, i + 3 * w), a3);
            }
            double s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
            for (; i < end; i++) s += (double) x[i] * y[i];
            double t = ts + s;
            tc += error(ts, s, t);
            ts = t;
        }
        return result(ts, tc);
    }

    /** Double lanes, four FMA accumulators. */
    public static double dotPlain(double[] x, double[] y) {
        int n = x.length, w = D.length(), i = 0;
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
        for (; i + 4 * w <= n; i += 4 * w) {
            a0 = DoubleVector.fromArray(D, x, i).fma(DoubleVector.fromArray(D, y, i), a0);
            a1 = DoubleVector.fromArray(D, x, i + w).fma(DoubleVector.fromArray(D, y, i + w), a1);
            a2 = DoubleVector.fromArray(D, x, i + 2 * w).fma(DoubleVector.fromArray(D, y, i + 2 * w), a2);
            a3 = DoubleVector.fromArray(D, x, i + 3 * w).fma(DoubleVector.fromArray(D, y, i + 3 * w), a3);
        }
        double s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s = Math.fma(x[i], y[i], s);
        return s;
    }

    /** Dot2: each product's error by FMA, TwoSum accumulation in two accumulators: mymodule's dot(double). */
    public static double dotAccurate(double[] x, double[] y) {
        int n = x.length, w = D.length(), i = 0;
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0, c0 = s0, c1 = s0;
        for (; i + 2 * w <= n; i += 2 * w) {
            DoubleVector a0 = DoubleVector.fromArray(D, x, i), b0 = DoubleVector.fromArray(D, y, i);
            DoubleVector a1 = DoubleVector.fromArray(D, x, i + w), b1 = DoubleVector.fromArray(D, y, i + w);
            DoubleVector p0 = a0.mul(b0), p1 = a1.mul(b1);
            DoubleVector e0 = a0.fma(b0, p0.neg()), e1 = a1.fma(b1, p1.neg());
            DoubleVector t0 = s0.add(p0), t1 = s1.add(p1);
            DoubleVector z0 = t0.sub(s0), z1 = t1.sub(s1);
            c0 = c0.add(s0.sub(t0.sub(z0)).add(p0.sub(z0))).add(e0);
            c1 = c1.add(s1.sub(t1.sub(z1)).add(p1.sub(z1))).add(e1);
            s0 = t0;
            s1 = t1;
        }
        double ts = 0, tc = c0.add(c1).reduceLanes(VectorOperators.ADD);
        double[] lanes0 = s0.toArray(), lanes1 = s1.toArray();  // toArray, not lane(l): lane() is slow on JDK 17
        for (int l = 0; l < w; l++) {
            double u = lanes0[l], v = lanes1[l], t = ts + u;
            tc += error(ts, u, t);
            ts = t + v;
            tc += error(t, v, ts);
        }
        for (; i < n; i++) {
            double p = x[i] * y[i], t = ts + p;
            tc += error(ts, p, t) + Math.fma(x[i], y[i], -p);
            ts = t;
        }
        return result(ts, tc);
    }

    // ---- moments: out = {mean, variance, min, max} ----

    private static void finish(int n, int ddof, double mean, double sumD, double sumD2, double min, double max, double[] out) {
        double squares = sumD2 - sumD * sumD / n;
        out[0] = mean;
        out[1] = n > ddof ? Math.max(squares, 0) / (n - ddof) : Double.NaN;
        out[2] = min;
        out[3] = max;
    }

    /** Two passes in float lanes: sum with min and max, then the sum of (x - mean)^2 by FMA. */
    public static void momentsPlain(float[] x, int ddof, double[] out) {
        int n = x.length, w = F.length(), i = 0;
        FloatVector s0 = FloatVector.zero(F), s1 = s0;
        FloatVector lo = FloatVector.broadcast(F, Float.POSITIVE_INFINITY), hi = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (; i + 2 * w <= n; i += 2 * w) {
            FloatVector v0 = FloatVector.fromArray(F, x, i), v1 = FloatVector.fromArray(F, x, i + w);
            s0 = s0.add(v0);
            s1 = s1.add(v1);
            lo = lo.min(v0).min(v1);
            hi = hi.max(v0).max(v1);
        }
        float s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        float min = lo.reduceLanes(VectorOperators.MIN), max = hi.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            s += x[i];
            min = Math.min(min, x[i]);
            max = Math.max(max, x[i]);
        }
        float mean = s / n;
        FloatVector m = FloatVector.broadcast(F, mean), d0 = FloatVector.zero(F), d1 = d0, q0 = d0, q1 = d0;
        for (i = 0; i + 2 * w <= n; i += 2 * w) {
            FloatVector a = FloatVector.fromArray(F, x, i).sub(m), b = FloatVector.fromArray(F, x, i + w).sub(m);
            d0 = d0.add(a);
            d1 = d1.add(b);
            q0 = a.fma(a, q0);
            q1 = b.fma(b, q1);
        }
        float sumD = d0.add(d1).reduceLanes(VectorOperators.ADD), sumD2 = q0.add(q1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float d = x[i] - mean;
            sumD += d;
            sumD2 = Math.fma(d, d, sumD2);
        }
        finish(n, ddof, mean, sumD, sumD2, min, max, out);
    }

    /** mymodule's moments(float): exact double lanes in blocks joined by Neumaier, both passes. */
    public static void momentsAccurate(float[] x, int ddof, double[] out) {
        int n = x.length, w = D.length();
        double ts = 0, tc = 0;
        DoubleVector lo = DoubleVector.broadcast(D, Double.POSITIVE_INFINITY), hi = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int begin = 0; begin < n; begin += BLOCK) {
            int end = Math.min(n, begin + BLOCK), i = begin;
            DoubleVector s0 = DoubleVector.zero(D), s1 = s0;
            for (; i + 2 * w <= end; i += 2 * w) {
                DoubleVector v0 = widen(x, i), v1 = widen(x, i + w);
                s0 = s0.add(v0);
                s1 = s1.add(v1);
                lo = lo.min(v0).min(v1);
                hi = hi.max(v0).max(v1);
            }
            double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
            for (; i < end; i++) {
                s += x[i];
                min = Math.min(min, x[i]);
                max = Math.max(max, x[i]);
            }
            double t = ts + s;
            tc += error(ts, s, t);
            ts = t;
        }
        min = Math.min(min, lo.reduceLanes(VectorOperators.MIN));
        max = Math.max(max, hi.reduceLanes(VectorOperators.MAX));
        double mean = Math.min(Math.max(result(ts, tc) / n, min), max);
        DoubleVector m = DoubleVector.broadcast(D, mean);
        double ds = 0, dc = 0, qs = 0, qc = 0;
        for (int begin = 0; begin < n; begin += BLOCK) {
            int end = Math.min(n, begin + BLOCK), i = begin;
            DoubleVector d0 = DoubleVector.zero(D), d1 = d0, q0 = d0, q1 = d0;
            for (; i + 2 * w <= end; i += 2 * w) {
                DoubleVector a = widen(x, i).sub(m), b = widen(x, i + w).sub(m);
                d0 = d0.add(a);
                d1 = d1.add(b);
                q0 = a.fma(a, q0);
                q1 = b.fma(b, q1);
            }
            double d = d0.add(d1).reduceLanes(VectorOperators.ADD), q = q0.add(q1).reduceLanes(VectorOperators.ADD);
            for (; i < end; i++) {
                double e = x[i] - mean;
                d += e;
                q += e * e;
            }
            double t = ds + d;
            dc += error(ds, d, t);
            ds = t;
            t = qs + q;
            qc += error(qs, q, t);
            qs = t;
        }
        finish(n, ddof, mean, result(ds, dc), result(qs, qc), min, max, out);
    }

    /** Two passes in double lanes, no compensation. */
    public static void momentsPlain(double[] x, int ddof, double[] out) {
        int n = x.length, w = D.length(), i = 0;
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0;
        DoubleVector lo = DoubleVector.broadcast(D, Double.POSITIVE_INFINITY), hi = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
        for (; i + 2 * w <= n; i += 2 * w) {
            DoubleVector v0 = DoubleVector.fromArray(D, x, i), v1 = DoubleVector.fromArray(D, x, i + w);
            s0 = s0.add(v0);
            s1 = s1.add(v1);
            lo = lo.min(v0).min(v1);
            hi = hi.max(v0).max(v1);
        }
        double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        double min = lo.reduceLanes(VectorOperators.MIN), max = hi.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            s += x[i];
            min = Math.min(min, x[i]);
            max = Math.max(max, x[i]);
        }
        double mean = s / n;
        DoubleVector m = DoubleVector.broadcast(D, mean), d0 = DoubleVector.zero(D), d1 = d0, q0 = d0, q1 = d0;
        for (i = 0; i + 2 * w <= n; i += 2 * w) {
            DoubleVector a = DoubleVector.fromArray(D, x, i).sub(m), b = DoubleVector.fromArray(D, x, i + w).sub(m);
            d0 = d0.add(a);
            d1 = d1.add(b);
            q0 = a.fma(a, q0);
            q1 = b.fma(b, q1);
        }
        double sumD = d0.add(d1).reduceLanes(VectorOperators.ADD), sumD2 = q0.add(q1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            double d = x[i] - mean;
            sumD += d;
            sumD2 = Math.fma(d, d, sumD2);
        }
        finish(n, ddof, mean, sumD, sumD2, min, max, out);
    }

    /** mymodule's moments(double): TwoSum lanes for the sum and for the squares, plain sum of d. */
    public static void momentsAccurate(double[] x, int ddof, double[] out) {
        int n = x.length, w = D.length(), i = 0;
        DoubleVector s0 = DoubleVector.zero(D), c0 = s0;
        DoubleVector lo = DoubleVector.broadcast(D, Double.POSITIVE_INFINITY), hi = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
        for (; i + w <= n; i += w) {
            DoubleVector v = DoubleVector.fromArray(D, x, i);
            DoubleVector t = s0.add(v), z = t.sub(s0);
            c0 = c0.add(s0.sub(t.sub(z)).add(v.sub(z)));
            s0 = t;
            lo = lo.min(v);
            hi = hi.max(v);
        }
        double ts = 0, tc = c0.reduceLanes(VectorOperators.ADD);
        double[] lanes = s0.toArray();
        for (int l = 0; l < w; l++) {
            double u = lanes[l], t = ts + u;
            tc += error(ts, u, t);
            ts = t;
        }
        double min = lo.reduceLanes(VectorOperators.MIN), max = hi.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            double t = ts + x[i];
            tc += error(ts, x[i], t);
            ts = t;
            min = Math.min(min, x[i]);
            max = Math.max(max, x[i]);
        }
        double mean = Math.min(Math.max(result(ts, tc) / n, min), max);
        DoubleVector m = DoubleVector.broadcast(D, mean), d0 = DoubleVector.zero(D), q = d0, c = d0;
        for (i = 0; i + w <= n; i += w) {
            DoubleVector d = DoubleVector.fromArray(D, x, i).sub(m), p = d.mul(d);
            d0 = d0.add(d);
            DoubleVector t = q.add(p), z = t.sub(q);
            c = c.add(q.sub(t.sub(z)).add(p.sub(z)));
            q = t;
        }
        double sumD = d0.reduceLanes(VectorOperators.ADD), qs = 0, qc = c.reduceLanes(VectorOperators.ADD);
        lanes = q.toArray();
        for (int l = 0; l < w; l++) {
            double u = lanes[l], t = qs + u;
            qc += error(qs, u, t);
            qs = t;
        }
        for (; i < n; i++) {
            double d = x[i] - mean, p = d * d, t = qs + p;
            sumD += d;
            qc += error(qs, p, t);
            qs = t;
        }
        finish(n, ddof, mean, sumD, result(qs, qc), min, max, out);
    }
}
