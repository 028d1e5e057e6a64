package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test void callAfterCloseThrowsIllegalStateException() {
        RunningStats stats = new RunningStats();
        stats.close();
        assertTrue(stats.closed());
        assertFalse(stats.isNull(), "the small C++ object stays until the GC frees it");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> stats.add(new float[] {1}));
        assertEquals("RunningStats.add: this RunningStats is closed", e.getMessage());
        assertThrows(IllegalStateException.class, stats::count);
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
        try (RunningStats other = new RunningStats()) {  // the base class's cast constructor refuses
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> new Resource(other));
            assertEquals("Resource is one C++ object that C++ manages: it cannot be cast from another Pointer", e.getMessage());
        }
        try (RunningStats stats = new RunningStats()) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> stats.position(1));
            assertEquals("RunningStats is one C++ object that C++ manages: it cannot move to position 1", e.getMessage());
            assertEquals(0, stats.position());
            stats.position(0);
            stats.add(new float[] {5});
            assertEquals(5.0, stats.mean());
        }
    }

    @Test void closedListenerIsRejectedAsArgument() {
        ProgressListener listener = Progress.listener((done, total) -> true);
        listener.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parallelSum(new float[] {1}, 1, 1, listener));
        assertEquals("ProgressListener.onProgress: this ProgressListener is closed", e.getMessage());
        assertThrows(NullPointerException.class, () -> parallelSum(new float[] {1}, 1, 1, null));
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
