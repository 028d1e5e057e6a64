package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mymodule.global.mymodule.liveObjects;
import static org.mymodule.global.mymodule.parallelSum;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** C++ objects from Java: closed by try-with-resources, safe after close, freed when dropped. */
@ExtendWith(NativeLeakCheck.class)
class LifetimeTest {
    @Test void tryWithResourcesDestroysTheCppObject() {
        long before = liveObjects();
        try (RunningStats stats = new RunningStats()) {
            assertEquals(before + 1, liveObjects());
            stats.add(new float[] {1, 2, 3});
            assertEquals(2.0, stats.mean());
        }
        assertEquals(before, liveObjects());
    }

    @Test void callAfterCloseThrowsNullPointerException() {
        RunningStats stats = new RunningStats();
        stats.close();
        assertTrue(stats.isNull());
        NullPointerException e = assertThrows(NullPointerException.class, () -> stats.add(new float[] {1}));
        assertEquals("This pointer address is NULL.", e.getMessage());
        assertThrows(NullPointerException.class, stats::count);
    }

    @Test void secondCloseDoesNothing() {
        long before = liveObjects();
        RunningStats stats = new RunningStats();
        stats.close();
        assertDoesNotThrow(stats::close);
        assertEquals(before, liveObjects());
    }

    @Test void singleObjectsCannotBeCastOrMoved() {
        for (Class<?> cls : new Class<?>[] {RunningStats.class, ProgressListener.class}) {
            for (java.lang.reflect.Constructor<?> constructor : cls.getConstructors()) {
                assertEquals(0, constructor.getParameterCount(), "only the C++ constructors: " + constructor);
            }
        }
        try (RunningStats stats = new RunningStats()) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> stats.position(1));
            assertEquals("RunningStats is one C++ object, not an array: position must be 0, got 1", e.getMessage());
            assertEquals(0, stats.position());
            stats.position(0);
            stats.add(new float[] {5});
            assertEquals(5.0, stats.mean());
        }
    }

    @Test void closedListenerIsRejectedAsArgument() {
        ProgressListener listener = Progress.listener((done, total) -> true);
        listener.close();
        assertThrows(NullPointerException.class, () -> parallelSum(new float[] {1}, 1, 1, listener));
    }

    @Test void droppedObjectsAreFreedByTheGarbageCollector() throws InterruptedException {
        NativeLeakCheck.Counters before = new NativeLeakCheck.Counters();
        List<Pointer> objects = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            RunningStats stats = new RunningStats();
            stats.add(new float[] {i});
            objects.add(stats);
            objects.add(Progress.listener((done, total) -> true));
        }
        assertEquals(before.cppObjects + 200, liveObjects(), "alive while referenced");
        objects.clear();  // dropped without close()
        assertEquals(before, NativeLeakCheck.settle(before));
    }
}
