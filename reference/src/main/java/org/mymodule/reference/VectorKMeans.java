package org.mymodule.reference;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fastest k-means we know how to write in Java: the JDK's Vector API ({@code jdk.incubator.vector},
 * run with {@code --add-modules jdk.incubator.vector}), the honest baseline for mymodule's KMeans.
 * The same algorithm as {@link JavaKMeans}: k-means++ seeding from {@code new Random(seed)} (or given
 * initial centroids), a fixed number of Lloyd iterations, then a final assignment; an empty cluster
 * keeps its centroid.
 *
 * <p>The assignment is the expansion |c|^2 - 2 x.c with the centroids transposed into d rows of
 * kPad floats (-2c, padded), so that each coordinate of a point is broadcast and multiplied into
 * whole vectors of centroids: four points at a time share every centroid load (register tiling, as
 * a GEMM kernel does). A running minimum per lane gives the point's minimum with one horizontal
 * reduction; the first centroid with that value (the lowest index on ties) is its label. The distance to the chosen centroid is then computed directly
 * (float), the inertia and the centroid sums in double. Seeding computes each point's distance to
 * the newest seed with vectors of coordinates. With threads &gt; 1, rows are split into that many
 * chunks run on a ForkJoinPool of that size, each with its own partial sums.
 */
public final class VectorKMeans {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    /** k x d, row-major. */
    public final float[] centroids;
    /** The cluster of each row after the final assignment. */
    public final int[] labels;
    /** Sum of the squared distances of the rows to their centroids after the final assignment. */
    public double inertia;

    private final int n, d, k, kPad, threads;
    private final float[] x;
    private final float[] panel;  // d rows of kPad floats: -2 * c[q][j] at panel[j * kPad + q]
    private final float[] norms;  // kPad: |c|^2, Float.MAX_VALUE for padding (never nearer than a real centroid)

    /** k-means++ seeding with {@code new Random(seed)}, then {@code iterations} Lloyd iterations of the n x d rows x. */
    public VectorKMeans(float[] x, int n, int d, int k, int iterations, long seed, int threads) {
        this(x, n, d, k, null, new Random(seed), iterations, threads);
    }

    /** {@code iterations} Lloyd iterations of the n x d rows x from the given k x d initial centroids (not modified). */
    public static VectorKMeans lloyd(float[] x, int n, int d, int k, float[] initialCentroids, int iterations, int threads) {
        return new VectorKMeans(x, n, d, k, initialCentroids, null, iterations, threads);
    }

    private VectorKMeans(float[] x, int n, int d, int k, float[] initial, Random random, int iterations, int threads) {
        this.x = x;
        this.n = n;
        this.d = d;
        this.k = k;
        this.threads = threads;
        kPad = (k + L - 1) / L * L;
        panel = new float[d * kPad];
        norms = new float[kPad];
        centroids = new float[k * d];
        labels = new int[n];
        ForkJoinPool pool = threads > 1 ? new ForkJoinPool(threads) : null;
        try {
            if (initial != null) {
                System.arraycopy(initial, 0, centroids, 0, k * d);
            } else {
                seed(pool, random);
            }
            double[][] sums = new double[threads][k * d];
            long[][] counts = new long[threads][k];
            for (int it = 0; it < iterations; it++) {
                prepare();
                run(pool, t -> {
                    Arrays.fill(sums[t], 0);
                    Arrays.fill(counts[t], 0);
                    assign(t, sums[t], counts[t]);
                });
                JavaKMeans.update(sums, counts, k, d, centroids);
            }
            prepare();
            double[] partial = new double[threads];
            run(pool, t -> partial[t] = assign(t, null, null));
            inertia = 0;
            for (double p : partial) inertia += p;
        } finally {
            if (pool != null) pool.shutdown();
        }
    }

    private void run(ForkJoinPool pool, IntConsumer body) {
        if (pool == null) {
            body.accept(0);
        } else {
            pool.submit(() -> IntStream.range(0, threads).parallel().forEach(body)).join();
        }
    }

    private int begin(int t) {
        return (int) ((long) n * t / threads);
    }

    /** The centroids in the kernel's layout. */
    private void prepare() {
        Arrays.fill(panel, 0);
        Arrays.fill(norms, Float.MAX_VALUE);
        for (int c = 0; c < k; c++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                float v = centroids[c * d + j];
                panel[j * kPad + c] = -2 * v;
                norm += (double) v * v;
            }
            norms[c] = (float) norm;
        }
    }

    /** Assigns the rows of chunk t, four at a time; adds them to sums/counts when given; returns the chunk's inertia. */
    private double assign(int t, double[] sums, long[] counts) {
        int begin = begin(t), end = begin(t + 1);
        float[] values = new float[4 * kPad];  // |c|^2 - 2 x.c of four rows
        double inertia = 0;
        int i = begin;
        for (; i + 4 <= end; i += 4) {
            FloatVector b0 = FloatVector.broadcast(F, Float.POSITIVE_INFINITY), b1 = b0, b2 = b0, b3 = b0;
            int r0 = i * d, r1 = r0 + d, r2 = r1 + d, r3 = r2 + d;
            for (int q = 0; q < kPad; q += L) {
                FloatVector norm = FloatVector.fromArray(F, norms, q);
                FloatVector a0 = norm, a1 = norm, a2 = norm, a3 = norm;
                for (int j = 0; j < d; j++) {
                    FloatVector c = FloatVector.fromArray(F, panel, j * kPad + q);
                    a0 = c.fma(FloatVector.broadcast(F, x[r0 + j]), a0);
                    a1 = c.fma(FloatVector.broadcast(F, x[r1 + j]), a1);
                    a2 = c.fma(FloatVector.broadcast(F, x[r2 + j]), a2);
                    a3 = c.fma(FloatVector.broadcast(F, x[r3 + j]), a3);
                }
                a0.intoArray(values, q);
                a1.intoArray(values, kPad + q);
                a2.intoArray(values, 2 * kPad + q);
                a3.intoArray(values, 3 * kPad + q);
                b0 = b0.min(a0);
                b1 = b1.min(a1);
                b2 = b2.min(a2);
                b3 = b3.min(a3);
            }
            inertia += finish(i, values, 0, b0, sums, counts) + finish(i + 1, values, kPad, b1, sums, counts)
                    + finish(i + 2, values, 2 * kPad, b2, sums, counts) + finish(i + 3, values, 3 * kPad, b3, sums, counts);
        }
        for (; i < end; i++) {
            FloatVector b = FloatVector.broadcast(F, Float.POSITIVE_INFINITY);
            for (int q = 0; q < kPad; q += L) {
                FloatVector a = FloatVector.fromArray(F, norms, q);
                for (int j = 0; j < d; j++) a = FloatVector.fromArray(F, panel, j * kPad + q).fma(FloatVector.broadcast(F, x[i * d + j]), a);
                a.intoArray(values, q);
                b = b.min(a);
            }
            inertia += finish(i, values, 0, b, sums, counts);
        }
        return inertia;
    }

    /**
     * Row i's label: the first centroid whose value is the row's minimum (the lowest index on ties;
     * a scalar scan, faster on JDK 17 than masked vector reductions); its direct distance, and its
     * share of the sums.
     */
    private double finish(int i, float[] values, int offset, FloatVector best, double[] sums, long[] counts) {
        float min = best.reduceLanes(VectorOperators.MIN);
        int label = 0;
        while (label < k - 1 && values[offset + label] != min) label++;
        labels[i] = label;
        float s = 0;
        int j = 0;
        for (; j + L <= d; j += L) {
            FloatVector v = FloatVector.fromArray(F, x, i * d + j).sub(FloatVector.fromArray(F, centroids, label * d + j));
            s += v.mul(v).reduceLanes(VectorOperators.ADD);
        }
        for (; j < d; j++) {
            float v = x[i * d + j] - centroids[label * d + j];
            s += v * v;
        }
        if (sums != null) {
            counts[label]++;
            for (j = 0; j < d; j++) sums[label * d + j] += x[i * d + j];
        }
        return s;
    }

    /** k-means++: the first centroid uniform, each next one with probability proportional to the squared distance. */
    private void seed(ForkJoinPool pool, Random random) {
        float[] dist = new float[n];
        Arrays.fill(dist, Float.POSITIVE_INFINITY);
        double[] partial = new double[threads];
        int pick = random.nextInt(n);
        for (int c = 0; c < k; c++) {
            System.arraycopy(x, pick * d, centroids, c * d, d);
            int seedRow = c * d;
            run(pool, t -> {
                double total = 0;
                for (int i = begin(t), end = begin(t + 1); i < end; i++) {
                    float s = 0;
                    int j = 0;
                    for (; j + L <= d; j += L) {
                        FloatVector v = FloatVector.fromArray(F, x, i * d + j).sub(FloatVector.fromArray(F, centroids, seedRow + j));
                        s += v.mul(v).reduceLanes(VectorOperators.ADD);
                    }
                    for (; j < d; j++) {
                        float v = x[i * d + j] - centroids[seedRow + j];
                        s += v * v;
                    }
                    if (s < dist[i]) dist[i] = s;
                    total += dist[i];
                }
                partial[t] = total;
            });
            double total = 0;
            for (double p : partial) total += p;
            double r = random.nextDouble() * total;
            for (pick = 0; pick < n - 1 && r >= dist[pick]; pick++) r -= dist[pick];
        }
    }
}
