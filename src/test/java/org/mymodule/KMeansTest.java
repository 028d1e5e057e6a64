package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mymodule.global.mymodule;
import org.mymodule.reference.Blobs;
import org.mymodule.reference.JavaKMeans;

/** KMeans against a pure-Java double Lloyd started from the same seeds; determinism, edges, errors. */
@ExtendWith(NativeLeakCheck.class)
class KMeansTest {
    @Test void theIssueExampleCompilesAndRuns() {
        int n = 400, d = 3;
        float[] data = Blobs.points(n, d, 32, 1);
        float[] points = Arrays.copyOf(data, 5 * d);
        int m = 5;
        int[] labelsOut = new int[m];
        try (ProgressListener progress = Progress.listener((done, total) -> true);
             KMeans km = new KMeans(32)) {                     // k
            km.seed(42).threads(4).maxIterations(100).tolerance(1e-4);
            km.fit(data, n, d);
            km.fit(data, n, d, progress);
            double inertia = km.inertia(); int it = km.iterations();
            float[] c = new float[32 * d]; km.getCentroids(c);
            int[] labels = new int[n];     km.getLabels(labels);
            km.predict(points, m, labelsOut);
            assertTrue(inertia > 0 && it >= 1 && it <= 100);
            assertArrayEquals(Arrays.copyOf(labels, m), labelsOut);
        }
    }

    @Test void matchesPureJavaLloydFromTheSameSeeds() {
        int n = 3000, d = 4, k = 7, iterations = 6;
        float[] x = Blobs.points(n, d, k, 2);
        try (KMeans km = new KMeans(k)) {
            km.seed(9).threads(2).maxIterations(iterations).tolerance(0).fit(x, n, d);
            int ran = km.iterations();  // tolerance 0 stops early only once the inertia repeats
            assertTrue(ran >= 1 && ran <= iterations, "ran " + ran);
            float[] start = new float[k * d];
            km.getInitialCentroids(start);
            JavaKMeans ref = JavaKMeans.lloyd(x, n, d, k, start, ran, 1);
            float[] c = new float[k * d];
            int[] labels = new int[n];
            km.getCentroids(c);
            km.getLabels(labels);
            for (int i = 0; i < k * d; i++) assertEquals(ref.centroids[i], c[i], 1e-4, "centroid value " + i);
            assertArrayEquals(ref.labels, labels);
            assertEquals(ref.inertia, km.inertia(), 1e-6 * ref.inertia);
        }
    }

    @Test void seedsAreDistinctDataRowsAndDependOnTheSeed() {
        int n = 500, d = 2, k = 5;
        float[] x = Blobs.points(n, d, k, 3);
        float[] a = new float[k * d], b = new float[k * d], again = new float[k * d];
        try (KMeans km = new KMeans(k)) {
            km.seed(1).fit(x, n, d);
            km.getInitialCentroids(a);
            km.seed(2).fit(x, n, d);
            km.getInitialCentroids(b);
            km.seed(1).fit(x, n, d);
            km.getInitialCentroids(again);
        }
        assertArrayEquals(a, again);
        assertFalse(Arrays.equals(a, b));
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) rows.add(Arrays.toString(Arrays.copyOfRange(x, i * d, i * d + d)));
        List<String> seeds = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            String row = Arrays.toString(Arrays.copyOfRange(a, c * d, c * d + d));
            assertTrue(rows.contains(row), "seed " + c + " is a data row");
            assertFalse(seeds.contains(row), "seeds are distinct");
            seeds.add(row);
        }
    }

    @Test void sameBitsForOneTwoAndFourThreads() {
        int n = 4000, d = 5, k = 8;  // 16 fixed blocks of 256 rows
        float[] x = Blobs.points(n, d, 6, 4);
        float[][] centroids = new float[3][k * d];
        int[][] labels = new int[3][n];
        double[] inertia = new double[3];
        int[] threads = {1, 2, 4};
        for (int t = 0; t < 3; t++) {
            try (KMeans km = new KMeans(k)) {
                km.seed(7).threads(threads[t]).maxIterations(10).tolerance(0).fit(x, n, d);
                km.getCentroids(centroids[t]);
                km.getLabels(labels[t]);
                inertia[t] = km.inertia();
            }
        }
        for (int t = 1; t < 3; t++) {
            assertTrue(Arrays.equals(centroids[0], centroids[t]), threads[t] + " threads: centroids");
            assertTrue(Arrays.equals(labels[0], labels[t]), threads[t] + " threads: labels");
            assertEquals(Double.doubleToLongBits(inertia[0]), Double.doubleToLongBits(inertia[t]));
        }
    }

    @Test void floatPointerGivesTheSameResultAsArrays() {
        int n = 600, d = 3, k = 4;
        float[] x = Blobs.points(n, d, k, 5);
        float[] c = new float[k * d], cp = new float[k * d];
        int[] labels = new int[n];
        try (KMeans km = new KMeans(k); FloatPointer data = new FloatPointer(x);
             FloatPointer out = new FloatPointer(k * d); IntPointer lp = new IntPointer(n)) {
            km.seed(3).fit(x, n, d);
            km.getCentroids(c);
            km.seed(3).fit(data, n, d);
            km.getCentroids(out);
            km.getLabels(lp);
            out.get(cp);
            lp.get(labels);
            int[] expected = new int[n];
            km.getLabels(expected);
            assertArrayEquals(c, cp);
            assertArrayEquals(expected, labels);
        }
    }

    @Test void toleranceStopsEarlyAndPredictMatchesLabels() {
        int n = 1000, d = 2, k = 4;
        float[] x = Blobs.points(n, d, k, 6);
        try (KMeans km = new KMeans(k)) {
            km.maxIterations(100).tolerance(1e-4).fit(x, n, d);
            assertTrue(km.iterations() < 100, "well-separated blobs converge, took " + km.iterations());
            int[] labels = new int[n], predicted = new int[n];
            km.getLabels(labels);
            km.predict(x, n, predicted);
            assertArrayEquals(labels, predicted);
            int[] none = new int[0];
            km.predict(new float[0], 0, none);  // m = 0 is allowed
        }
    }

    @Test void singlePointOneCluster() {
        try (KMeans km = new KMeans(1)) {
            km.fit(new float[] {1.5f, -2f}, 1, 2);
            float[] c = new float[2];
            int[] labels = {-1};
            km.getCentroids(c);
            km.getLabels(labels);
            assertArrayEquals(new float[] {1.5f, -2f}, c);
            assertArrayEquals(new int[] {0}, labels);
            assertEquals(0.0, km.inertia());
        }
    }

    @Test void oneClusterIsTheMean() {
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8};  // d = 2
        try (KMeans km = new KMeans(1)) {
            km.fit(x, 4, 2);
            float[] c = new float[2];
            km.getCentroids(c);
            assertArrayEquals(new float[] {4, 5}, c);
            assertEquals(2 * (9 + 1 + 1 + 9), km.inertia(), 1e-9);
            // 1: assign to the seed, move to the mean; 2: assign to the mean (new inertia), no move;
            // 3: the same inertia again, a relative change of 0 < tolerance: stop.
            assertEquals(3, km.iterations());
        }
    }

    @Test void kEqualsNOnOneDimension() {
        float[] x = {0, 1, 10, 11, 20};  // d = 1
        try (KMeans km = new KMeans(5)) {
            km.fit(x, 5, 1);
            float[] c = new float[5];
            km.getCentroids(c);
            Arrays.sort(c);
            assertArrayEquals(x, c);
            assertEquals(0.0, km.inertia());
        }
    }

    @Test void duplicatePointsRepairEmptyClusters() {
        float[] x = new float[30];
        Arrays.fill(x, 3f);
        try (KMeans km = new KMeans(3)) {
            km.fit(x, 15, 2);  // every seed is the same point: two clusters start empty
            int[] labels = new int[15];
            km.getLabels(labels);
            assertEquals(0.0, km.inertia());
            float[] c = new float[6];
            km.getCentroids(c);
            for (float v : c) assertEquals(3f, v);
            for (int label : labels) assertTrue(label >= 0 && label < 3);
        }
    }

    @Test void progressAfterEachIterationAndCancellationKeepsThePreviousResult() {
        int n = 800, d = 2, k = 3;
        float[] x = Blobs.points(n, d, k, 7);
        List<Long> reports = new ArrayList<>();
        try (KMeans km = new KMeans(k);
             ProgressListener all = Progress.listener((done, total) -> reports.add(done * 1000 + total) || true);
             ProgressListener stopAt3 = Progress.listener((done, total) -> done < 3)) {
            km.maxIterations(20).tolerance(0).fit(x, n, d, all);
            int ran = km.iterations();
            assertEquals(ran, reports.size());
            assertEquals(1 * 1000 + 20, reports.get(0));
            assertEquals(ran * 1000L + 20, reports.get(ran - 1));
            float[] before = new float[k * d];
            km.getCentroids(before);
            double inertia = km.inertia();
            CancellationException e = assertThrows(CancellationException.class,
                    () -> km.fit(Blobs.points(n, d, k, 8), n, d, stopAt3));
            assertEquals("KMeans.fit: cancelled by the listener after 3 of 20 iterations", e.getMessage());
            float[] after = new float[k * d];
            km.getCentroids(after);
            assertArrayEquals(before, after);
            assertEquals(inertia, km.inertia());
            km.fit(x, n, d);  // still usable
            assertEquals(ran, km.iterations());
        }
    }

    @Test void toleranceZeroStopsExactlyWhenTheInertiaRepeats() {
        // Iteration i assigns to the centroids of i - 1 updates, whose inertia J(i - 1) it compares with
        // J(i - 2); a fit of m iterations reports J(m). Stopping at iteration `ran` means
        // J(ran - 2) == J(ran - 1), and not stopping before means J(ran - 3) != J(ran - 2).
        int n = 2000, d = 3, k = 6;
        float[] x = new float[n * d];  // uniform noise: no clusters, so Lloyd takes many iterations to settle
        Random random = new Random(12);
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        try (KMeans km = new KMeans(k)) {
            km.seed(4).maxIterations(100).tolerance(0).fit(x, n, d);
            int ran = km.iterations();
            assertTrue(ran >= 4 && ran < 100, "ran " + ran);
            double[] j = new double[4];  // J(ran - 3) .. J(ran)
            for (int m = ran - 3; m <= ran; m++) {
                km.maxIterations(m).fit(x, n, d);
                assertEquals(m, km.iterations());
                j[m - (ran - 3)] = km.inertia();
            }
            assertEquals(j[1], j[2], "J(ran - 2) == J(ran - 1): the stop");
            assertNotEquals(j[0], j[1], "J(ran - 3) != J(ran - 2): no earlier stop");
        }
    }

    @Test void callsBeforeFitAreIllegalState() {
        try (KMeans km = new KMeans(2)) {
            assertFalse(km.fitted());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> km.getLabels(new int[4]));
            assertEquals("KMeans.getLabels: call fit first", e.getMessage());
            assertThrows(IllegalStateException.class, km::inertia);
            assertThrows(IllegalStateException.class, km::iterations);
            assertThrows(IllegalStateException.class, () -> km.getCentroids(new float[4]));
            assertThrows(IllegalStateException.class, () -> km.getInitialCentroids(new float[4]));
            assertThrows(IllegalStateException.class, () -> km.predict(new float[2], 1, new int[1]));
        }
    }

    private static void assertMessage(Class<? extends Throwable> type, String message, org.junit.jupiter.api.function.Executable call) {
        assertEquals(message, assertThrows(type, call).getMessage());
    }

    @Test void badSettingsNameTheParameter() {
        assertMessage(IllegalArgumentException.class, "KMeans: k must be at least 1, got k=0", () -> new KMeans(0));
        try (KMeans km = new KMeans(2)) {
            assertMessage(IllegalArgumentException.class, "KMeans.threads: threads must be in [1, 256], got 0", () -> km.threads(0));
            assertMessage(IllegalArgumentException.class, "KMeans.maxIterations: maxIterations must be at least 1, got 0",
                    () -> km.maxIterations(0));
            assertMessage(IllegalArgumentException.class, "KMeans.tolerance: tolerance must be >= 0, got -1.5",
                    () -> km.tolerance(-1.5));
            assertMessage(IllegalArgumentException.class, "KMeans.tolerance: tolerance must be >= 0, got nan",
                    () -> km.tolerance(Double.NaN));
        }
    }

    @Test void badDataIsRejectedAndNothingChanges() {
        float[] x = {0, 1, 2, 3, 4, 5, 6, 7};
        try (KMeans km = new KMeans(2)) {
            assertMessage(IllegalArgumentException.class, "KMeans.fit: k must be in [1, n], got k=2, n=1", () -> km.fit(x, 1, 8));
            assertMessage(IllegalArgumentException.class, "KMeans.fit: data must hold exactly n*d = 3*2 values, got 8",
                    () -> km.fit(x, 3, 2));
            assertMessage(IllegalArgumentException.class, "KMeans.fit: d must be at least 1, got d=0", () -> km.fit(x, 8, 0));
            assertMessage(IllegalArgumentException.class, "KMeans.fit: n must be at least 1 (no points to cluster), got n=0",
                    () -> km.fit(new float[0], 0, 2));
            float[] bad = x.clone();
            bad[5] = Float.NaN;
            assertMessage(IllegalArgumentException.class, "KMeans.fit: data[5] is NaN; only finite values can be clustered",
                    () -> km.fit(bad, 4, 2));
            bad[5] = Float.NEGATIVE_INFINITY;
            assertMessage(IllegalArgumentException.class, "KMeans.fit: data[5] is infinite; only finite values can be clustered",
                    () -> km.fit(bad, 4, 2));
            assertThrows(NullPointerException.class, () -> km.fit((float[]) null, 4, 2));
            assertFalse(km.fitted());

            km.fit(x, 4, 2);
            float[] shortCentroids = {-1, -1, -1};
            assertMessage(IllegalArgumentException.class, "KMeans.getCentroids: out must hold at least k*d = 4 elements, got 3",
                    () -> km.getCentroids(shortCentroids));
            assertArrayEquals(new float[] {-1, -1, -1}, shortCentroids);
            int[] shortLabels = {-1, -1, -1};
            assertMessage(IllegalArgumentException.class, "KMeans.getLabels: out must hold at least n = 4 elements, got 3",
                    () -> km.getLabels(shortLabels));
            assertArrayEquals(new int[] {-1, -1, -1}, shortLabels);
            int[] out = {-1, -1};
            assertMessage(IllegalArgumentException.class, "KMeans.predict: points must hold exactly m*d = 2*2 values, got 3",
                    () -> km.predict(new float[3], 2, out));
            assertMessage(IllegalArgumentException.class, "KMeans.predict: labelsOut must hold at least m = 2 elements, got 1",
                    () -> km.predict(new float[4], 2, new int[1]));
            assertMessage(IllegalArgumentException.class, "KMeans.predict: points[1] is NaN; only finite values can be clustered",
                    () -> km.predict(new float[] {0, Float.NaN, 0, 0}, 2, out));
            assertMessage(IllegalArgumentException.class, "KMeans.predict: m must be at least 0, got m=-1",
                    () -> km.predict(new float[0], -1, out));
            assertArrayEquals(new int[] {-1, -1}, out);
            int[] longer = {-1, -1, -1, -1, 9};  // a longer output is written at the front only
            km.getLabels(longer);
            assertEquals(9, longer[4]);
            assertNotEquals(-1, longer[0]);
        }
    }
    @Test void accumulateClustersInBatchesIsOneKMeansIteration() {
        int n = 1200, d = 3, k = 4;
        float[] x = Blobs.points(n, d, k, 11);
        try (KMeans km = new KMeans(k)) {
            km.seed(5).maxIterations(4).tolerance(0).fit(x, n, d);
            float[] c = new float[k * d];
            int[] fitted = new int[n];
            km.getCentroids(c);
            km.getLabels(fitted);
            // The pure-Java reference: KMeans's labels for these centroids, sums in row order, in double.
            double[] expected = new double[k * d];
            long[] expectedCounts = new long[k];
            for (int i = 0; i < n; i++) {
                expectedCounts[fitted[i]]++;
                for (int j = 0; j < d; j++) expected[fitted[i] * d + j] += x[i * d + j];
            }
            double[] sums = new double[k * d];
            long[] counts = new long[k];
            double inertia = 0;
            for (int begin = 0; begin < n; begin += 500) {  // batches of 500, 500 and 200 rows
                int m = Math.min(500, n - begin);
                inertia += mymodule.accumulateClusters(Arrays.copyOfRange(x, begin * d, (begin + m) * d), m, d, c, k, sums, counts);
            }
            assertArrayEquals(expected, sums);
            assertArrayEquals(expectedCounts, counts);
            assertEquals(km.inertia(), inertia, 1e-12 * km.inertia());

            int[] labels = new int[n];
            assertEquals(km.inertia(), mymodule.assignClusters(x, n, d, c, k, labels), 1e-12 * km.inertia());
            assertArrayEquals(fitted, labels);

            try (FloatPointer xp = new FloatPointer(x); FloatPointer cp = new FloatPointer(c);
                 DoublePointer sp = new DoublePointer(k * d); LongPointer np = new LongPointer(k)) {
                sp.zero();
                np.zero();
                assertEquals(km.inertia(), mymodule.accumulateClusters(xp, n, d, cp, k, sp, np), 1e-12 * km.inertia());
                double[] s = new double[k * d];
                long[] cnt = new long[k];
                sp.get(s);
                np.get(cnt);
                assertArrayEquals(expected, s);
                assertArrayEquals(expectedCounts, cnt);
            }
        }
    }

    @Test void accumulateClustersRejectsBadInputAndWritesNothing() {
        float[] x = {0, 1, 2, 3, 4, 5}, c = {0, 0, 1, 1};
        double[] s = {-1, -1, -1, -1};
        long[] n = {-1, -1};
        assertMessage(IllegalArgumentException.class, "accumulateClusters: k must be at least 1, got k=0",
                () -> mymodule.accumulateClusters(x, 3, 2, c, 0, s, n));
        assertMessage(IllegalArgumentException.class, "accumulateClusters: m must be at least 0, got m=-1",
                () -> mymodule.accumulateClusters(x, -1, 2, c, 2, s, n));
        assertMessage(IllegalArgumentException.class, "accumulateClusters: points must hold exactly m*d = 2*2 values, got 6",
                () -> mymodule.accumulateClusters(x, 2, 2, c, 2, s, n));
        assertMessage(IllegalArgumentException.class, "accumulateClusters: centroids must hold exactly k*d = 2*2 values, got 3",
                () -> mymodule.accumulateClusters(x, 3, 2, new float[3], 2, s, n));
        assertMessage(IllegalArgumentException.class, "accumulateClusters: sums must hold at least k*d = 4 elements, got 3",
                () -> mymodule.accumulateClusters(x, 3, 2, c, 2, new double[3], n));
        assertMessage(IllegalArgumentException.class, "accumulateClusters: counts must hold at least k = 2 elements, got 1",
                () -> mymodule.accumulateClusters(x, 3, 2, c, 2, s, new long[1]));
        assertMessage(IllegalArgumentException.class, "assignClusters: d must be at least 1, got d=0",
                () -> mymodule.assignClusters(x, 3, 0, c, 2, new int[3]));
        assertMessage(IllegalArgumentException.class, "assignClusters: labelsOut must hold at least m = 3 elements, got 2",
                () -> mymodule.assignClusters(x, 3, 2, c, 2, new int[2]));
        float[] bad = x.clone();
        bad[3] = Float.NaN;
        assertMessage(IllegalArgumentException.class, "accumulateClusters: points[3] is NaN; only finite values can be clustered",
                () -> mymodule.accumulateClusters(bad, 3, 2, c, 2, s, n));
        assertMessage(IllegalArgumentException.class, "assignClusters: centroids[1] is infinite; only finite values can be clustered",
                () -> mymodule.assignClusters(x, 3, 2, new float[] {0, Float.POSITIVE_INFINITY, 1, 1}, 2, new int[3]));
        assertThrows(NullPointerException.class, () -> mymodule.accumulateClusters(x, 3, 2, c, 2, null, n));
        assertArrayEquals(new double[] {-1, -1, -1, -1}, s);
        assertArrayEquals(new long[] {-1, -1}, n);
        assertEquals(0.0, mymodule.accumulateClusters(new float[0], 0, 2, c, 2, s, n));  // m = 0 adds nothing
        assertArrayEquals(new long[] {-1, -1}, n);
    }
}
