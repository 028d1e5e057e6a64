package org.mymodule;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * NIO buffers as Pointers for mymodule's array parameters, honouring position and limit.
 *
 * <p>{@code pointer(buffer)} shares the memory of a direct, writable buffer in the platform's byte
 * order: no copy, writes show both ways, and the Pointer keeps the buffer reachable. Any other buffer
 * is refused with an {@link IllegalArgumentException} that says why, because sharing it would go
 * wrong: a heap buffer has no native address, a read-only buffer must not be written, and a buffer in
 * the other byte order ({@code ByteBuffer.allocateDirect(n).asFloatBuffer()} is big-endian) would be
 * read as garbage. {@code copyOf(buffer)} takes any buffer as an input: a new Pointer holding its
 * remaining elements in native order, without moving the buffer's position. Close the Pointers when
 * done.
 *
 * <p>Use these instead of {@code new FloatPointer(buffer)}: JavaCPP 1.5.14 misplaces the address of a
 * non-byte direct buffer whose position is not 0, and gives a null Pointer for a heap buffer without
 * an accessible array.
 */
@Properties(inherit = org.mymodule.presets.mymodule.class)  // the Builder scans org.mymodule.** and warns without it
public final class Buffers {
    private Buffers() {}

    /** Shares the remaining elements of a direct, writable, native-order buffer. @throws IllegalArgumentException otherwise */
    public static FloatPointer pointer(FloatBuffer buffer) {
        return share(buffer, buffer == null ? null : buffer.order(), () -> new FloatPointer(buffer.slice()));
    }

    /** Shares the remaining elements of a direct, writable, native-order buffer. @throws IllegalArgumentException otherwise */
    public static DoublePointer pointer(DoubleBuffer buffer) {
        return share(buffer, buffer == null ? null : buffer.order(), () -> new DoublePointer(buffer.slice()));
    }

    /** Shares the remaining elements of a direct, writable, native-order buffer. @throws IllegalArgumentException otherwise */
    public static IntPointer pointer(IntBuffer buffer) {
        return share(buffer, buffer == null ? null : buffer.order(), () -> new IntPointer(buffer.slice()));
    }

    /** Shares the remaining elements of a direct, writable, native-order buffer. @throws IllegalArgumentException otherwise */
    public static LongPointer pointer(LongBuffer buffer) {
        return share(buffer, buffer == null ? null : buffer.order(), () -> new LongPointer(buffer.slice()));
    }

    /** Shares the remaining elements of a direct, writable, native-order buffer. @throws IllegalArgumentException otherwise */
    public static ShortPointer pointer(ShortBuffer buffer) {
        return share(buffer, buffer == null ? null : buffer.order(), () -> new ShortPointer(buffer.slice()));
    }

    /** Shares the remaining bytes of a direct, writable buffer (bytes have no order). @throws IllegalArgumentException otherwise */
    public static BytePointer pointer(ByteBuffer buffer) {
        return share(buffer, ByteOrder.nativeOrder(), () -> new BytePointer(buffer.slice()));
    }

    /** A new Pointer holding a native-order copy of the buffer's remaining elements. */
    public static FloatPointer copyOf(FloatBuffer buffer) {
        return copy(buffer, n -> new FloatPointer(n), p -> p.asBuffer().put(buffer.duplicate()));
    }

    /** A new Pointer holding a native-order copy of the buffer's remaining elements. */
    public static DoublePointer copyOf(DoubleBuffer buffer) {
        return copy(buffer, n -> new DoublePointer(n), p -> p.asBuffer().put(buffer.duplicate()));
    }

    /** A new Pointer holding a native-order copy of the buffer's remaining elements. */
    public static IntPointer copyOf(IntBuffer buffer) {
        return copy(buffer, n -> new IntPointer(n), p -> p.asBuffer().put(buffer.duplicate()));
    }

    /** A new Pointer holding a native-order copy of the buffer's remaining elements. */
    public static LongPointer copyOf(LongBuffer buffer) {
        return copy(buffer, n -> new LongPointer(n), p -> p.asBuffer().put(buffer.duplicate()));
    }

    /** A new Pointer holding a native-order copy of the buffer's remaining elements. */
    public static ShortPointer copyOf(ShortBuffer buffer) {
        return copy(buffer, n -> new ShortPointer(n), p -> p.asBuffer().put(buffer.duplicate()));
    }

    /** A new Pointer holding a copy of the buffer's remaining bytes. */
    public static BytePointer copyOf(ByteBuffer buffer) {
        return copy(buffer, n -> new BytePointer(n), p -> p.asBuffer().put(buffer.duplicate()));
    }

    private static <P extends Pointer> P share(Buffer buffer, ByteOrder order, Supplier<P> wrap) {
        if (buffer == null) {
            throw new NullPointerException("Buffers.pointer: buffer is null");
        }
        String why = !buffer.isDirect() ? "is a heap buffer (no native address)"
                   : buffer.isReadOnly() ? "is read-only (a native call could write to it)"
                   : order != ByteOrder.nativeOrder() ? "is " + order + ", not the native " + ByteOrder.nativeOrder()
                   : null;
        if (why != null) {
            throw new IllegalArgumentException("Buffers.pointer: the buffer " + why + "; pass an array, a direct "
                    + "native-order buffer, or Buffers.copyOf(buffer) for an input");
        }
        return wrap.get();  // a slice starts at position 0, where JavaCPP places the address right
    }

    /** A Pointer of at least one element (JavaCPP gives no address for 0), limited to the buffer's remaining elements. */
    private static <P extends Pointer> P copy(Buffer buffer, IntFunction<P> allocate, java.util.function.Consumer<P> fill) {
        if (buffer == null) {
            throw new NullPointerException("Buffers.copyOf: buffer is null");
        }
        int n = buffer.remaining();
        P pointer = allocate.apply(Math.max(n, 1));
        fill.accept(pointer);
        return pointer.limit(n);
    }
}
