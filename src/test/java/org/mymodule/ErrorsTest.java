package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mymodule.global.mymodule.add;
import static org.mymodule.global.mymodule.parallelSum;
import static org.mymodule.global.mymodule.sum;

import java.util.concurrent.CancellationException;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each C++ exception type arrives as its Java counterpart, with the C++ message whole. */
@ExtendWith(NativeLeakCheck.class)
class ErrorsTest {
    private static final float[] DATA = {1, 2, 3};

    @Test void overflowErrorBecomesArithmeticException() {
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> add(Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals("add: int overflow in 2147483647 + 2147483647", e.getMessage());
    }

    @Test void invalidArgumentBecomesIllegalArgumentException() {
        try (ProgressListener listener = Progress.listener((done, total) -> true)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> parallelSum(DATA, 0, 1, listener));
            assertEquals("parallelSum: threads must be in [1, 256], got 0", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> parallelSum(DATA, Integer.MAX_VALUE, 1, listener));
        }
    }

    @Test void outOfRangeBecomesIndexOutOfBoundsException() {
        try (FloatPointer p = new FloatPointer(DATA)) {
            p.limit(1).position(3);  // position past limit: a negative length
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> sum(p));
            assertEquals("Pointer position is past its limit by 2 elements", e.getMessage());
        }
    }

    @Test void nullArrayBecomesNullPointerException() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> sum((float[]) null));
        assertEquals("array or Pointer argument is null", e.getMessage());
    }

    @Test void cancellationBecomesCancellationException() {
        try (ProgressListener stop = Progress.listener((done, total) -> false)) {
            CancellationException e = assertThrows(CancellationException.class, () -> parallelSum(DATA, 1, 1, stop));
            assertEquals("parallelSum: cancelled by the listener after 1 of 3 values", e.getMessage());
        }
    }

    @Test void subclassListenerExceptionReachesTheCallerAsTheSameObject() {
        // A listener subclassed directly (not through Progress) that throws: the caller gets that same exception.
        IllegalStateException boom = new IllegalStateException("boom");
        try (ProgressListener throwing = new ProgressListener() {
                @Override public boolean onProgress(long done, long total) {
                    throw boom;
                }
            }) {
            assertSame(boom, assertThrows(IllegalStateException.class, () -> parallelSum(DATA, 1, 1, throwing)));
        }
    }
}
