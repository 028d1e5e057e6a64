package org.mymodule.demo;

import java.io.PrintStream;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.mymodule.ProgressListener;

/**
 * A native ProgressListener that draws a progress bar: redrawn in place on a terminal, a plain
 * line every few seconds otherwise (CI logs, pipes). Native code calls it one call at a time.
 */
final class ConsoleProgress extends ProgressListener {
    private final ProgressBarBuilder builder;
    private volatile ProgressBar bar;  // drawn from the first report on, when the total is known

    ConsoleProgress(String task, PrintStream out) {
        builder = new ProgressBarBuilder().setTaskName(task);
        if (System.console() == null) {
            builder.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(5000)
                   .setConsumer(new DelegatingProgressBarConsumer(out::println, 80));
        } else {
            builder.setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(100);
        }
    }

    @Override public boolean onProgress(long done, long total) {
        if (bar == null) {
            bar = builder.setInitialMax(total).build();
        }
        bar.maxHint(total);
        bar.stepTo(done);
        return true;
    }

    /** Finishes the bar, then frees the native listener. */
    @Override public void close() {
        if (bar != null) {
            bar.close();
        }
        super.close();
    }
}
