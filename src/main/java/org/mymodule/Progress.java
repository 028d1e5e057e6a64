package org.mymodule;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * Progress listeners written as lambdas.
 *
 * <pre>{@code
 * try (ProgressListener listener = Progress.listener((done, total) -> {
 *         bar.update(done, total);
 *         return !cancelRequested;        // false cancels: the call throws CancellationException
 *     })) {
 *     double s = mymodule.parallelSum(data, 4, 1 << 16, listener);
 * }
 * }</pre>
 *
 * If the lambda throws, the operation is cancelled and the native call rethrows that same
 * exception object to its caller. Operations call the lambda from their own threads, one call at
 * a time, so it needs no locking of its own. Close the listener after the operation returns, never
 * from inside the lambda: the operation still holds it.
 */
@Properties(inherit = org.mymodule.presets.mymodule.class)  // the Builder scans org.mymodule.** and warns without it
public final class Progress {
    /** The lambda form of {@link ProgressListener#onProgress(long, long)}. */
    @FunctionalInterface
    public interface Callback {
        /**
         * Reports progress.
         *
         * @param done units of work finished so far
         * @param total units of work in the whole operation
         * @return true to go on, false to cancel
         */
        boolean onProgress(long done, long total);
    }

    /** Exceptions thrown by lambdas, by listener address, until the native call that cancelled takes them. */
    private static final Map<Long, Throwable> FAILURES = new ConcurrentHashMap<>();

    private Progress() {}

    /**
     * Wraps a lambda as a native listener. Close it (try-with-resources) when the operation is done.
     *
     * @throws NullPointerException if callback is null
     */
    public static ProgressListener listener(Callback callback) {
        if (callback == null) {
            throw new NullPointerException("Progress.listener: callback is null");
        }
        return new LambdaListener(callback);
    }

    /** Called from mymodule_jni.h (toJavaException) while translating a cancellation. */
    @SuppressWarnings("unused")
    private static Throwable takeFailure(long listenerAddress) {
        return FAILURES.remove(listenerAddress);
    }

    private static final class LambdaListener extends ProgressListener {
        private final Callback callback;

        LambdaListener(Callback callback) {
            this.callback = callback;
        }

        @Override public boolean onProgress(long done, long total) {
            try {
                return callback.onProgress(done, total);
            } catch (Throwable t) {
                FAILURES.putIfAbsent(address(), t);
                return false;
            }
        }
    }
}
