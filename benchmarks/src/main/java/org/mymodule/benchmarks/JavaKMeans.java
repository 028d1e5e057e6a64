package org.mymodule.benchmarks;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Plain pure-Java k-means, the way a Java user writes it: k-means++ seeding (java.util.Random), then
 * a fixed number of Lloyd iterations with direct float distances and double centroid sums, then
 * a final assignment (like mymodule's KMeans). With threads > 1 the rows are split into that many
 * chunks run on a ForkJoinPool of that size, each with its own partial sums.
 */
public final class JavaKMeans {
    public final float[] centroids;
    public final int[] labels;
    public double inertia;

    public JavaKMeans(float[] x, int n, int d, int k, int iterations, long seed, int threads) {
        centroids = new float[k * d];
        labels = new int[n];
        seed(x, n, d, k, new Random(seed));
        ForkJoinPool pool = threads > 1 ? new ForkJoinPool(threads) : null;
        try {
            for (int it = 0; it < iterations; it++) {
                double[][] sums = new double[threads][k * d];
                long[][] counts = new long[threads][k];
                run(pool, threads, t -> assign(x, n, d, k, t, threads, sums[t], counts[t]));
                double[] sum = new double[k * d];
                long[] count = new long[k];
                for (int t = 0; t < threads; t++) {
                    for (int i = 0; i < k * d; i++) sum[i] += sums[t][i];
                    for (int c = 0; c < k; c++) count[c] += counts[t][c];
                }
                for (int c = 0; c < k; c++) {
                    if (count[c] == 0) continue;  // an empty cluster keeps its centroid
                    for (int j = 0; j < d; j++) centroids[c * d + j] = (float) (sum[c * d + j] / count[c]);
                }
            }
            double[] partial = new double[threads];
            run(pool, threads, t -> partial[t] = assign(x, n, d, k, t, threads, null, null));
            inertia = 0;
            for (double p : partial) inertia += p;
        } finally {
            if (pool != null) pool.shutdown();
        }
    }

    private static void run(ForkJoinPool pool, int threads, java.util.function.IntConsumer body) {
        if (pool == null) {
            body.accept(0);
        } else {
            pool.submit(() -> IntStream.range(0, threads).parallel().forEach(body)).join();
        }
    }

    /** Assigns rows of chunk t; adds them to sums/counts when given; returns the chunk's inertia. */
    private double assign(float[] x, int n, int d, int k, int t, int threads, double[] sums, long[] counts) {
        int begin = (int) ((long) n * t / threads), end = (int) ((long) n * (t + 1) / threads);
        double inertia = 0;
        for (int i = begin; i < end; i++) {
            float best = Float.POSITIVE_INFINITY;
            int bestC = 0;
            for (int c = 0; c < k; c++) {
                float s = 0;
                for (int j = 0; j < d; j++) {
                    float v = x[i * d + j] - centroids[c * d + j];
                    s += v * v;
                }
                if (s < best) {
                    best = s;
                    bestC = c;
                }
            }
            labels[i] = bestC;
            inertia += best;
            if (sums != null) {
                counts[bestC]++;
                for (int j = 0; j < d; j++) sums[bestC * d + j] += x[i * d + j];
            }
        }
        return inertia;
    }

    private void seed(float[] x, int n, int d, int k, Random random) {
        double[] dist = new double[n];
        java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
        int pick = random.nextInt(n);
        for (int c = 0; c < k; c++) {
            System.arraycopy(x, pick * d, centroids, c * d, d);
            double total = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double v = x[i * d + j] - centroids[c * d + j];
                    s += v * v;
                }
                dist[i] = Math.min(dist[i], s);
                total += dist[i];
            }
            double r = random.nextDouble() * total;
            for (pick = 0; pick < n - 1 && r >= dist[pick]; pick++) r -= dist[pick];
        }
    }
}
