package org.mymodule.samples.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.mymodule.KMeans;
import org.mymodule.global.mymodule;
import org.mymodule.reference.Blobs;

/**
 * k-means over a Spark Dataset of float vectors, with mymodule's native assignment kernel in every
 * partition; for the same data and seed it gives what single-machine {@link KMeans} gives.
 *
 * <ul>
 * <li><b>Seeding runs on the driver.</b> The vectors are collected once and seeded with
 *     {@code new KMeans(k).seed(seed).maxIterations(1)} ({@code initialCentroids}): the very
 *     k-means++ seeds single-machine KMeans starts from. The data must therefore fit in the
 *     driver's memory; for more, seed from a sample and call {@link #fitFrom}.</li>
 * <li><b>Lloyd iterations run in the executors.</b> The centroids go out as a broadcast
 *     {@code float[]}; each partition packs its rows into a native {@code FloatPointer}, batch by
 *     batch, and {@code mymodule.accumulateClusters} (KMeans's own kernel and SIMD path, so the
 *     labels agree) adds them to per-cluster sums and counts in double.
 *     {@code mapPartitionsWithIndex} + {@code collect()} returns one partial per partition in
 *     partition order; the driver adds them in that fixed order, in double, so a run is
 *     reproducible whatever the scheduling, and divides as KMeans does.</li>
 * <li><b>Same stopping rule as KMeans:</b> stop after maxIterations, or once
 *     |previous inertia - inertia| &lt; tolerance * inertia (from the second iteration on). The
 *     reported inertia belongs to the final centroids (one more pass).</li>
 * <li><b>Difference from KMeans:</b> KMeans adds rows in fixed blocks of at least 256, Spark in
 *     partitions; the double sums then differ in their last bits, so a centroid may differ from
 *     KMeans's by one float ulp (when its double value falls next to a rounding boundary), and a
 *     point exactly on a near-tie could in principle change cluster.</li>
 * <li><b>Empty clusters keep their old centroid</b> (counted in {@link Model#emptyClusters}).
 *     KMeans instead moves the point farthest from its centroid into the empty cluster; finding
 *     that point across partitions would cost another pass over the data per empty cluster, and
 *     with k-means++ seeds (data rows, each the nearest centroid of at least itself in the first
 *     assignment) empty clusters are rare. Results equal KMeans's only when none occurred.</li>
 * <li><b>Natives are never serialized.</b> Only plain arrays travel (broadcast {@code float[]},
 *     partials of {@code double[]}/{@code long[]}); every native object is created and closed
 *     inside a partition, by try-with-resources, so a task that fails is retried without a leak.</li>
 * </ul>
 */
public final class SparkKMeans {
    private SparkKMeans() {}

    /** Rows packed into one native batch: 4096 rows of d floats (64 KiB at d = 4). */
    static final int BATCH_ROWS = 4096;

    /** What a fit found. */
    public static final class Model implements Serializable {
        private static final long serialVersionUID = 1L;
        /** k x d centroids, row-major. */
        public final float[] centroids;
        /** The k-means++ seeds Lloyd started from (k x d). */
        public final float[] initialCentroids;
        /** k, d, and the Lloyd iterations run. */
        public final int k, d, iterations;
        /** Number of points. */
        public final long n;
        /** Sum of squared distances of the points to their nearest final centroid. */
        public final double inertia;
        /** How many times a cluster was empty after an assignment (and kept its old centroid). */
        public final int emptyClusters;

        Model(float[] centroids, float[] initialCentroids, int k, int d, long n, int iterations, double inertia,
              int emptyClusters) {
            this.centroids = centroids;
            this.initialCentroids = initialCentroids;
            this.k = k;
            this.d = d;
            this.n = n;
            this.iterations = iterations;
            this.inertia = inertia;
            this.emptyClusters = emptyClusters;
        }
    }

    /** One partition's share of an assignment: per-cluster sums (k x d) and counts, and its inertia. */
    public static final class Partial implements Serializable {
        private static final long serialVersionUID = 1L;
        public final int partition;
        public final double[] sums;
        public final long[] counts;
        public final double inertia;

        Partial(int partition, double[] sums, long[] counts, double inertia) {
            this.partition = partition;
            this.sums = sums;
            this.counts = counts;
            this.inertia = inertia;
        }
    }

    /** The float vectors of {@code column} (an array of floats, all of the same length), as an RDD in row order. */
    public static JavaRDD<float[]> vectors(Dataset<Row> data, String column) {
        return data.select(column).toJavaRDD().map(row -> {
            if (row.isNullAt(0)) throw new IllegalArgumentException("SparkKMeans: a vector in column " + column + " is null");
            List<Float> list = row.getList(0);
            float[] v = new float[list.size()];
            for (int j = 0; j < v.length; j++) {
                Float x = list.get(j);
                if (x == null) throw new IllegalArgumentException("SparkKMeans: a vector in column " + column + " holds a null");
                v[j] = x;
            }
            return v;
        });
    }

    /**
     * Clusters the vectors of {@code column} as {@code new KMeans(k).seed(seed).maxIterations(maxIterations).tolerance(tolerance)}
     * would, seeding on the driver (see the class comment).
     *
     * @throws IllegalArgumentException as KMeans.fit (k outside [1, n], NaN or infinite values, ...) or if the vectors' lengths differ
     */
    public static Model fit(Dataset<Row> data, String column, int k, long seed, int maxIterations, double tolerance) {
        JavaRDD<float[]> vectors = vectors(data, column).persist(StorageLevel.MEMORY_ONLY());
        try {
            List<float[]> rows = vectors.collect();  // seeding on the driver, on the rows in Dataset order
            int d = rows.isEmpty() ? 1 : rows.get(0).length;
            float[] flat = new float[Math.multiplyExact(rows.size(), d)];
            for (int i = 0; i < rows.size(); i++) {
                requireLength(rows.get(i), d, i);
                System.arraycopy(rows.get(i), 0, flat, i * d, d);
            }
            float[] initial;
            try (KMeans km = new KMeans(k)) {  // validates k, then fit validates n and the values
                km.seed(seed).maxIterations(1).fit(flat, rows.size(), d);
                initial = new float[k * d];
                km.getInitialCentroids(initial);
            }
            return fitFrom(vectors, initial, k, d, maxIterations, tolerance);
        } finally {
            vectors.unpersist(false);
        }
    }

    /**
     * Lloyd iterations from the given k x d starting centroids over vectors of d floats (cache them:
     * every iteration reads them again).
     */
    public static Model fitFrom(JavaRDD<float[]> vectors, float[] initial, int k, int d, int maxIterations, double tolerance) {
        if (k < 1 || d < 1 || initial.length != k * d) {
            throw new IllegalArgumentException("SparkKMeans.fitFrom: need k, d >= 1 and k*d initial values, got k=" + k + ", d=" + d
                    + ", " + initial.length + " values");
        }
        if (maxIterations < 1) throw new IllegalArgumentException("SparkKMeans.fitFrom: maxIterations must be at least 1, got " + maxIterations);
        if (!(tolerance >= 0)) throw new IllegalArgumentException("SparkKMeans.fitFrom: tolerance must be >= 0, got " + tolerance);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(vectors.context());
        float[] centroids = initial.clone();
        double previous = Double.NaN;
        int iteration = 0, empty = 0;
        long n = 0;
        while (iteration < maxIterations) {
            Reduced r = assign(jsc, vectors, centroids, k, d);
            n = r.n;
            for (int c = 0; c < k; c++) {
                if (r.counts[c] == 0) {  // keep the old centroid (see the class comment)
                    empty++;
                    continue;
                }
                for (int j = 0; j < d; j++) centroids[c * d + j] = (float) (r.sums[c * d + j] / (double) r.counts[c]);
            }
            ++iteration;
            boolean converged = iteration > 1 && Math.abs(previous - r.inertia) < tolerance * r.inertia;
            previous = r.inertia;
            if (converged) break;
        }
        double inertia = assign(jsc, vectors, centroids, k, d).inertia;  // of the final centroids, as KMeans reports it
        return new Model(centroids, initial.clone(), k, d, n, iteration, inertia, empty);
    }

    /** The partials of all partitions added in partition order, in double. */
    private static final class Reduced {
        final double[] sums;
        final long[] counts;
        double inertia;
        long n;

        Reduced(int k, int d) {
            sums = new double[k * d];
            counts = new long[k];
        }
    }

    /** One distributed assignment with the given centroids: broadcast, a partial per partition, reduced in partition order. */
    private static Reduced assign(JavaSparkContext jsc, JavaRDD<float[]> vectors, float[] centroids, int k, int d) {
        Broadcast<float[]> shared = jsc.broadcast(centroids.clone());
        List<Partial> partials;
        try {
            partials = vectors.mapPartitionsWithIndex(
                    (index, rows) -> Collections.singletonList(accumulatePartition(index, rows, shared.value(), k, d)).iterator(),
                    true).collect();
        } finally {
            shared.destroy();
        }
        Reduced r = new Reduced(k, d);
        for (int p = 0; p < partials.size(); p++) {
            Partial part = partials.get(p);
            if (part.partition != p) throw new IllegalStateException("SparkKMeans: partial " + p + " came from partition " + part.partition);
            for (int i = 0; i < r.sums.length; i++) r.sums[i] += part.sums[i];
            for (int c = 0; c < k; c++) {
                r.counts[c] += part.counts[c];
                r.n += part.counts[c];
            }
            r.inertia += part.inertia;
        }
        return r;
    }

    /**
     * The work of one partition: its rows, in order, packed batch by batch into a native buffer and
     * added by {@code mymodule.accumulateClusters} to per-cluster sums and counts. Every native
     * allocation is closed by try-with-resources, also when the rows' iterator or the kernel throws.
     */
    public static Partial accumulatePartition(int index, Iterator<float[]> rows, float[] centroids, int k, int d) {
        double[] sums = new double[k * d];
        long[] counts = new long[k];
        double inertia = 0;
        try (FloatPointer batch = new FloatPointer((long) BATCH_ROWS * d);
             FloatPointer c = new FloatPointer(centroids);
             DoublePointer s = new DoublePointer((long) k * d);
             LongPointer n = new LongPointer(k)) {
            s.zero();
            n.zero();
            float[] staged = new float[BATCH_ROWS * d];  // rows gathered on the heap, then one copy into native memory
            long row = 0;
            int m = 0;
            while (rows.hasNext()) {
                float[] v = rows.next();
                requireLength(v, d, row++);
                System.arraycopy(v, 0, staged, m * d, d);
                if (++m == BATCH_ROWS || !rows.hasNext()) {
                    batch.position(0).put(staged, 0, m * d);
                    inertia += mymodule.accumulateClusters(batch.position(0).limit((long) m * d), m, d, c, k, s, n);
                    m = 0;
                }
            }
            s.get(sums);
            n.get(counts);
        }
        return new Partial(index, sums, counts, inertia);
    }

    /** The nearest of the model's centroids for every vector, in RDD order (collected on the driver). */
    public static int[] labels(JavaRDD<float[]> vectors, Model model) {
        float[] centroids = model.centroids;
        int k = model.k, d = model.d;
        List<int[]> parts = vectors.mapPartitions(rows -> {
            List<float[]> list = new ArrayList<>();
            rows.forEachRemaining(list::add);
            int[] labels = new int[list.size()];
            if (list.isEmpty()) return Collections.singletonList(labels).iterator();
            try (FloatPointer x = new FloatPointer((long) list.size() * d); FloatPointer c = new FloatPointer(centroids);
                 IntPointer out = new IntPointer(list.size())) {
                for (int i = 0; i < list.size(); i++) {
                    requireLength(list.get(i), d, i);
                    x.position((long) i * d).put(list.get(i), 0, d);
                }
                mymodule.assignClusters(x.position(0), list.size(), d, c, k, out);
                out.get(labels);
            }
            return Collections.singletonList(labels).iterator();
        }).collect();
        int total = 0;
        for (int[] p : parts) total += p.length;
        int[] labels = new int[total];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, labels, at, p.length);
            at += p.length;
        }
        return labels;
    }

    private static void requireLength(float[] v, int d, long row) {
        if (v.length != d) {
            throw new IllegalArgumentException("SparkKMeans: vector " + row + " has " + v.length + " values, the first had d=" + d);
        }
    }

    /** The same points as Blobs.points(n, d, centers, seed), generated by the executors, in order, in `partitions` partitions. */
    public static Dataset<Row> generatedBlobs(SparkSession spark, long n, int d, int centers, long seed, int partitions) {
        JavaRDD<Row> rows = spark.range(0, n, 1, partitions).toJavaRDD().map(i -> {
            float[] v = new float[d];
            for (int j = 0; j < d; j++) v[j] = Blobs.value(seed, centers, d, i, j);
            return RowFactory.create((Object) v);
        });
        return spark.createDataFrame(rows, schema());
    }

    private static StructType schema() {
        return new StructType().add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    }

    /** A Dataset with one column "features" (array of float) holding the n rows of x, in order, in `partitions` partitions. */
    public static Dataset<Row> dataset(SparkSession spark, float[] x, int n, int d, int partitions) {
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] v = new float[d];
            System.arraycopy(x, i * d, v, 0, d);
            rows.add(RowFactory.create((Object) v));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(rows, partitions), schema());  // slices keep the rows' order
    }

    /**
     * The job for spark-submit: clusters generated blobs on the cluster, then checks the result
     * against single-machine KMeans on the driver and prints both times. Arguments (all optional):
     * n d k partitions seed. Exit status 1 if the results differ.
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int k = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 42;
        SparkConf conf = new SparkConf().setAppName("mymodule k-means");  // spark-submit's settings arrive as system properties
        if (!conf.contains("spark.master")) conf.setMaster("local[*]");
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            Dataset<Row> data = generatedBlobs(spark, n, d, k, seed, partitions);
            JavaRDD<float[]> vectors = vectors(data, "features").persist(StorageLevel.MEMORY_ONLY());
            vectors.count();  // generated and cached by the executors, so that the times below are the clustering alone
            long t0 = System.nanoTime();
            List<float[]> rows = vectors.collect();  // seeding on the driver, as fit() does it
            float[] all = new float[n * d];
            for (int i = 0; i < n; i++) System.arraycopy(rows.get(i), 0, all, i * d, d);
            rows = null;
            float[] initial = new float[k * d];
            try (KMeans km = new KMeans(k)) {
                km.seed(seed).maxIterations(1).fit(all, n, d);
                km.getInitialCentroids(initial);
            }
            long tSeeded = System.nanoTime();
            fitFrom(vectors, initial, k, d, 1, 0);  // warm-up, not timed: every executor loads the natives and JIT-compiles
            long tWarm = System.nanoTime();
            Model model = fitFrom(vectors, initial, k, d, 100, 1e-4);
            long t1 = System.nanoTime();
            vectors.unpersist(false);
            float[] x = Blobs.points(n, d, k, seed);  // the same points, made on the driver
            long t1x = System.nanoTime();
            float[] single = new float[k * d];
            int iterations;
            try (KMeans km = new KMeans(k)) {
                km.seed(seed).threads(1).maxIterations(100).tolerance(1e-4).fit(x, n, d);
                km.getCentroids(single);
                iterations = km.iterations();
            }
            long t2 = System.nanoTime();
            int differ = 0;
            for (int i = 0; i < single.length; i++) {
                if (Math.abs(single[i] - model.centroids[i]) > Math.ulp(single[i])) differ++;
            }
            System.out.printf("master %s, default parallelism %d, n=%d d=%d k=%d partitions=%d%n",
                    spark.sparkContext().master(), spark.sparkContext().defaultParallelism(), n, d, k, partitions);
            System.out.printf("spark k-means: %d iterations, inertia %.6g, %d empty clusters; seeding on the driver (collect + k-means++) %.2f s, "
                    + "Lloyd on the executors %.2f s (%.3f s per pass over the data, after a warm-up pass)%n", model.iterations, model.inertia, model.emptyClusters,
                    (tSeeded - t0) / 1e9, (t1 - tWarm) / 1e9, (t1 - tWarm) / 1e9 / (model.iterations + 1));
            System.out.printf("single-machine KMeans (1 thread, in the driver): %d iterations, %.2f s%n", iterations, (t2 - t1x) / 1e9);
            boolean same = differ == 0 && iterations == model.iterations && model.emptyClusters == 0;
            System.out.println(same ? "RESULT: centroids equal single-machine KMeans within 1 ulp"
                                    : "RESULT: MISMATCH (" + differ + " centroid values differ, iterations " + model.iterations
                                              + " vs " + iterations + ")");
            if (!same) System.exit(1);
        } finally {
            spark.stop();
        }
    }
}
