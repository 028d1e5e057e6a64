package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mymodule.global.mymodule;

/**
 * Fails a test that leaves native memory behind: JavaCPP's count of tracked allocations and
 * bytes, and mymodule's own count of live C++ objects, must be back to their values from before
 * the test. Objects the test dropped without closing get a few garbage collections to go.
 */
public final class NativeLeakCheck implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NativeLeakCheck.class);

    /** The three counters, compared as one value. */
    static final class Counters {
        final long pointers = Pointer.totalCount();
        final long bytes = Pointer.totalBytes();
        final long cppObjects = mymodule.liveObjects();

        @Override public boolean equals(Object o) {
            return o instanceof Counters && ((Counters) o).pointers == pointers
                    && ((Counters) o).bytes == bytes && ((Counters) o).cppObjects == cppObjects;
        }

        @Override public int hashCode() {
            return Long.hashCode(pointers * 31 + bytes * 17 + cppObjects);
        }

        @Override public String toString() {
            return "JavaCPP pointers=" + pointers + ", bytes=" + bytes + ", mymodule objects=" + cppObjects;
        }
    }

    /** Collects garbage until the counters equal {@code baseline}, for at most about two seconds. */
    static Counters settle(Counters baseline) throws InterruptedException {
        Counters now = new Counters();
        for (int i = 0; i < 40 && !now.equals(baseline); i++) {
            System.gc();
            Thread.sleep(50);
            Pointer.deallocateReferences();
            now = new Counters();
        }
        return now;
    }

    @Override public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("baseline", new Counters());
    }

    @Override public void afterEach(ExtensionContext context) throws InterruptedException {
        Counters baseline = context.getStore(NAMESPACE).get("baseline", Counters.class);
        assertEquals(baseline, settle(baseline), "native memory after " + context.getDisplayName());
    }
}
