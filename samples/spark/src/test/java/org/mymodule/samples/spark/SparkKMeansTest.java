package org.mymodule.samples.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mymodule.KMeans;
import org.mymodule.reference.Blobs;

/** The distributed k-means on local[2] against single-machine KMeans on the same data and seed. */
class SparkKMeansTest {
    static SparkSession spark;

    @BeforeAll static void start() {
        spark = SparkSession.builder().master("local[2]").appName("SparkKMeansTest")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    }

    @AfterAll static void stop() {
        spark.stop();
    }

    /**
     * Same seeds, labels, iteration count; centroids within one float ulp (the double sums are added
     * in partitions instead of KMeans's blocks of rows, see SparkKMeans); inertia within 1e-9
     * relative. No cluster empties (checked: SparkKMeans would keep the old centroid where KMeans
     * moves a point, and the results would part): the 6 blobs are at least 20 apart with noise
     * within 0.5 per coordinate, so k-means++ puts one seed in each blob (a second seed in a seeded
     * blob has squared distance ~1 against >= 400) and every centroid keeps its blob; for the same
     * reason no point is near a tie.
     */
    @Test void matchesSingleMachineKMeans() {
        int n = 20_000, d = 4, k = 6;
        long seed = 7;
        float[] x = Blobs.points(n, d, k, 3);
        Dataset<Row> data = SparkKMeans.dataset(spark, x, n, d, 5);  // 4,000 rows per partition: not KMeans's blocks
        SparkKMeans.Model model = SparkKMeans.fit(data, "features", k, seed, 100, 1e-4);

        try (KMeans km = new KMeans(k)) {
            km.seed(seed).threads(2).maxIterations(100).tolerance(1e-4).fit(x, n, d);
            float[] initial = new float[k * d], centroids = new float[k * d];
            int[] labels = new int[n];
            km.getInitialCentroids(initial);
            km.getCentroids(centroids);
            km.getLabels(labels);
            assertArrayEquals(initial, model.initialCentroids, "k-means++ seeds");
            assertEquals(0, model.emptyClusters);
            assertEquals(km.iterations(), model.iterations);
            assertTrue(model.iterations > 1 && model.iterations < 100, "converged after " + model.iterations);
            for (int i = 0; i < k * d; i++) {
                assertEquals(centroids[i], model.centroids[i], Math.ulp(centroids[i]), "centroid value " + i);
            }
            assertEquals(km.inertia(), model.inertia, 1e-9 * km.inertia());
            assertEquals(n, model.n);
            JavaRDD<float[]> vectors = SparkKMeans.vectors(data, "features");
            assertArrayEquals(labels, SparkKMeans.labels(vectors, model));
        }
    }

    @Test void aFixedNumberOfIterationsAndOnePartitionGiveTheSameCentroids() {
        int n = 3_000, d = 3, k = 4;
        float[] x = Blobs.points(n, d, k, 5);
        SparkKMeans.Model one = SparkKMeans.fit(SparkKMeans.dataset(spark, x, n, d, 1), "features", k, 1, 5, 0);
        SparkKMeans.Model three = SparkKMeans.fit(SparkKMeans.dataset(spark, x, n, d, 3), "features", k, 1, 5, 0);
        assertEquals(5, one.iterations);
        assertEquals(5, three.iterations);
        for (int i = 0; i < k * d; i++) assertEquals(one.centroids[i], three.centroids[i], Math.ulp(one.centroids[i]));
    }

    @Test void executorsGenerateTheSamePointsAsTheDriver() {
        int n = 1_000, d = 3;
        java.util.List<float[]> rows = SparkKMeans.vectors(SparkKMeans.generatedBlobs(spark, n, d, 4, 8, 3), "features").collect();
        float[] x = Blobs.points(n, d, 4, 8);
        assertEquals(n, rows.size());
        for (int i = 0; i < n; i++) assertArrayEquals(java.util.Arrays.copyOfRange(x, i * d, i * d + d), rows.get(i), "row " + i);
    }

    @Test void badInputIsRejectedWithKMeansMessages() {
        float[] x = Blobs.points(10, 2, 2, 1);
        Dataset<Row> data = SparkKMeans.dataset(spark, x, 10, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkKMeans.fit(data, "features", 11, 1, 10, 1e-4));
        assertEquals("KMeans.fit: k must be in [1, n], got k=11, n=10", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparkKMeans.fit(data, "features", -1, 1, 10, 1e-4));
        assertEquals("KMeans: k must be at least 1, got k=-1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparkKMeans.fit(data, "features", 2, 1, 0, 1e-4));
        assertEquals("SparkKMeans.fitFrom: maxIterations must be at least 1, got 0", e.getMessage());
        x[3] = Float.NaN;
        Dataset<Row> nan = SparkKMeans.dataset(spark, x, 10, 2, 2);
        e = assertThrows(IllegalArgumentException.class, () -> SparkKMeans.fit(nan, "features", 2, 1, 10, 1e-4));
        assertEquals("KMeans.fit: data[3] is NaN; only finite values can be clustered", e.getMessage());
    }
}
