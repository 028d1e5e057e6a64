package org.mymodule.reference;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The straightforward pure-Java k-means that the demo and the benchmarks time, the way a Java user
 * writes it: k-means++ seeding (java.util.Random) or given initial centroids, then a fixed number of
 * Lloyd iterations with direct float distances and double centroid sums, then a final assignment
 * (like mymodule's KMeans); an empty cluster keeps its centroid. With threads > 1 the rows are split
 * into that many chunks run on a ForkJoinPool of that size, each with its own partial sums.
 */
public final class JavaKMeans {
    /** k x d, row-major. */
    public final float[] centroids;
    /** The cluster of each row after the final assignment. */
    public final int[] labels;
    /** Sum of the squared distances of the rows to their centroids after the final assignment. */
    public double inertia;

    /** k-means++ seeding with {@code new Random(seed)}, then {@code iterations} Lloyd iterations of the n x d rows x. */
    public JavaKMeans(float[] x, int n, int d, int k, int iterations, long seed, int threads) {
        this(x, n, d, k, null, new Random(seed), iterations, threads);
    }

    /** {@code iterations} Lloyd iterations of the n x d rows x from the given k x d initial centroids (not modified). */
    public static JavaKMeans lloyd(float[] x, int n, int d, int k, float[] initialCentroids, int iterations, int threads) {
        return new JavaKMeans(x, n, d, k, initialCentroids, null, iterations, threads);
    }

    private JavaKMeans(float[] x, int n, int d, int k, float[] initial, Random random, int iterations, int threads) {
        centroids = new float[k * d];
        labels = new int[n];
        if (initial != null) {
            System.arraycopy(initial, 0, centroids, 0, k * d);
        } else {
            seed(x, n, d, k, random);
        }
        ForkJoinPool pool = threads > 1 ? new ForkJoinPool(threads) : null;
        try {
            for (int it = 0; it < iterations; it++) {
                double[][] sums = new double[threads][k * d];
                long[][] counts = new long[threads][k];
                run(pool, threads, t -> assign(x, n, d, k, t, threads, sums[t], counts[t]));
                update(sums, counts, k, d, centroids);
            }
            double[] partial = new double[threads];
            run(pool, threads, t -> partial[t] = assign(x, n, d, k, t, threads, null, null));
            inertia = 0;
            for (double p : partial) inertia += p;
        } finally {
            if (pool != null) pool.shutdown();
        }
    }

    /** Lloyd's update: each centroid the mean of its rows, from per-thread sums and counts; an empty cluster keeps its centroid. */
    static void update(double[][] sums, long[][] counts, int k, int d, float[] centroids) {
        double[] sum = new double[k * d];
        long[] count = new long[k];
        for (int t = 0; t < sums.length; t++) {
            for (int i = 0; i < k * d; i++) sum[i] += sums[t][i];
            for (int c = 0; c < k; c++) count[c] += counts[t][c];
        }
        for (int c = 0; c < k; c++) {
            if (count[c] == 0) continue;
            for (int j = 0; j < d; j++) centroids[c * d + j] = (float) (sum[c * d + j] / count[c]);
        }
    }

    private static void run(ForkJoinPool pool, int threads, IntConsumer body) {
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

    /** k-means++: the first centroid uniform, each next one with probability proportional to the squared distance. */
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
