package org.mymodule.benchmarks;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * mymodule's float {@code sum} and {@code dot}, and the fast float forms {@code sumFast}/{@code dotFast}
 * (exported by the library, not yet in its headers), called with primitive arguments: Java reads the
 * Pointer's address, position and limit itself (plain fields) and passes (address, count), so the JNI
 * call carries two or three longs, as {@code add} carries two ints. The generated binding instead reads
 * each Pointer's fields through JNI and writes its limit back after the call. The C++ side
 * (cpp/raw_stats.h) builds the same Span and calls the same function; a C++ exception becomes a
 * RuntimeException (JavaCPP's default: this binding has not the module's exception mapping).
 */
@Platform(compiler = "cpp17", include = "raw_stats.h", link = "mymodule")
@Namespace("rawstats")
public class RawStats {
    static { Loader.load(); }

    private RawStats() {}

    private static native double sum(long x, long n);
    private static native double dot(long x, long y, long n);
    private static native double sumFast(long x, long n);
    private static native double dotFast(long x, long y, long n);

    private static long address(FloatPointer p) {
        if (p.isNull()) throw new NullPointerException("Pointer address is NULL");
        return p.address() + p.position() * Float.BYTES;
    }

    private static long count(FloatPointer p) {
        long count = p.limit() - p.position();
        if (count < 0) throw new IndexOutOfBoundsException("Pointer position is past its limit by " + -count + " elements");
        return count;
    }

    public static double sum(FloatPointer x) {
        return sum(address(x), count(x));
    }

    public static double sumFast(FloatPointer x) {
        return sumFast(address(x), count(x));
    }

    public static double dot(FloatPointer x, FloatPointer y) {
        long n = count(x);
        if (count(y) != n) throw new IllegalArgumentException("dot: x and y must have the same length, got " + n + " and " + count(y));
        return dot(address(x), address(y), n);
    }

    public static double dotFast(FloatPointer x, FloatPointer y) {
        long n = count(x);
        if (count(y) != n) throw new IllegalArgumentException("dotFast: x and y must have the same length, got " + n + " and " + count(y));
        return dotFast(address(x), address(y), n);
    }
}
