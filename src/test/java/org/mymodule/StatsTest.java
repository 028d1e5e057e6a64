package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mymodule.global.mymodule.dot;
import static org.mymodule.global.mymodule.histogram;
import static org.mymodule.global.mymodule.moments;
import static org.mymodule.global.mymodule.quantile;
import static org.mymodule.global.mymodule.quantiles;
import static org.mymodule.global.mymodule.sum;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Random;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.mymodule.reference.JavaStats;

/**
 * The vector statistics of stats.h against exact BigDecimal references on
 * ill-conditioned input, their edge cases, NaN policy and every bad input. RunningStats is tested elsewhere.
 */
@ExtendWith(NativeLeakCheck.class)
class StatsTest {
    private static final MathContext EXACT_ENOUGH = new MathContext(80);
    /** Relative error allowed against BigDecimal. */
    private static final double TOLERANCE = 1e-12;

    /** Offset 1e9 plus unit noise, with huge values that cancel and tiny ones: input on which a plain loop loses accuracy. */
    private static double[] illConditioned(int n, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1e9 + (2 * random.nextDouble() - 1);
            if (i % 7 == 3) x[i] = 1e17 + random.nextInt(1000);
            if (i % 7 == 4) x[i] = -1e17 - random.nextInt(1000);
            if (i % 11 == 5) x[i] = 1e-3 * random.nextGaussian();
        }
        return x;
    }

    private static BigDecimal exactSum(double[] x) {
        BigDecimal s = BigDecimal.ZERO;
        for (double v : x) s = s.add(new BigDecimal(v));
        return s;
    }

    private static BigDecimal exactVariance(double[] x, int ddof) {
        BigDecimal mean = exactSum(x).divide(BigDecimal.valueOf(x.length), EXACT_ENOUGH);
        BigDecimal squares = BigDecimal.ZERO;
        for (double v : x) {
            BigDecimal d = new BigDecimal(v).subtract(mean);
            squares = squares.add(d.multiply(d));
        }
        return squares.divide(BigDecimal.valueOf(x.length - ddof), EXACT_ENOUGH);
    }

    private static void assertRelative(BigDecimal exact, double actual, String what) {
        double error = Math.abs(new BigDecimal(actual).subtract(exact).doubleValue() / exact.doubleValue());
        assertTrue(error <= TOLERANCE, what + ": relative error " + error + " > " + TOLERANCE + " (got " + actual + ", exact " + exact.doubleValue() + ")");
    }

    private static double naiveSum(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s;
    }

    private static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }

    private static double[] toDoubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    private static <T extends Throwable> void assertMessage(Class<T> type, String message, Executable call) {
        assertEquals(message, assertThrows(type, call).getMessage());
    }

    // ---- sum ----

    @Test void sumOfDoublesIsExactOnIllConditionedInput() {
        double[] x = illConditioned(5003, 1);
        BigDecimal exact = exactSum(x);
        double naiveError = Math.abs(new BigDecimal(naiveSum(x)).subtract(exact).doubleValue() / exact.doubleValue());
        assertTrue(naiveError > TOLERANCE, "the input is hard: a naive loop is off by " + naiveError);
        assertRelative(exact, sum(x), "sum(double[])");
        try (DoublePointer p = new DoublePointer(x)) {
            assertEquals(sum(x), sum(p));
        }
    }

    @Test void sumOfFloatsIsAccurate() {
        float[] x = toFloats(illConditioned(3001, 2));
        assertRelative(exactSum(toDoubles(x)), sum(x), "sum(float[])");
    }

    @Test void sumEdgeCasesAndNaN() {
        assertEquals(0.0, sum(new double[0]));
        assertEquals(-2.5, sum(new double[] {-2.5}));
        assertEquals(2.0, sum(new double[] {1e16, 1, -1e16, 1}));
        assertTrue(Double.isNaN(sum(new double[] {1, Double.NaN, 3})));
        assertEquals(Double.POSITIVE_INFINITY, sum(new double[] {1, Double.POSITIVE_INFINITY, 3}));
        assertTrue(Double.isNaN(sum(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})));
    }

    // ---- dot ----

    @Test void dotOfDoublesIsExactOnIllConditionedInput() {
        double[] x = illConditioned(2001, 3);
        double[] y = new double[x.length];
        Random random = new Random(4);
        BigDecimal exact = BigDecimal.ZERO;
        double naive = 0;
        for (int i = 0; i < x.length; i++) {
            y[i] = (i % 2 == 0 ? 1 : -1) * (1 + random.nextDouble() * 1e-6);  // products cancel
            exact = exact.add(new BigDecimal(x[i]).multiply(new BigDecimal(y[i])));
            naive += x[i] * y[i];
        }
        assertTrue(Math.abs(new BigDecimal(naive).subtract(exact).doubleValue() / exact.doubleValue()) > TOLERANCE, "hard input");
        assertRelative(exact, dot(x, y), "dot(double[], double[])");
        try (DoublePointer px = new DoublePointer(x); DoublePointer py = new DoublePointer(y)) {
            assertEquals(dot(x, y), dot(px, py));
        }
    }

    @Test void dotOfFloatsIsAccurate() {
        float[] x = toFloats(illConditioned(3003, 5));
        float[] y = new float[x.length];
        BigDecimal exact = BigDecimal.ZERO;
        for (int i = 0; i < x.length; i++) {
            y[i] = (i % 3 == 0 ? -1.5f : 0.75f) + i * 1e-4f;
            exact = exact.add(new BigDecimal(x[i]).multiply(new BigDecimal(y[i])));
        }
        assertRelative(exact, dot(x, y), "dot(float[], float[])");
        try (FloatPointer px = new FloatPointer(x); FloatPointer py = new FloatPointer(y)) {
            assertEquals(dot(x, y), dot(px, py));
        }
    }

    @Test void dotEdgeCasesAndNaN() {
        assertEquals(0.0, dot(new double[0], new double[0]));
        assertEquals(6.0, dot(new float[] {2}, new float[] {3}));
        assertTrue(Double.isNaN(dot(new double[] {1, Double.NaN}, new double[] {1, 1})));
        assertMessage(IllegalArgumentException.class, "dot: x and y must have the same length, got 2 and 3",
                () -> dot(new double[2], new double[3]));
        assertMessage(NullPointerException.class, "array or Pointer argument is null", () -> dot(null, new float[1]));
    }

    // ---- moments ----

    @Test void momentsOfDoublesAreExactOnIllConditionedInput() {
        double[] x = illConditioned(4001, 6);
        for (int ddof = 0; ddof <= 1; ddof++) {
            try (Moments m = moments(x, ddof)) {
                assertEquals(x.length, m.count());
                assertRelative(exactSum(x).divide(BigDecimal.valueOf(x.length), EXACT_ENOUGH), m.mean(), "mean");
                assertRelative(exactVariance(x, ddof), m.variance(), "variance, ddof=" + ddof);
                assertEquals(Arrays.stream(x).min().getAsDouble(), m.min());
                assertEquals(Arrays.stream(x).max().getAsDouble(), m.max());
            }
        }
    }

    @Test void momentsOfOffsetPlusUnitNoise() {
        Random random = new Random(7);
        double[] x = new double[3000];
        for (int i = 0; i < x.length; i++) x[i] = 1e9 + random.nextGaussian();
        BigDecimal exact = exactVariance(x, 1);
        // The one-pass textbook formula loses everything here; the two-pass result keeps 12+ digits.
        double s = 0, s2 = 0;
        for (double v : x) {
            s += v;
            s2 += v * v;
        }
        double textbook = (s2 - s * s / x.length) / (x.length - 1);
        assertTrue(Math.abs(textbook - exact.doubleValue()) > 1e-3 * exact.doubleValue(), "textbook formula " + textbook);
        try (Moments m = moments(x, 1); DoublePointer p = new DoublePointer(x); Moments mp = moments(p, 1)) {
            assertRelative(exact, m.variance(), "variance");
            assertEquals(m.variance(), mp.variance());
            assertEquals(m.mean(), mp.mean());
        }
    }

    @Test void momentsOfFloats() {
        float[] x = toFloats(illConditioned(2003, 8));
        double[] d = toDoubles(x);
        try (Moments m = moments(x, 1); FloatPointer p = new FloatPointer(x); Moments mp = moments(p, 1)) {
            assertRelative(exactSum(d).divide(BigDecimal.valueOf(d.length), EXACT_ENOUGH), m.mean(), "float mean");
            assertRelative(exactVariance(d, 1), m.variance(), "float variance");
            assertEquals(Arrays.stream(d).min().getAsDouble(), m.min());
            assertEquals(Arrays.stream(d).max().getAsDouble(), m.max());
            assertEquals(m.variance(), mp.variance());
        }
    }

    @Test void momentsOfEmptyInputAreCountZeroAndNaN() {
        try (Moments m = moments(new double[0], 0)) {
            assertEquals(0, m.count());
            assertTrue(Double.isNaN(m.mean()) && Double.isNaN(m.variance()) && Double.isNaN(m.min()) && Double.isNaN(m.max()));
        }
    }

    @Test void momentsOfOneValue() {
        try (Moments population = moments(new float[] {3.5f}, 0); Moments sample = moments(new float[] {3.5f}, 1)) {
            assertEquals(1, population.count());
            assertEquals(3.5, population.mean());
            assertEquals(0.0, population.variance());
            assertEquals(3.5, population.min());
            assertEquals(3.5, population.max());
            assertTrue(Double.isNaN(sample.variance()), "count <= ddof: NaN");
        }
    }

    @Test void momentsPropagateNaN() {
        try (Moments m = moments(new double[] {1, 2, Double.NaN, 4}, 0)) {
            assertEquals(4, m.count());
            assertTrue(Double.isNaN(m.mean()) && Double.isNaN(m.variance()) && Double.isNaN(m.min()) && Double.isNaN(m.max()));
        }
        try (Moments m = moments(new double[] {1, Double.POSITIVE_INFINITY, -5}, 0)) {
            assertEquals(Double.POSITIVE_INFINITY, m.mean());
            assertTrue(Double.isNaN(m.variance()));
            assertEquals(-5.0, m.min());
            assertEquals(Double.POSITIVE_INFINITY, m.max());
        }
    }

    @Test void momentsIntoAReusedObject() {
        double[] x = illConditioned(501, 11);
        try (Moments reused = new Moments(); Moments byValue = moments(x, 1); FloatPointer p = new FloatPointer(1, 2, 3, 4)) {
            moments(x, 1, reused);
            assertEquals(byValue.count(), reused.count());
            assertEquals(byValue.mean(), reused.mean());
            assertEquals(byValue.variance(), reused.variance());
            moments(p, 0, reused);  // the same object, refilled
            assertEquals(4, reused.count());
            assertEquals(2.5, reused.mean());
            assertEquals(1.25, reused.variance());
            assertMessage(IllegalArgumentException.class, "moments: ddof must be 0 or 1, got 3", () -> moments(p, 3, reused));
            assertEquals(2.5, reused.mean(), "unchanged after an exception");
        }
        assertThrows(NullPointerException.class, () -> moments(new double[1], 0, null));
    }

    @Test void momentsRejectBadInput() {
        assertMessage(IllegalArgumentException.class, "moments: ddof must be 0 or 1, got 2", () -> moments(new double[1], 2));
        assertMessage(IllegalArgumentException.class, "moments: ddof must be 0 or 1, got -1", () -> moments(new float[1], -1));
        assertMessage(NullPointerException.class, "array or Pointer argument is null", () -> moments((double[]) null, 0));
    }

    @Test void simdSumMatchesPureJava() {
        float[] values = new float[10_007];  // odd length: every vector tail is used
        double expected = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.cos(i);
            expected += values[i];
        }
        assertEquals(expected, sum(values), 1e-9);
    }

    // ---- histogram ----

    @Test void histogramMatchesTheEdgeRule() {
        Random random = new Random(9);
        double[] x = new double[5000];
        for (int i = 0; i < x.length; i++) x[i] = random.nextGaussian() * 2;
        x[0] = -1;  // on the first edge
        x[1] = 3;   // on the upper edge: above
        x[2] = Double.NEGATIVE_INFINITY;
        x[3] = Double.POSITIVE_INFINITY;
        x[4] = 0.2; // 0.2 = -1 + 3 * 0.4, an edge that is not exact in binary
        long[] expected = new long[10 + 2];  // the bins, then below and above
        JavaStats.histogram(x, -1, 3, expected);
        long[] counts = new long[10];
        Arrays.fill(counts, 99);  // overwritten, not added to
        try (HistogramOutliers out = histogram(x, -1, 3, counts)) {
            assertArrayEquals(Arrays.copyOf(expected, 10), counts);
            assertEquals(expected[10], out.below());
            assertEquals(expected[11], out.above());
            assertEquals(x.length, Arrays.stream(counts).sum() + out.below() + out.above());
        }
        float[] f = toFloats(x);
        long[] expectedF = new long[7 + 2];
        JavaStats.histogram(toDoubles(f), -1, 3, expectedF);
        try (LongPointer p = new LongPointer(7); FloatPointer fp = new FloatPointer(f); HistogramOutliers out = histogram(fp, -1, 3, p)) {
            long[] fromPointer = new long[7];
            p.get(fromPointer);
            assertArrayEquals(Arrays.copyOf(expectedF, 7), fromPointer);
            assertEquals(expectedF[7], out.below());
            assertEquals(expectedF[8], out.above());
        }
    }

    @Test void histogramOfEmptyInputAndOneBin() {
        long[] counts = {5, 5};
        try (HistogramOutliers out = histogram(new double[0], 0, 1, counts)) {
            assertArrayEquals(new long[] {0, 0}, counts);
            assertEquals(0, out.below() + out.above());
        }
        long[] one = new long[1];
        try (HistogramOutliers out = histogram(new float[] {0, 0.5f, 1}, 0, 1, one)) {
            assertArrayEquals(new long[] {2}, one);
            assertEquals(1, out.above());
        }
    }

    @Test void histogramRejectsNaNAndBadBinsLeavingCountsUntouched() {
        long[] counts = {7, 7, 7};
        assertMessage(IllegalArgumentException.class, "histogram: values[1] is NaN",
                () -> histogram(new double[] {1, Double.NaN, 2}, 0, 3, counts));
        assertMessage(IllegalArgumentException.class, "histogram: values[2] is NaN",
                () -> histogram(new float[] {1, 2, Float.NaN}, 0, 3, counts));
        assertMessage(IllegalArgumentException.class, "histogram: lo and hi must be finite with lo < hi, got lo=1, hi=1",
                () -> histogram(new double[] {1}, 1, 1, counts));
        assertMessage(IllegalArgumentException.class, "histogram: lo and hi must be finite with lo < hi, got lo=2, hi=1",
                () -> histogram(new double[] {1}, 2, 1, counts));
        assertMessage(IllegalArgumentException.class, "histogram: lo and hi must be finite with lo < hi, got lo=nan, hi=1",
                () -> histogram(new double[] {1}, Double.NaN, 1, counts));
        assertMessage(IllegalArgumentException.class, "histogram: lo and hi must be finite with lo < hi, got lo=0, hi=inf",
                () -> histogram(new double[] {1}, 0, Double.POSITIVE_INFINITY, counts));
        assertMessage(IllegalArgumentException.class, "histogram: hi - lo overflows, got lo=-1e+308, hi=1e+308",
                () -> histogram(new double[] {1}, -1e308, 1e308, counts));
        assertMessage(IllegalArgumentException.class, "histogram: counts is empty, need at least one bin",
                () -> histogram(new double[] {1}, 0, 1, new long[0]));
        assertMessage(NullPointerException.class, "array or Pointer argument is null", () -> histogram(new double[] {1}, 0, 1, null));
        assertMessage(NullPointerException.class, "array or Pointer argument is null", () -> histogram((float[]) null, 0, 1, counts));
        assertArrayEquals(new long[] {7, 7, 7}, counts);
    }

    // ---- quantile ----

    @Test void quantileMatchesNumpyLinearAndLeavesInputUnchanged() {
        double[] qs = {0, 0.01, 0.1, 0.25, 1.0 / 3, 0.5, 0.75, 0.9, 0.999, 1};
        Random random = new Random(10);
        for (int n : new int[] {1, 2, 3, 10, 1001}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = random.nextGaussian() * 100;
            double[] before = x.clone();
            float[] f = toFloats(x);
            double[] out = new double[qs.length], outF = new double[qs.length];
            quantiles(x, qs, out);
            quantiles(f, qs, outF);
            double[] reference = new double[qs.length], referenceF = new double[qs.length];
            JavaStats.quantiles(x, qs, reference);
            JavaStats.quantiles(toDoubles(f), qs, referenceF);
            for (int j = 0; j < qs.length; j++) {
                double expected = reference[j];
                assertEquals(expected, quantile(x, qs[j]), "n=" + n + ", q=" + qs[j]);
                assertEquals(expected, out[j], "quantiles, n=" + n + ", q=" + qs[j]);
                double expectedF = referenceF[j];
                assertEquals(expectedF, quantile(f, qs[j]));
                assertEquals(expectedF, outF[j]);
            }
            assertArrayEquals(before, x, "input unchanged");
        }
        assertEquals(2.5, quantile(new double[] {4, 1, 3, 2}, 0.5));
        try (DoublePointer p = new DoublePointer(4, 1, 3, 2); DoublePointer q = new DoublePointer(0.5, 1); DoublePointer out = new DoublePointer(2)) {
            assertEquals(2.5, quantile(p, 0.5));
            quantiles(p, q, out);
            assertEquals(2.5, out.get(0));
            assertEquals(4.0, out.get(1));
            assertEquals(4.0, p.get(0), "input unchanged");
        }
    }

    @Test void quantileWithInfinities() {
        double[] x = {Double.NEGATIVE_INFINITY, 1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        assertEquals(Double.POSITIVE_INFINITY, quantile(x, 0.9));
        assertEquals(Double.NEGATIVE_INFINITY, quantile(x, 0));
    }

    @Test void quantileRejectsBadInput() {
        assertMessage(IllegalArgumentException.class, "quantile: values[2] is NaN", () -> quantile(new double[] {1, 2, Double.NaN}, 0.5));
        assertMessage(IllegalArgumentException.class, "quantile: values[0] is NaN", () -> quantile(new float[] {Float.NaN}, 0.5));
        assertMessage(IllegalArgumentException.class, "quantile: q must be in [0, 1], got 1.5", () -> quantile(new double[] {1}, 1.5));
        assertMessage(IllegalArgumentException.class, "quantile: q must be in [0, 1], got -0.1", () -> quantile(new double[] {1}, -0.1));
        assertMessage(IllegalArgumentException.class, "quantile: q must be in [0, 1], got nan", () -> quantile(new double[] {1}, Double.NaN));
        assertMessage(IllegalArgumentException.class, "quantile: values is empty", () -> quantile(new float[0], 0.5));
        assertMessage(NullPointerException.class, "array or Pointer argument is null", () -> quantile((double[]) null, 0.5));
        double[] out = {7, 7};
        assertMessage(IllegalArgumentException.class, "quantiles: qs[1] must be in [0, 1], got 2",
                () -> quantiles(new double[] {1, 2}, new double[] {0.5, 2}, out));
        assertMessage(IllegalArgumentException.class, "quantiles: qs and out must have the same length, got 2 and 1",
                () -> quantiles(new double[] {1, 2}, new double[] {0.5, 1}, new double[1]));
        assertMessage(IllegalArgumentException.class, "quantiles: values[1] is NaN",
                () -> quantiles(new double[] {1, Double.NaN}, new double[] {0.5, 1}, out));
        assertMessage(IllegalArgumentException.class, "quantiles: values is empty",
                () -> quantiles(new double[0], new double[] {0.5, 1}, out));
        assertArrayEquals(new double[] {7, 7}, out, "out untouched");
    }
}
