package org.mymodule;

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
 * exception object to its caller. Operations call the lambda on the thread that called them, one
 * call at a time, so it needs no locking of its own. The listener is in use while an operation runs:
 * closing it meanwhile (also from inside the lambda) throws {@link IllegalStateException}.
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

    /** A Throwable that a listener threw during a native operation on this thread, until the binding rethrows it. */
    private static final ThreadLocal<Throwable> FAILURE = new ThreadLocal<>();

    private Progress() {}

    /** Called by ProgressListener.dispatchProgress: the native operation on this thread is cancelled and must throw t. */
    static void fail(Throwable t) {
        if (FAILURE.get() == null) {
            FAILURE.set(t);
        }
    }

    /** Called from mymodule_jni.h (toJavaException) as a native operation ends with an exception: takes fail's Throwable. */
    @SuppressWarnings("unused")
    private static Throwable takeFailure() {
        Throwable t = FAILURE.get();
        FAILURE.remove();
        return t;
    }

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

    private static final class LambdaListener extends ProgressListener {
        private final Callback callback;

        LambdaListener(Callback callback) {
            this.callback = callback;
        }

        @Override public boolean onProgress(long done, long total) {
            return callback.onProgress(done, total);
        }
    }
}
