package org.mymodule.reference;

import java.util.Arrays;

/**
 * The straightforward pure-Java vector statistics that the demo and the benchmarks time: the plain
 * loops a Java programmer writes (one double accumulator, no compensation, two passes for the
 * moments, a sorted copy for the quantiles), not the native kernels' algorithms.
 */
public final class JavaStats {
    private JavaStats() {}

    /** The plain loop, summed in double. */
    public static double sum(float[] x) {
        double s = 0;
        for (float v : x) s += v;
        return s;
    }

    /** The plain loop. */
    public static double sum(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s;
    }

    /** The plain loop, products and sum in double. */
    public static double dot(float[] x, float[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += (double) x[i] * y[i];
        return s;
    }

    /** Two plain passes, Math.min/Math.max, no compensation: {mean, sample variance, min, max}. */
    public static double[] moments(float[] x) {
        double s = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (float v : x) {
            s += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = s / x.length, s2 = 0;
        for (float v : x) s2 += (v - mean) * (v - mean);
        return new double[] {mean, s2 / (x.length - 1), min, max};
    }

    /** Two plain passes, Math.min/Math.max, no compensation: {mean, sample variance, min, max}. */
    public static double[] moments(double[] x) {
        double s = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            s += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = s / x.length, s2 = 0;
        for (double v : x) s2 += (v - mean) * (v - mean);
        return new double[] {mean, s2 / (x.length - 1), min, max};
    }

    /**
     * A sorted copy, then numpy's "linear" quantile from its definition: out[j] = the qs[j] quantile
     * of x, h = (n - 1) q, interpolated as numpy's _lerp (from the nearer end, so that q = 1 gives the
     * maximum exactly).
     */
    public static void quantiles(double[] x, double[] qs, double[] out) {
        double[] v = x.clone();
        Arrays.sort(v);
        for (int j = 0; j < qs.length; j++) {
            double h = (v.length - 1) * qs[j];
            int i = (int) Math.floor(h);
            if (i + 1 >= v.length) {
                out[j] = v[v.length - 1];
                continue;
            }
            double t = h - i, a = v[i], b = v[i + 1];
            out[j] = t == 0 || a == b ? a : t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
        }
    }

    /**
     * counts.length - 2 equal bins over [lo, hi): counts[0..bins) the bins, counts[bins] the values
     * below lo, counts[bins + 1] those at or above hi (counts is cleared first). Bin k holds
     * lo + k w &lt;= v &lt; lo + (k + 1) w, w = (hi - lo) / bins, with those edges computed in double,
     * as documented for mymodule's histogram: a guess by division, then moved to the edge rule.
     */
    public static void histogram(double[] x, double lo, double hi, long[] counts) {
        int bins = counts.length - 2;
        Arrays.fill(counts, 0);
        double w = (hi - lo) / bins;
        for (double v : x) {
            if (v < lo) {
                counts[bins]++;
            } else if (v >= hi) {
                counts[bins + 1]++;
            } else {
                int k = Math.min((int) ((v - lo) / w), bins - 1);
                while (k > 0 && v < lo + k * w) k--;
                while (k < bins - 1 && v >= lo + (k + 1) * w) k++;
                counts[k]++;
            }
        }
    }
}
