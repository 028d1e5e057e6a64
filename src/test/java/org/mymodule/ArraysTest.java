package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mymodule.global.mymodule.sum;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Spans: arrays and Pointers (NIO buffers through {@link Buffers#pointer}) carry their length to C++. Elements outside the range Java
 * handed over are NaN, so a kernel that touched one would return NaN instead of the expected sum.
 */
@ExtendWith(NativeLeakCheck.class)
class ArraysTest {
    private static final float NaN = Float.NaN;
    /** 1 + 2 + 3 + 4 = 10 between two NaN guards on each side. */
    private static final float[] GUARDED = {NaN, NaN, 1, 2, 3, 4, NaN, NaN};

    private static FloatBuffer guardedDirect() {
        FloatBuffer b = ByteBuffer.allocateDirect(GUARDED.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        b.put(GUARDED).clear();
        return b;
    }

    @Test void primitiveArrayPassesItsLength() {
        assertEquals(10.0, sum(new float[] {1, 2, 3, 4}));
        assertEquals(0.0, sum(new float[0]));
    }

    @Test void directBufferIsSharedWithItsPositionAndLimit() {
        FloatBuffer b = guardedDirect();
        b.position(2).limit(6);
        try (FloatPointer p = Buffers.pointer(b)) {
            assertEquals(10.0, sum(p));
            b.put(2, 100);  // no copy: C++ sees the change
            assertEquals(109.0, sum(p));
        }
        assertEquals(2, b.position(), "position unchanged");
        assertEquals(6, b.limit(), "limit unchanged");
    }

    @Test void heapBufferIsCopiedHonouringArrayOffsetPositionAndLimit() {
        FloatBuffer slice = FloatBuffer.wrap(GUARDED, 1, 6).slice();  // arrayOffset 1: {NaN, 1, 2, 3, 4, NaN}
        slice.position(1).limit(5);
        try (FloatPointer p = Buffers.copyOf(slice)) {
            assertEquals(10.0, sum(p));
        }
        assertEquals(1, slice.position(), "position unchanged");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Buffers.pointer(slice));
        assertTrue(e.getMessage().startsWith("Buffers.pointer: the buffer is a heap buffer"), e.getMessage());
        try (FloatPointer p = Buffers.copyOf(slice.asReadOnlyBuffer())) {  // no accessible array: still copied
            assertEquals(10.0, sum(p));
        }
    }

    @Test void bigEndianAndReadOnlyDirectBuffersAreRefusedForSharing() {
        FloatBuffer bigEndian = ByteBuffer.allocateDirect(1000 * Float.BYTES).asFloatBuffer();  // Java's default order
        for (int i = 1; i <= 1000; i++) {
            bigEndian.put(i);
        }
        bigEndian.flip();
        if (ByteOrder.nativeOrder() != ByteOrder.BIG_ENDIAN) {
            assertThrows(IllegalArgumentException.class, () -> Buffers.pointer(bigEndian));
        }
        try (FloatPointer copy = Buffers.copyOf(bigEndian)) {
            assertEquals(500500.0, sum(copy));
        }
        FloatBuffer readOnly = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder()).asFloatBuffer().asReadOnlyBuffer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Buffers.pointer(readOnly));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
    }

    @Test void pointerHonoursPositionAndLimit() {
        try (FloatPointer p = new FloatPointer(GUARDED)) {
            p.position(2).limit(6);
            assertEquals(10.0, sum(p));
            assertEquals(6, p.limit(), "limit unchanged");
        }
    }

    @Test void everyFormGivesTheSameSumAsJava() {
        float[] values = new float[100_003];
        double expected = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i);
        }
        for (float v : values) {
            expected += v;
        }
        FloatBuffer direct = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        direct.put(values).flip();
        try (FloatPointer p = new FloatPointer(values);
             FloatPointer directPointer = Buffers.pointer(direct);
             FloatPointer heapPointer = Buffers.copyOf(FloatBuffer.wrap(values))) {
            assertEquals(expected, sum(values), 1e-9);
            assertEquals(expected, sum(p), 1e-9);
            assertEquals(expected, sum(directPointer), 1e-9);
            assertEquals(expected, sum(heapPointer), 1e-9);
        }
    }

    @Test void nullOfEveryFormThrowsNullPointerException() {
        assertThrows(NullPointerException.class, () -> sum((float[]) null));
        assertThrows(NullPointerException.class, () -> sum((FloatPointer) null));
        assertThrows(NullPointerException.class, () -> sum(new FloatPointer()));  // address 0
        assertThrows(NullPointerException.class, () -> Buffers.pointer((java.nio.FloatBuffer) null));
    }

    @Test void pointerPositionPastLimitThrows() {
        try (FloatPointer p = new FloatPointer(4)) {
            p.position(5);
            assertThrows(IndexOutOfBoundsException.class, () -> sum(p));
        }
    }

    @Test void pointerWithoutLimitIsEmpty() {
        try (FloatPointer p = new FloatPointer(GUARDED)) {
            p.limit(0);  // a Pointer whose length is unknown gives C++ nothing to read
            assertEquals(0.0, sum(p));
        }
    }

    @Test void statsAddReadsOnlyTheGivenRange() {
        try (RunningStats stats = new RunningStats()) {
            FloatBuffer b = guardedDirect();
            b.position(2).limit(6);
            try (FloatPointer p = Buffers.pointer(b)) {
                stats.add(p);  // would throw on NaN if it read a guard
            }
            assertEquals(4, stats.count());
            assertEquals(2.5, stats.mean());
        }
    }

    @Test void statsRejectsNaNWithItsIndexAndAddsNothing() {
        try (RunningStats stats = new RunningStats()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stats.add(new float[] {1, NaN}));
            assertEquals("RunningStats.add: values[1] is NaN", e.getMessage());
            assertEquals(0, stats.count());
        }
    }
}
