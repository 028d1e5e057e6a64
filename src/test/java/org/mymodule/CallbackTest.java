package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mymodule.global.mymodule.parallelSum;
import static org.mymodule.global.mymodule.sum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Progress listeners: lambdas called from native threads, which can cancel and can throw. */
@ExtendWith(NativeLeakCheck.class)
class CallbackTest {
    private static final float[] ONES = new float[100_000];

    static {
        Arrays.fill(ONES, 1f);
    }

    @Test void reportsIncreasingProgressUpToTheTotal() {
        List<long[]> reports = new ArrayList<>();
        try (ProgressListener listener = Progress.listener((done, total) -> reports.add(new long[] {done, total}))) {
            assertEquals(100_000.0, parallelSum(ONES, 4, 1_000, listener));
        }
        // The calling thread reports what all threads finished, at most once per chunk.
        assertTrue(reports.size() >= 1 && reports.size() <= 100, reports.size() + " reports");
        for (int i = 0; i < reports.size(); i++) {
            assertTrue(reports.get(i)[0] % 1_000 == 0 && (i == 0 || reports.get(i)[0] > reports.get(i - 1)[0]));
            assertEquals(100_000L, reports.get(i)[1]);
        }
        assertEquals(100_000L, reports.get(reports.size() - 1)[0]);
    }

    @Test void reportsEveryChunkOnOneThread() {
        List<Long> done = new ArrayList<>();
        try (ProgressListener listener = Progress.listener((d, total) -> done.add(d))) {
            parallelSum(ONES, 1, 1_000, listener);
        }
        assertEquals(100, done.size());
        for (int i = 0; i < done.size(); i++) {
            assertEquals((i + 1) * 1_000L, done.get(i));
        }
    }

    @Test void isCalledOnlyOnTheCallingThread() {
        Set<Thread> callers = ConcurrentHashMap.newKeySet();
        float[] data = new float[400_000];
        try (ProgressListener listener = Progress.listener((done, total) -> {
                callers.add(Thread.currentThread());
                sleep(1);  // gives the C++ worker threads time to finish chunks, which the caller then reports
                return true;
            })) {
            parallelSum(data, 4, 1_000, listener);
        }
        assertEquals(Set.of(Thread.currentThread()), callers);
    }

    @Test void cancellingStopsTheOperationMidway() {
        long[] lastDone = {0};
        int[] calls = {0};
        try (ProgressListener listener = Progress.listener((done, total) -> {
                calls[0]++;
                lastDone[0] = done;
                return done < total / 2;
            })) {
            assertThrows(CancellationException.class, () -> parallelSum(ONES, 1, 1_000, listener));
        }
        assertEquals(50_000, lastDone[0], "no report after the one that cancelled");
        assertEquals(50, calls[0]);
    }

    @Test void exceptionFromTheLambdaReachesTheCallerIntact() {
        IllegalStateException thrown = new IllegalStateException("disk full");
        try (ProgressListener listener = Progress.listener((done, total) -> {
                if (done >= 30_000) {
                    throw thrown;
                }
                return true;
            })) {
            IllegalStateException caught = assertThrows(IllegalStateException.class, () -> parallelSum(ONES, 4, 1_000, listener));
            assertSame(thrown, caught);
        }
    }

    @Test void errorsFromTheLambdaReachTheCallerToo() {
        AssertionError thrown = new AssertionError("checked inside the callback");
        try (ProgressListener listener = Progress.listener((done, total) -> {
                throw thrown;
            })) {
            assertSame(thrown, assertThrows(AssertionError.class, () -> parallelSum(ONES, 2, 10_000, listener)));
        }
    }

    @Test void hundredsOfListenersLiveAtOnce() {
        List<ProgressListener> listeners = new ArrayList<>();
        long[] calls = {0};
        try {
            for (int i = 0; i < 300; i++) {
                listeners.add(Progress.listener((done, total) -> ++calls[0] > 0));
            }
            for (ProgressListener listener : listeners) {
                assertEquals(sum(ONES), parallelSum(ONES, 1, 50_000, listener));
            }
        } finally {
            listeners.forEach(ProgressListener::close);
        }
        assertEquals(600, calls[0]);
    }

    @Test void hugeChunkSizeMeansOneChunk() {
        int[] calls = {0};
        try (ProgressListener listener = Progress.listener((done, total) -> ++calls[0] > 0)) {
            assertEquals(100_000.0, parallelSum(ONES, 2, Long.MAX_VALUE, listener));
        }
        assertEquals(1, calls[0]);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test void nullCallbackIsRejected() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Progress.listener(null));
        assertEquals("Progress.listener: callback is null", e.getMessage());
    }
}
