package org.mymodule.benchmarks;

import java.util.concurrent.ForkJoinPool;
import org.mymodule.KMeans;
import smile.math.MathEx;

/**
 * Checks that mymodule's KMeans and Smile 3.1.1 (GPL-3.0, hence here and not in the module's tests)
 * reach the same inertia within 1% on the same data with the same seeding budget: the best of
 * `seeds` k-means++ starts, 20 Lloyd iterations each. Exit status 1 if they do not.
 *   java -cp target/benchmarks.jar org.mymodule.benchmarks.KMeansAgreement [n d k seeds]
 */
public final class KMeansAgreement {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int k = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int seeds = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int iterations = 20;
        float[] data = KMeansBenchmark.blobs(n, d, k, 1);
        double[][] rows = new double[n][d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) rows[i][j] = data[i * d + j];

        double bestNative = Double.POSITIVE_INFINITY, bestSmile = Double.POSITIVE_INFINITY;
        ForkJoinPool pool = new ForkJoinPool(1);
        try (KMeans km = new KMeans(k)) {
            for (int s = 0; s < seeds; s++) {
                km.seed(s).maxIterations(iterations).tolerance(0).fit(data, n, d);
                bestNative = Math.min(bestNative, km.inertia());
                final long seed = s;
                double smileInertia = pool.submit(() -> {
                    MathEx.setSeed(seed);
                    return smile.clustering.KMeans.lloyd(rows, k, iterations, Double.NEGATIVE_INFINITY).distortion;
                }).get();
                bestSmile = Math.min(bestSmile, smileInertia);
            }
        } finally {
            pool.shutdown();
        }
        double relative = Math.abs(bestNative - bestSmile) / bestSmile;
        System.out.printf("kmeans_agreement n=%d d=%d k=%d seeds=%d native=%.6g smile=%.6g relative=%.2e %s%n",
                n, d, k, seeds, bestNative, bestSmile, relative, relative <= 0.01 ? "OK" : "FAILED");
        if (relative > 0.01) System.exit(1);
    }
}
