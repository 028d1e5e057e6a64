package org.mymodule;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * NIO buffers as Pointers for mymodule's array parameters, honouring position and limit.
 *
 * <p>Use this instead of {@code new FloatPointer(buffer)}: JavaCPP 1.5.14 misplaces the address
 * of a non-byte direct buffer whose position is not 0 (the position is added in bytes, then
 * removed in elements), so that constructor only sees the right data at position 0.
 */
@Properties(inherit = org.mymodule.presets.mymodule.class)  // the Builder scans org.mymodule.** and warns without it
public final class Buffers {
    private Buffers() {}

    /**
     * The buffer's remaining elements as a Pointer: shared with a direct buffer (no copy, writes
     * show both ways, the Pointer keeps the buffer reachable), copied from a heap buffer.
     * Close it when done.
     *
     * @throws NullPointerException if buffer is null
     */
    public static FloatPointer pointer(FloatBuffer buffer) {
        if (buffer == null) {
            throw new NullPointerException("Buffers.pointer: buffer is null");
        }
        return new FloatPointer(buffer.slice());  // a slice starts at position 0, where JavaCPP is right
    }
}
