package org.mymodule.benchmarks;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.mymodule.KMeans;
import org.mymodule.reference.Blobs;
import org.mymodule.reference.JavaKMeans;
import org.mymodule.reference.VectorKMeans;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import smile.math.MathEx;

/**
 * One whole k-means fit (k-means++ seeding, 20 Lloyd iterations, nothing stops early) on n points
 * of d floats around k blob centres: mymodule's KMeans (tolerance 0; zero-copy FloatPointer, and
 * float[], which JNI copies), the best Java we can write, {@link VectorKMeans} (the Vector API,
 * run with --add-modules jdk.incubator.vector), a plain pure-Java Lloyd ({@link JavaKMeans}) and
 * Smile 3.1.1's {@code KMeans.lloyd} (its Lloyd, not its BBD-tree {@code fit}; tolerance -infinity,
 * so exactly maxIter iterations; seeded with {@code MathEx.setSeed}). Each on `threads` threads:
 * KMeans.threads(t), the Java versions on a pool of t, Smile inside a ForkJoinPool of t, which its
 * parallel streams then use instead of the common pool. The seeding1_* methods time k-means++
 * seeding and one Lloyd iteration (plus the final assignment), so that a fit's time minus theirs
 * is its Lloyd iterations. The assignment FLOP count per iteration is 2*n*k*d (one multiply-add
 * per coordinate, centroid and point); kmeans_summary.py turns the times into ratios and FLOP/s
 * (see kmeans_bench.cpp for the peak).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})  // prepend: run.sh may append its own
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class KMeansBenchmark {
    @Param("200000") int n;
    @Param("16") int d;
    @Param("32") int k;
    @Param("20") int iterations;
    @Param({"1", "2"}) int threads;

    float[] data;
    FloatPointer pointer;
    double[][] rows;
    KMeans native_, seeding1;
    ForkJoinPool pool;

    /** The benchmark's points: Blobs with noise of width 7 around centres 20 apart, separated but not trivially. */
    static float[] blobs(int n, int d, int k, long seed) {
        return Blobs.points(n, d, k, 7, seed);
    }

    @Setup(Level.Trial)
    public void setup() {
        data = blobs(n, d, k, 1);
        pointer = new FloatPointer(data);
        rows = new double[n][d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) rows[i][j] = data[i * d + j];
        native_ = new KMeans(k);
        native_.seed(42).threads(threads).maxIterations(iterations).tolerance(0);
        seeding1 = new KMeans(k);
        seeding1.seed(42).threads(threads).maxIterations(1).tolerance(0);
        pool = new ForkJoinPool(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        native_.close();
        seeding1.close();
        pointer.close();
        pool.shutdown();
    }

    @Benchmark
    public double kmeans_native() {
        native_.fit(pointer, n, d);
        return native_.inertia();
    }

    @Benchmark
    public double kmeans_native_array() {
        native_.fit(data, n, d);
        return native_.inertia();
    }

    @Benchmark
    public double kmeans_vector() {
        return new VectorKMeans(data, n, d, k, iterations, 42, threads).inertia;
    }

    @Benchmark
    public double seeding1_native() {
        seeding1.fit(pointer, n, d);
        return seeding1.inertia();
    }

    @Benchmark
    public double seeding1_vector() {
        return new VectorKMeans(data, n, d, k, 1, 42, threads).inertia;
    }

    @Benchmark
    public double kmeans_java() {
        return new JavaKMeans(data, n, d, k, iterations, 42, threads).inertia;
    }

    @Benchmark
    public double kmeans_smile() throws Exception {
        return pool.submit(() -> {
            MathEx.setSeed(42);
            return smile.clustering.KMeans.lloyd(rows, k, iterations, Double.NEGATIVE_INFINITY).distortion;
        }).get();
    }
}
