package org.mymodule.samples.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.mymodule.global.mymodule;
import org.mymodule.reference.Blobs;

/**
 * A task that throws in the middle of its partition, after native memory was allocated and used,
 * is retried by Spark (local[2,4]: 2 threads, 4 attempts per task) without a crash, with the same
 * result, and without a leak: JavaCPP's counters and mymodule's live objects in the executor (in
 * local mode, this JVM) return to what they were before the job.
 */
class SparkRetryTest {
    static final AtomicInteger injected = new AtomicInteger();
    static final AtomicLong bytesAtFailure = new AtomicLong();

    /** JavaCPP's tracked allocations and bytes, and mymodule's live C++ objects. */
    static long[] counters() {
        return new long[] {Pointer.totalCount(), Pointer.totalBytes(), mymodule.liveObjects()};
    }

    /** Collects garbage until the counters equal the baseline, for at most about two seconds. */
    static long[] settle(long[] baseline) throws InterruptedException {
        long[] now = counters();
        for (int i = 0; i < 40 && !java.util.Arrays.equals(now, baseline); i++) {
            System.gc();
            Thread.sleep(50);
            Pointer.deallocateReferences();
            now = counters();
        }
        return now;
    }

    /** The rows of partition 1 on its first attempt: row 4,500 throws, after a first native batch of 4,096 rows was added. */
    static Iterator<float[]> failOnce(int partition, Iterator<float[]> rows) {
        if (partition != 1 || TaskContext.get().attemptNumber() != 0) return rows;
        return new Iterator<float[]>() {
            int row;

            @Override public boolean hasNext() {
                return rows.hasNext();
            }

            @Override public float[] next() {
                if (++row == 4_500) {
                    bytesAtFailure.set(Pointer.totalBytes());
                    injected.incrementAndGet();
                    throw new IllegalStateException("injected failure in partition 1, attempt 0, row 4500");
                }
                return rows.next();
            }
        };
    }

    @Test void aTaskThatFailsAfterAllocatingNativeMemoryIsRetriedWithoutALeak() throws InterruptedException {
        SparkSession spark = SparkSession.builder().master("local[2,4]").appName("SparkRetryTest")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            int n = 10_000, d = 3, k = 4;  // 2 partitions of 5,000 rows: two native batches each
            float[] x = Blobs.points(n, d, k, 9);
            JavaRDD<float[]> vectors = SparkKMeans.vectors(SparkKMeans.dataset(spark, x, n, d, 2), "features").cache();
            assertEquals(n, vectors.count());
            float[] centroids = java.util.Arrays.copyOf(x, k * d);
            long[] baseline = counters();  // natives loaded (counters() calls mymodule), nothing of ours allocated

            List<SparkKMeans.Partial> clean = vectors.mapPartitionsWithIndex((p, rows) -> Collections.singletonList(
                    SparkKMeans.accumulatePartition(p, rows, centroids, k, d)).iterator(), true).collect();
            List<SparkKMeans.Partial> retried = vectors.mapPartitionsWithIndex((p, rows) -> Collections.singletonList(
                    SparkKMeans.accumulatePartition(p, failOnce(p, rows), centroids, k, d)).iterator(), true).collect();

            assertEquals(1, injected.get(), "one task failed once");
            assertTrue(bytesAtFailure.get() > baseline[1], "native memory was in use when the task threw");
            assertEquals(2, retried.size());
            for (int p = 0; p < 2; p++) {
                assertEquals(p, retried.get(p).partition);
                assertArrayEquals(clean.get(p).sums, retried.get(p).sums);
                assertArrayEquals(clean.get(p).counts, retried.get(p).counts);
                assertEquals(clean.get(p).inertia, retried.get(p).inertia);
            }
            assertArrayEquals(baseline, settle(baseline), "JavaCPP pointers, bytes and mymodule objects after the job");
        } finally {
            spark.stop();
        }
    }
}
