package org.mymodule.benchmarks;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.NoException;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * {@code mymodule::add} bound with no exception translation: the JNI function JavaCPP generates is
 * just the call, what a hand-written JNI wrapper without try/catch would be. The baseline for the
 * checked {@code org.mymodule.global.mymodule.add}; only safe for operands that do not overflow.
 */
@Platform(compiler = "cpp17", include = "mymodule/core.h", link = "mymodule")
public class RawAdd {
    static { Loader.load(); }

    private RawAdd() {}

    @Namespace("mymodule") @NoException public static native int add(int a, int b);
}
