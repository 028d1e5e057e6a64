package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mymodule.global.mymodule.moments;
import static org.mymodule.global.mymodule.parallelSum;
import static org.mymodule.global.mymodule.sum;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mymodule.reference.Blobs;

/**
 * The boundary of the lifetime model, one behaviour per test. Cases that crash the JVM when the
 * binding is wrong ({@link BoundaryCases}) each run in a child JVM of their own, under -Xcheck:jni
 * (any warning but JavaCPP's known one fails them), with glibc filling freed memory and unmapping
 * freed blocks of 128 KiB or more, two children at a time, all started when the first test needs one; the
 * finite-extreme cases run once per SIMD path (MYMODULE_SIMD). The others run here. Logs go to
 * target/boundary/.
 */
@ExtendWith(NativeLeakCheck.class)
class BoundaryTest {
    /** Child-JVM cases, by the BoundaryCases method name. */
    static final String[] CHILD_CASES = {"closeDuringFit", "closeDuringStep", "closeDuringTotalEnergy", "closeDuringAdd",
            "closeListenerDuringParallelSum", "twoClosesAtOnce", "twoFitsAtOnce", "twoThreadsAddToOneRunningStats", "listenerClosesItself",
            "listenerClosesKMeansBeingFitted", "listenerClosesNBodyBeingStepped", "positionsViewAfterClose", "positionsViewAfterGcOfItsNBody",
            "zeroThenFit", "limitThenFill", "deallocateFalse", "positionFarNegativeArgument", "limitFarPastCapacityArgument",
            "subclassListenerExceptionIsTheSameObject"};
    /** Run once per SIMD path: null (the best this CPU has), then capped. */
    static final String[] EXTREME_CASES = {"kmeansOnePointNearFloatMax", "kmeansThreeClustersNearFloatMax", "assignClustersMaxValueCentroid"};
    static final String[] SIMD = {null, "avx2", "baseline"};

    private static final Map<String, Future<String>> RESULTS = new ConcurrentHashMap<>();
    private static ExecutorService pool;

    /** Starts every child case, two at a time, when the first test asks for one (none when only in-process tests run). */
    private static synchronized void startChildren() {
        if (pool != null) {
            return;
        }
        pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "boundary-children");
            t.setDaemon(true);
            return t;
        });
        for (String c : CHILD_CASES) {
            RESULTS.put(c, pool.submit(() -> runChild(c, null)));
        }
        for (String c : EXTREME_CASES) {
            for (String simd : SIMD) {
                RESULTS.put(key(c, simd), pool.submit(() -> runChild(c, simd)));
            }
        }
    }

    @AfterAll static synchronized void stopChildren() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static String key(String name, String simd) {
        return simd == null ? name : name + "-" + simd;
    }

    /** Runs one case in a fresh JVM; null when it passed, else what went wrong. */
    static String runChild(String name, String simd) throws Exception {
        Path dir = Paths.get("target", "boundary").toAbsolutePath();
        Path log = dir.resolve(key(name, simd) + ".log");
        List<String> command = ChildJvm.command(BoundaryCases.class.getName(), false, Arrays.asList("-Xcheck:jni", "-Xmx512m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ErrorLogTimeout=10",  // a crash report may hang on corrupted memory
                "-XX:ErrorFile=" + dir.resolve("hs_err_" + key(name, simd) + "_pid%p.log")), name);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MALLOC_PERTURB_", "165");
        env.put("MALLOC_MMAP_THRESHOLD_", "131072");
        if (simd != null) {
            env.put("MYMODULE_SIMD", simd);
        }
        int exit = ChildJvm.run(command, log, 180, env);
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        List<String> problems = new ArrayList<>();
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        boolean passed = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("PASS ")) {
                passed = true;
            } else if (line.startsWith("FAIL ")) {
                problems.add(line.substring(5));
            } else if ((line.startsWith("WARNING in native method") || line.startsWith("FATAL ERROR in native method"))
                    && !ConcurrencyFuzzTest.Result.knownWarning(lines, i, taken)) {
                problems.add("-Xcheck:jni: " + line + ConcurrencyFuzzTest.Result.nextFrame(lines, i));
            } else if (line.startsWith("# Problematic frame:") && i + 1 < lines.size()) {
                problems.add("crashed in " + lines.get(i + 1).substring(1).trim());
            } else if (line.contains("double free") || line.contains("corrupted") || line.contains("invalid pointer")
                    || line.contains("invalid size") || line.contains("(): ")) {
                problems.add("glibc: " + line.trim());
            }
        }
        if (exit != 0 || !passed) {
            problems.add(0, exit == -1 ? "timed out after 180 s (a deadlock?)" : "the child JVM exited with " + exit
                    + (exit == 134 ? " (SIGABRT)" : exit == 1 ? "" : " (a crash)"));
        }
        if (problems.isEmpty()) {
            return null;
        }
        return String.join("\n", problems) + "\nlog " + log + "\nreplay: " + ChildJvm.shell(command, env);
    }

    private static void inChild(String name) throws Exception {
        inChild(name, null);
    }

    private static void inChild(String name, String simd) throws Exception {
        assumeTrue(ChildJvm.native_(), "the child-JVM cases run natively only, not under emulation");
        startChildren();
        String failure = RESULTS.get(key(name, simd)).get();
        if (failure != null) {
            fail(key(name, simd) + ": " + failure);
        }
    }

    // ---- finite extremes, on every SIMD path

    @Test void kmeansOnePointNearFloatMax() throws Exception {
        inChild("kmeansOnePointNearFloatMax");
    }

    @Test void kmeansOnePointNearFloatMaxAvx2() throws Exception {
        inChild("kmeansOnePointNearFloatMax", "avx2");
    }

    @Test void kmeansOnePointNearFloatMaxBaseline() throws Exception {
        inChild("kmeansOnePointNearFloatMax", "baseline");
    }

    @Test void kmeansThreeClustersNearFloatMax() throws Exception {
        inChild("kmeansThreeClustersNearFloatMax");
    }

    @Test void kmeansThreeClustersNearFloatMaxAvx2() throws Exception {
        inChild("kmeansThreeClustersNearFloatMax", "avx2");
    }

    @Test void kmeansThreeClustersNearFloatMaxBaseline() throws Exception {
        inChild("kmeansThreeClustersNearFloatMax", "baseline");
    }

    @Test void assignClustersMaxValueCentroid() throws Exception {
        inChild("assignClustersMaxValueCentroid");
    }

    @Test void assignClustersMaxValueCentroidAvx2() throws Exception {
        inChild("assignClustersMaxValueCentroid", "avx2");
    }

    @Test void assignClustersMaxValueCentroidBaseline() throws Exception {
        inChild("assignClustersMaxValueCentroid", "baseline");
    }

    // ---- one object, two threads (child JVMs)

    @Test void closeDuringAnotherThreadsFit() throws Exception {
        inChild("closeDuringFit");
    }

    @Test void closeDuringAnotherThreadsStep() throws Exception {
        inChild("closeDuringStep");
    }

    @Test void closeDuringAnotherThreadsTotalEnergy() throws Exception {
        inChild("closeDuringTotalEnergy");
    }

    @Test void closeDuringAnotherThreadsAdd() throws Exception {
        inChild("closeDuringAdd");
    }

    @Test void closeOfAListenerARunningParallelSumUses() throws Exception {
        inChild("closeListenerDuringParallelSum");
    }

    @Test void twoClosesAtOnceDestroyOnce() throws Exception {
        inChild("twoClosesAtOnce");
    }

    @Test void twoFitsAtOnceOnOneKMeans() throws Exception {
        inChild("twoFitsAtOnce");
    }

    @Test void twoThreadsAddingToOneRunningStatsLoseNothing() throws Exception {
        inChild("twoThreadsAddToOneRunningStats");
    }

    // ---- callbacks that close (child JVMs)

    @Test void listenerClosingItselfInsideOnProgress() throws Exception {
        inChild("listenerClosesItself");
    }

    @Test void listenerClosingTheKMeansItReportsOn() throws Exception {
        inChild("listenerClosesKMeansBeingFitted");
    }

    @Test void listenerClosingTheNBodyItReportsOn() throws Exception {
        inChild("listenerClosesNBodyBeingStepped");
    }

    // ---- views and the GC (child JVMs)

    @Test void positionsViewAfterClose() throws Exception {
        inChild("positionsViewAfterClose");
    }

    @Test void positionsViewAfterItsNBodyWasCollected() throws Exception {
        inChild("positionsViewAfterGcOfItsNBody");
    }

    // ---- inherited Pointer API (child JVMs)

    @Test void zeroIsRefusedAndFitStillWorks() throws Exception {
        inChild("zeroThenFit");
    }

    @Test void limitThenFillIsRefused() throws Exception {
        inChild("limitThenFill");
    }

    @Test void deallocateFalseIsRefused() throws Exception {
        inChild("deallocateFalse");
    }

    // ---- Pointer arguments

    @Test void positionFarBelowZeroIsRefused() throws Exception {
        inChild("positionFarNegativeArgument");
    }

    @Test void limitFarPastTheCapacityIsRefused() throws Exception {
        inChild("limitFarPastCapacityArgument");
    }

    /** position(-4) on a FloatPointer of 8 would read 16 bytes before the allocation. */
    @Test void negativePositionIsRefused() {
        try (FloatPointer p = new FloatPointer(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f)) {
            p.position(-4);
            RuntimeException e = assertThrows(RuntimeException.class, () -> sum(p));
            assertTrue(e instanceof IndexOutOfBoundsException || e instanceof IllegalArgumentException, e.toString());
            p.position(0);
        }
    }

    /**
     * limit(capacity + 16): past the end of the allocation. The binding sees the limit, not the
     * capacity, and checks it against the memory behind the Pointer (malloc's size of a JavaCPP
     * allocation, which rounds up by a few elements, or a view's exact size): a limit inside that
     * rounding is the caller's responsibility (docs/how-it-works.md, Safety).
     */
    @Test void limitPastTheCapacityIsRefused() {
        try (FloatPointer p = new FloatPointer(1f, 2f, 3f)) {
            p.limit(3 + 16);
            RuntimeException e = assertThrows(RuntimeException.class, () -> sum(p));
            assertTrue(e instanceof IndexOutOfBoundsException || e instanceof IllegalArgumentException, e.toString());
            p.limit(3);
        }
    }

    // ---- NIO buffers

    /** ByteBuffer.allocateDirect(n).asFloatBuffer() is big-endian: its values, or IllegalArgumentException, never raw bytes. */
    @Test void bigEndianFloatBufferSumsRightOrIsRefused() {
        FloatBuffer b = ByteBuffer.allocateDirect(4000).asFloatBuffer();
        for (int i = 0; i < 1000; i++) {
            b.put(i, i + 1);
        }
        try (FloatPointer p = Buffers.pointer(b)) {
            assertEquals(500500.0, sum(p), "sum of 1..1000 through a big-endian buffer");
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage().toLowerCase().contains("order") || refused.getMessage().toLowerCase().contains("endian"),
                    "the refusal names the byte order: " + refused.getMessage());
        }
    }

    /** A read-only direct buffer as an output: refused, or its memory untouched. */
    @Test void readOnlyBufferAsOutputIsRefusedOrUntouched() {
        ByteBuffer memory = ByteBuffer.allocateDirect(4 * 6).order(ByteOrder.nativeOrder());
        FloatBuffer readOnly = memory.asFloatBuffer().asReadOnlyBuffer();
        try (KMeans km = new KMeans(2).seed(1)) {
            km.fit(new float[] {0, 0, 0, 1, 1, 1, 10, 10, 10, 11, 11, 11}, 4, 3);
            try (FloatPointer out = Buffers.pointer(readOnly)) {
                km.getCentroids(out);
            } catch (IllegalArgumentException | UnsupportedOperationException refused) {
                assertTrue(refused.getMessage() != null && refused.getMessage().toLowerCase().contains("read-only"),
                        "the refusal says read-only: " + refused.getMessage());
            }
        }
        for (int i = 0; i < 6; i++) {
            assertEquals(0f, memory.getFloat(4 * i), "element " + i + " of a read-only buffer was written");
        }
    }

    /** A heap FloatBuffer without an accessible array (a view of a heap ByteBuffer): its values, or a typed refusal that says why. */
    @Test void heapBufferWithoutArrayWorksOrIsRefusedByName() {
        FloatBuffer b = ByteBuffer.allocate(4000).order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < 1000; i++) {
            b.put(i, i + 1);
        }
        assertTrue(!b.hasArray() && !b.isDirect());
        try (FloatPointer p = Buffers.pointer(b)) {
            assertTrue(!p.isNull(), "Buffers.pointer returned a Pointer at address 0");
            assertEquals(500500.0, sum(p));
        } catch (IllegalArgumentException | UnsupportedOperationException refused) {
            assertTrue(refused.getMessage() != null && refused.getMessage().toLowerCase().contains("array"),
                    "the refusal names the problem (no accessible array): " + refused.getMessage());
        }
    }

    // ---- listener exceptions

    @Test void subclassListenerExceptionReachesTheCallerAsTheSameObject() throws Exception {
        inChild("subclassListenerExceptionIsTheSameObject");
    }

    /** onProgress of a throwing lambda listener, called directly: the lambda's exception, not a silent false. */
    @Test void throwingLambdaCalledDirectlyThrowsItsException() {
        IllegalStateException thrown = new IllegalStateException("thrown by the lambda");
        try (ProgressListener l = Progress.listener((done, total) -> {
                throw thrown;
            })) {
            assertSame(thrown, assertThrows(IllegalStateException.class, () -> l.onProgress(1, 2)));
        }
    }

    /**
     * Lambdas' exceptions from direct calls never reach a later operation, whose listener may sit at
     * one of their addresses (200 of each here): it cancels with CancellationException.
     */
    @Test void noStaleListenerExceptionReachesALaterOperation() {
        IllegalStateException stale = new IllegalStateException("stale");
        java.util.Set<Long> addresses = new java.util.HashSet<>();
        List<ProgressListener> throwing = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ProgressListener l = Progress.listener((done, total) -> {
                throw stale;
            });
            throwing.add(l);
            addresses.add(l.address());
            try {
                l.onProgress(1, 2);
            } catch (IllegalStateException expected) {
                // the lambda's own exception, as the contract wants; the old binding returned false and kept it
            }
        }
        throwing.forEach(ProgressListener::close);
        throwing.clear();  // a closed object's own bytes wait for the GC: collect them, so addresses come back
        for (int i = 0; i < 3; i++) {
            System.gc();
            org.bytedeco.javacpp.Pointer.deallocateReferences();
        }
        float[] ones = new float[10_000];
        int reused = 0;
        for (int i = 0; i < 200; i++) {
            try (ProgressListener cancels = Progress.listener((done, total) -> false)) {
                reused += addresses.contains(cancels.address()) ? 1 : 0;
                Throwable t = assertThrows(Throwable.class, () -> parallelSum(ones, 1, 1_000, cancels));
                assertNotSame(stale, t, "operation " + i + " got an old exception of another listener"
                        + (addresses.contains(cancels.address()) ? " that sat at the same address" : ""));
                assertTrue(t instanceof CancellationException, t.toString());
            }
        }
        assertTrue(reused > 0, "no later listener reused an address: the test proved nothing");
    }

    /**
     * One listener shared by two threads' parallelSum calls (40,000 and 40,001 values), throwing halfway
     * through each operation an exception that carries that operation's total: each call gets an
     * exception of its own operation, never the other's.
     */
    @Test void sharedListenerNeverHandsOneOperationsExceptionToAnother() throws Exception {
        int n0 = 40_000, n1 = 40_001;
        class Thrown extends RuntimeException {
            final long total;

            Thrown(long total) {
                super("thrown at total " + total);
                this.total = total;
            }
        }
        float[] a = new float[n0], b = new float[n1];
        Arrays.fill(a, 1f);
        Arrays.fill(b, 1f);
        AtomicInteger wrong = new AtomicInteger();
        List<String> examples = new ArrayList<>();
        try (ProgressListener shared = Progress.listener((done, total) -> {
                if (done >= total / 2) {
                    throw new Thrown(total);
                }
                return true;
            })) {
            CyclicBarrier start = new CyclicBarrier(2);
            Thread[] threads = new Thread[2];
            for (int t = 0; t < 2; t++) {
                float[] data = t == 0 ? a : b;
                threads[t] = new Thread(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < 200; i++) {
                        try {
                            double s = parallelSum(data, 2, 500, shared);
                            wrong.incrementAndGet();
                            synchronized (examples) {
                                examples.add("parallelSum of " + data.length + " returned " + s + " although its listener threw");
                            }
                        } catch (Throwable e) {
                            if (!(e instanceof Thrown) || ((Thrown) e).total != data.length) {
                                wrong.incrementAndGet();
                                synchronized (examples) {
                                    examples.add("parallelSum of " + data.length + " threw " + e);
                                }
                            }
                        }
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        assertEquals(0, wrong.get(), "of 400 operations: " + examples.subList(0, Math.min(5, examples.size())));
    }

    // ---- use after close

    @Test void methodAfterCloseThrowsIllegalStateExceptionNamingTheClass() {
        RunningStats stats = new RunningStats();
        stats.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> stats.add(new float[] {1}));
        assertTrue(e.getMessage().contains("RunningStats"), e.getMessage());
        assertThrows(IllegalStateException.class, stats::count);
    }

    @Test void closedObjectAsArgumentThrowsIllegalStateException() {
        Moments m = new Moments();
        m.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> moments(new float[] {1, 2}, 0, m));
        assertTrue(e.getMessage().contains("Moments"), e.getMessage());
    }

    // ---- documented boundaries

    /**
     * tolerance(0) is documented to stop once the inertia stops changing: no later than the first
     * iteration whose inertia equals the previous one (found by refitting with maxIterations 1, 2, ...).
     */
    @Test void toleranceZeroStopsOnceTheInertiaStopsChanging() {
        int n = 600, d = 2;
        float[] data = Blobs.points(n, d, 3, 9);
        int repeats = -1;
        double previous = Double.NaN;
        for (int m = 1; m <= 100 && repeats < 0; m++) {
            try (KMeans km = new KMeans(3).seed(1).maxIterations(m).tolerance(0)) {
                km.fit(data, n, d);
                if (km.inertia() == previous) {
                    repeats = m;
                }
                previous = km.inertia();
            }
        }
        assertTrue(repeats > 0 && repeats < 100, "Lloyd converges on three blobs: the inertia repeats at iteration " + repeats);
        try (KMeans km = new KMeans(3).seed(1).maxIterations(100).tolerance(0)) {
            km.fit(data, n, d);
            // The iteration that finds the inertia unchanged counts too: its assignment measures the
            // centroids of the iteration before (KMeansTest pins the exact rule).
            assertTrue(km.iterations() <= repeats + 1, "tolerance(0) ran " + km.iterations()
                    + " of 100 iterations; the inertia stopped changing at " + repeats);
        }
    }
}
