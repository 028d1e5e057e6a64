package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mymodule.global.mymodule.assignClusters;
import static org.mymodule.global.mymodule.liveObjects;
import static org.mymodule.global.mymodule.parallelSum;
import static org.mymodule.global.mymodule.sum;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.mymodule.reference.Blobs;

/**
 * Boundary cases that crash the JVM when the binding is wrong, each run by {@link BoundaryTest} in a
 * child JVM of its own (under -Xcheck:jni, glibc filling and unmapping freed memory) so that a crash
 * fails that one test. Each case checks one behaviour of the lifetime model: close() waits or throws
 * IllegalStateException, never frees what is in use; a use after close() throws
 * IllegalStateException; inherited Pointer methods that would change our objects throw
 * UnsupportedOperationException; finite extremes give labels in [0, k).
 *
 * <p>By hand: {@code java -Xcheck:jni -cp <test class path> org.mymodule.BoundaryCases <case>}; prints PASS or FAIL.
 */
public final class BoundaryCases {
    private BoundaryCases() {}

    public static void main(String[] args) throws Exception {
        org.bytedeco.javacpp.Loader.load(org.mymodule.global.mymodule.class);  // JavaCPP's Pointer natives live in our library
        Method m = BoundaryCases.class.getDeclaredMethod(args[0]);
        try {
            m.invoke(null);
            System.out.println("PASS " + args[0]);
            System.out.flush();
            System.exit(0);
        } catch (java.lang.reflect.InvocationTargetException e) {
            System.out.println("FAIL " + args[0] + ": " + e.getCause());
            e.getCause().printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
    }

    // ---- finite extremes (run on every SIMD path: BoundaryTest sets MYMODULE_SIMD)

    /** One point of 1000 coordinates near Float.MAX_VALUE, k = 1: its own centroid, label 0, inertia 0. */
    static void kmeansOnePointNearFloatMax() {
        float[] data = new float[1000];
        Arrays.fill(data, 3e38f);
        try (KMeans km = new KMeans(1)) {
            km.fit(data, 1, 1000);
            int[] labels = {-1};
            km.getLabels(labels);
            assertEquals(0, labels[0], "label of the only point with k = 1");
            float[] c = new float[1000];
            km.getCentroids(c);
            assertArrayEquals(data, c, "the centroid of one point is the point");
            assertEquals(0.0, km.inertia());
        }
    }

    /**
     * Three clusters at -3e38, 0 and 3e38 (squared distances overflow float, so which rows share a label is
     * not promised): every label in [0, 3), finite centroids, an inertia that is not NaN.
     */
    static void kmeansThreeClustersNearFloatMax() {
        int n = 300, d = 8;
        float[] data = new float[n * d];
        Random r = new Random(5);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                data[i * d + j] = (i % 3 - 1) * 3e38f + (float) (r.nextGaussian() * 1e34);
            }
        }
        try (KMeans km = new KMeans(3).seed(1)) {
            km.fit(data, n, d);
            int[] labels = new int[n];
            km.getLabels(labels);
            for (int i = 0; i < n; i++) {
                assertTrue(labels[i] >= 0 && labels[i] < 3, "label " + labels[i] + " of row " + i + " is outside [0, 3)");
            }
            int[] predicted = new int[n];
            km.predict(data, n, predicted);
            for (int i = 0; i < n; i++) {
                assertTrue(predicted[i] >= 0 && predicted[i] < 3, "predicted label " + predicted[i] + " of row " + i + " is outside [0, 3)");
            }
            float[] c = new float[3 * d];
            km.getCentroids(c);
            for (float v : c) {
                assertTrue(Float.isFinite(v), "centroid coordinate " + v);
            }
            assertFalse(Double.isNaN(km.inertia()), "inertia");
        }
    }

    /** assignClusters({1}, centroid {Float.MAX_VALUE}, k = 1): label 0. */
    static void assignClustersMaxValueCentroid() {
        int[] labels = {-1};
        double inertia = assignClusters(new float[] {1f}, 1, 1, new float[] {Float.MAX_VALUE}, 1, labels);
        assertEquals(0, labels[0], "the only centroid's label with k = 1");
        assertFalse(Double.isNaN(inertia), "inertia " + inertia);
    }

    // ---- one object, two threads

    /** What a call ended with: null, or what it threw; only the given types are allowed. */
    static Throwable outcome(Runnable call, Class<?>... allowed) {
        try {
            call.run();
            return null;
        } catch (Throwable t) {
            for (Class<?> c : allowed) {
                if (c.isInstance(t)) {
                    return t;
                }
            }
            throw new AssertionError("threw " + t + ", not one of " + Arrays.toString(allowed), t);
        }
    }

    /** Runs use on another thread, waits until it is inside (started), closes o, and checks the model. */
    static void closeDuring(AutoCloseable o, Runnable use, CountDownLatch inside, long extraDelayMillis, Runnable usable) throws Exception {
        AtomicReference<Throwable> used = new AtomicReference<>();
        Thread a = new Thread(() -> {
            try {
                used.set(outcome(use, IllegalStateException.class, CancellationException.class));
            } catch (AssertionError e) {
                used.set(e);
            }
        }, "user");
        a.start();
        inside.await();
        Thread.sleep(extraDelayMillis);
        Throwable closed = outcome(() -> {
            try {
                o.close();
            } catch (Exception e) {
                throw e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e);
            }
        }, IllegalStateException.class);
        a.join();
        if (used.get() instanceof AssertionError) {
            throw (AssertionError) used.get();
        }
        if (closed == null) {
            assertThrows(IllegalStateException.class, usable::run, "a use after close() returned");
        } else {
            boolean named = false;
            for (Class<?> c = o.getClass(); c != NativeObject.class && c != null; c = c.getSuperclass()) {
                named |= closed.getMessage() != null && closed.getMessage().contains(c.getSimpleName());
            }
            assertTrue(named, "close() refused while in use must name the object: " + closed.getMessage());
            usable.run();  // refused: still usable
            o.close();
        }
    }

    static void closeDuringFit() throws Exception {
        float[] data = Blobs.points(100_000, 8, 3, 1);
        KMeans km = new KMeans(16).threads(2).maxIterations(40).tolerance(0);
        CountDownLatch inside = new CountDownLatch(1);
        try (ProgressListener l = Progress.listener((done, total) -> {
                inside.countDown();
                return true;
            })) {
            closeDuring(km, () -> km.fit(data, 100_000, 8, l), inside, 5, km::inertia);
        }
    }

    static void closeDuringStep() throws Exception {
        NBody nb = NBody.plummer(3000, 1).threads(2);
        CountDownLatch inside = new CountDownLatch(1);
        try (ProgressListener l = Progress.listener((done, total) -> {
                inside.countDown();
                return true;
            })) {
            closeDuring(nb, () -> nb.step(40, l), inside, 5, nb::totalEnergy);
        }
    }

    static void closeDuringTotalEnergy() throws Exception {
        NBody nb = NBody.plummer(20_000, 1).threads(2);
        CountDownLatch inside = new CountDownLatch(1);
        closeDuring(nb, () -> {
            inside.countDown();
            nb.totalEnergy();
        }, inside, 30, nb::totalEnergy);
    }

    static void closeDuringAdd() throws Exception {
        RunningStats stats = new RunningStats();
        CountDownLatch inside = new CountDownLatch(1);
        try (FloatPointer values = new FloatPointer(20_000_000L)) {
            values.fill(0);
            closeDuring(stats, () -> {
                inside.countDown();
                stats.add(values);
            }, inside, 20, stats::count);
        }
    }

    /** A listener closed by another thread while parallelSum's workers call it. */
    static void closeListenerDuringParallelSum() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        ProgressListener l = Progress.listener((done, total) -> {
            inside.countDown();
            return true;
        });
        try (FloatPointer values = new FloatPointer(20_000_000L)) {
            values.fill(0);
            closeDuring(l, () -> parallelSum(values, 2, 10_000, l), inside, 2, () -> parallelSum(new float[] {1}, 1, 1, l));
        }
    }

    /** Two threads close one object at the same moment, 400 times: no double free, each C++ object destroyed once. */
    static void twoClosesAtOnce() throws Exception {
        long before = liveObjects();
        for (int i = 0; i < 400; i++) {
            AutoCloseable o = i % 4 == 0 ? new KMeans(2) : i % 4 == 1 ? new RunningStats() : i % 4 == 2 ? new NBody(8)
                    : Progress.listener((done, total) -> true);
            CyclicBarrier barrier = new CyclicBarrier(2);
            Throwable[] failures = new Throwable[2];
            Thread[] threads = new Thread[2];
            for (int t = 0; t < 2; t++) {
                int ti = t;
                threads[t] = new Thread(() -> {
                    try {
                        barrier.await();
                        o.close();
                    } catch (Throwable e) {
                        failures[ti] = e;
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            for (Throwable f : failures) {
                if (f != null) {
                    throw new AssertionError("close() at the same time as another close() threw", f);
                }
            }
        }
        assertEquals(before, liveObjects(), "every object destroyed exactly once");
    }

    /** Two threads fit one KMeans: each fit returns or throws IllegalStateException; the result is one serial fit's. */
    static void twoFitsAtOnce() throws Exception {
        int n = 20_000, d = 4;
        float[][] data = {Blobs.points(n, d, 3, 1), Blobs.points(n, d, 3, 2)};
        double[] inertia = new double[2];
        float[][] centroids = new float[2][4 * d];
        for (int t = 0; t < 2; t++) {
            try (KMeans serial = new KMeans(4).seed(3).threads(1).maxIterations(20)) {
                serial.fit(data[t], n, d);
                inertia[t] = serial.inertia();
                serial.getCentroids(centroids[t]);
            }
        }
        try (KMeans km = new KMeans(4).seed(3).threads(1).maxIterations(20)) {
            for (int round = 0; round < 10; round++) {
                CyclicBarrier barrier = new CyclicBarrier(2);
                Throwable[] outcomes = new Throwable[2];
                Thread[] threads = new Thread[2];
                for (int t = 0; t < 2; t++) {
                    int ti = t;
                    threads[t] = new Thread(() -> {
                        try {
                            barrier.await();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        try {
                            outcomes[ti] = outcome(() -> km.fit(data[ti], n, d), IllegalStateException.class);
                        } catch (AssertionError e) {
                            outcomes[ti] = e;
                        }
                    });
                    threads[t].start();
                }
                for (Thread t : threads) {
                    t.join();
                }
                for (Throwable o : outcomes) {
                    if (o instanceof AssertionError) {
                        throw (AssertionError) o;
                    }
                }
                assertTrue(outcomes[0] == null || outcomes[1] == null, "at least one of two conflicting fits runs");
                float[] c = new float[4 * d];
                km.getCentroids(c);
                boolean matches = false;
                for (int t = 0; t < 2; t++) {
                    matches |= outcomes[t] == null && km.inertia() == inertia[t] && Arrays.equals(c, centroids[t]);
                }
                assertTrue(matches, "round " + round + ": inertia " + km.inertia() + " is the serial result of no fit that returned "
                        + Arrays.toString(inertia));
            }
        }
    }

    /** Two threads add 20 million values each to one RunningStats: 40 million counted, or one add refused; never 20 million silently. */
    static void twoThreadsAddToOneRunningStats() throws Exception {
        try (RunningStats stats = new RunningStats(); FloatPointer values = new FloatPointer(20_000_000L)) {
            float[] ones = new float[20_000_000];
            Arrays.fill(ones, 1f);
            values.put(ones);
            CyclicBarrier barrier = new CyclicBarrier(2);
            Throwable[] outcomes = new Throwable[2];
            Thread[] threads = new Thread[2];
            for (int t = 0; t < 2; t++) {
                int ti = t;
                threads[t] = new Thread(() -> {
                    try {
                        barrier.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    try {
                        outcomes[ti] = outcome(() -> stats.add(values), IllegalStateException.class);
                    } catch (AssertionError e) {
                        outcomes[ti] = e;
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            long added = 0;
            for (Throwable o : outcomes) {
                if (o instanceof AssertionError) {
                    throw (AssertionError) o;
                }
                added += o == null ? 20_000_000L : 0;
            }
            assertEquals(added, stats.count(), "values counted after two concurrent adds of 20 million, " + Arrays.toString(outcomes));
            assertEquals(1.0, stats.mean());
        }
    }

    // ---- callbacks that close

    /** A lambda listener closes itself in its first onProgress: no crash; the sum right or a typed exception; then closed or still usable. */
    static void listenerClosesItself() {
        AtomicReference<ProgressListener> self = new AtomicReference<>();
        AtomicReference<Throwable> closeInside = new AtomicReference<>();
        AtomicInteger calls = new AtomicInteger();
        ProgressListener l = Progress.listener((done, total) -> {
            if (calls.getAndIncrement() == 0) {
                closeInside.set(outcome(() -> self.get().close(), IllegalStateException.class));
            }
            return true;
        });
        self.set(l);
        float[] ones = new float[1_000_000];
        Arrays.fill(ones, 1f);
        Throwable t = outcome(() -> assertEquals(1e6, parallelSum(ones, 2, 10_000, l)), IllegalStateException.class, CancellationException.class);
        if (closeInside.get() == null) {
            assertThrows(IllegalStateException.class, () -> parallelSum(ones, 1, 1000, l), "a listener closed inside onProgress, used again");
        } else {
            assertEquals(null, t, "close() inside onProgress was refused, so the operation goes on");
            l.close();
        }
        assertTrue(calls.get() > 0);
    }

    /** A listener closes the KMeans being fitted inside onProgress: no crash, no garbage result. */
    static void listenerClosesKMeansBeingFitted() {
        float[] data = Blobs.points(5_000, 4, 3, 4);
        KMeans km = new KMeans(5).threads(2).maxIterations(20).tolerance(0);
        AtomicReference<Throwable> closeInside = new AtomicReference<>(new AssertionError("onProgress never called"));
        try (ProgressListener l = Progress.listener((done, total) -> {
                if (done == 2) {
                    closeInside.set(outcome(km::close, IllegalStateException.class));
                }
                return true;
            })) {
            Throwable fit = outcome(() -> km.fit(data, 5_000, 4, l), IllegalStateException.class, CancellationException.class);
            if (closeInside.get() == null) {
                assertThrows(IllegalStateException.class, km::iterations, "KMeans closed inside onProgress, used after the fit");
            } else {
                assertTrue(closeInside.get() instanceof IllegalStateException, String.valueOf(closeInside.get()));
                assertEquals(null, fit, "close() inside onProgress was refused, so the fit goes on");
                assertTrue(km.iterations() >= 2 && km.iterations() <= 20, "iterations " + km.iterations() + " of a fit that went on");
                km.close();
            }
        }
    }

    /** A listener closes the NBody being stepped inside onProgress. */
    static void listenerClosesNBodyBeingStepped() {
        NBody nb = NBody.plummer(2000, 2).threads(2);
        AtomicReference<Throwable> closeInside = new AtomicReference<>(new AssertionError("onProgress never called"));
        try (ProgressListener l = Progress.listener((done, total) -> {
                if (done == 3) {
                    closeInside.set(outcome(nb::close, IllegalStateException.class));
                }
                return true;
            })) {
            Throwable step = outcome(() -> nb.step(10, l), IllegalStateException.class, CancellationException.class);
            if (closeInside.get() == null) {
                assertThrows(IllegalStateException.class, nb::steps, "NBody closed inside onProgress, used after the step");
            } else {
                assertEquals(null, step, "close() inside onProgress was refused, so the step goes on");
                assertEquals(10, nb.steps());
                nb.close();
            }
        }
    }

    // ---- views and the GC

    /** positionsView() read after close(): refused, or still the positions it showed (the memory kept). */
    static void positionsViewAfterClose() {
        NBody nb = NBody.plummer(20_000, 3);
        float[] before = new float[60_000];
        nb.getPositions(before);
        FloatPointer view = nb.positionsView();
        nb.close();
        churn();
        try {
            float[] now = new float[60_000];
            view.get(now);
            assertArrayEquals(before, now, "a view read after close() must refuse or show the positions it showed");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
        }
    }

    /** positionsView() of an NBody nobody references any more, after garbage collections: refused, or its positions. */
    static void positionsViewAfterGcOfItsNBody() throws InterruptedException {
        FloatPointer view = NBody.plummer(20_000, 3).positionsView();
        for (int i = 0; i < 5; i++) {
            System.gc();
            Pointer.deallocateReferences();
            Thread.sleep(20);
        }
        churn();
        float[] expected = new float[60_000];
        try (NBody same = NBody.plummer(20_000, 3)) {
            same.getPositions(expected);
        }
        try {
            float[] now = new float[60_000];
            view.get(now);
            assertArrayEquals(expected, now, "a view must keep its NBody reachable, or refuse");
        } catch (IllegalStateException expectedRefusal) {
            assertTrue(expectedRefusal.getMessage() != null);
        }
    }

    /** Allocations of the size just freed, so that freed memory is reused or unmapped before it is read again. */
    private static void churn() {
        for (int i = 0; i < 4; i++) {
            try (FloatPointer p = new FloatPointer(60_000)) {
                p.fill(0x7f);
            }
        }
    }

    // ---- JavaCPP's inherited Pointer API on our objects

    /** km.zero() would zero the C++ object (k = 0, then a division by zero in fit): refused, and fit still works. */
    static void zeroThenFit() {
        try (KMeans km = new KMeans(3)) {
            Throwable zero = outcome(km::zero, UnsupportedOperationException.class);
            km.fit(Blobs.points(30, 2, 3, 1), 30, 2);
            assertEquals(3, km.k());
            assertTrue(zero instanceof UnsupportedOperationException, "zero() on a KMeans returned normally");
        }
    }

    /** km.limit(4096).fill(0) would write 4096 objects' worth: refused, and the object still works. */
    static void limitThenFill() {
        try (KMeans km = new KMeans(3)) {
            Throwable t = outcome(() -> km.limit(4096).fill(0), UnsupportedOperationException.class);
            km.fit(Blobs.points(30, 2, 3, 1), 30, 2);
            assertTrue(t instanceof UnsupportedOperationException, "limit(4096).fill(0) on a KMeans returned normally");
        }
    }

    /** deallocate(false) would disown the C++ object (a leak): refused, and close() still destroys it. */
    static void deallocateFalse() {
        long before = liveObjects();
        RunningStats stats = new RunningStats();
        Throwable t = outcome(() -> stats.deallocate(false), UnsupportedOperationException.class);
        stats.add(new float[] {1, 2});
        stats.close();
        assertTrue(t instanceof UnsupportedOperationException, "deallocate(false) on a RunningStats returned normally");
        assertEquals(before, liveObjects(), "the RunningStats is destroyed by close()");
    }

    // ---- Pointer arguments far out of their allocation

    static void positionFarNegativeArgument() {
        FloatPointer p = new FloatPointer(1f, 2f, 3f);
        p.position(-(1L << 40));
        RuntimeException e = assertThrows(RuntimeException.class, () -> sum(p));
        assertTrue(e instanceof IndexOutOfBoundsException || e instanceof IllegalArgumentException, e.toString());
        p.position(0).close();
    }

    static void limitFarPastCapacityArgument() {
        FloatPointer p = new FloatPointer(1f, 2f, 3f);
        p.limit(1L << 40);
        RuntimeException e = assertThrows(RuntimeException.class, () -> sum(p));
        assertTrue(e instanceof IndexOutOfBoundsException || e instanceof IllegalArgumentException, e.toString());
        p.limit(3).close();
    }

    // ---- listener exceptions

    /** A Java subclass of ProgressListener throws: the caller gets that very object (BoundaryTest also checks for -Xcheck:jni warnings). */
    static void subclassListenerExceptionIsTheSameObject() {
        IllegalStateException thrown = new IllegalStateException("disk full");
        float[] ones = new float[100_000];
        try (ProgressListener l = new ProgressListener() {
                @Override public boolean onProgress(long done, long total) {
                    if (done >= 30_000) {
                        throw thrown;
                    }
                    return true;
                }
            }) {
            Throwable caught = assertThrows(Throwable.class, () -> parallelSum(ones, 2, 1_000, l));
            assertSame(thrown, caught, "the caller gets the listener's own exception, got " + caught);
        }
    }

}
