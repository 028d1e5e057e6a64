package org.mymodule.demo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.mymodule.ProgressListener;

/**
 * What a section can use: the options, progress bars, and the report it adds its timings,
 * pictures and text to.
 */
public final class Demo {
    /** Every section, in the order they run. Each kernel adds its own line. */
    static final List<Section> SECTIONS = List.of(
            new AddSection(),
            new StatsSection(),
            new KMeansSection(),
            new NBodySection(),
            new ImageSection());

    /** A piece of work to time. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    private final Size size;
    private final int threads;
    private final boolean java;
    private final Path output;
    private final PrintStream out;
    private final Report report;
    private Section current;

    Demo(Size size, int threads, boolean java, Path output, PrintStream out, Report report) {
        this.size = size;
        this.threads = threads;
        this.java = java;
        this.output = output;
        this.out = out;
        this.report = report;
    }

    /** The problem size. */
    public Size size() {
        return size;
    }

    /** Threads for native kernels (and for peers that take a thread count). */
    public int threads() {
        return threads;
    }

    /** False with {@code --no-java}: skip the slow pure-Java comparisons. */
    public boolean java() {
        return java;
    }

    /**
     * The fastest of several runs of a repeatable task, in wall-clock seconds: untimed runs for at least
     * 0.3 s, then at least 3 timed ones and as many more as fit in half a second (at most 30). The first
     * runs pay for page faults, thread start-up and, in Java, the JIT (the Vector API runs a hundred
     * times slower until C2 has compiled it), which a single run would time instead of the work. Native
     * and Java steps are timed alike.
     */
    public static double best(Task task) throws Exception {
        for (long end = System.nanoTime() + 300_000_000L; System.nanoTime() < end; ) task.run();
        double best = Double.POSITIVE_INFINITY, total = 0;
        for (int runs = 0; runs < 30 && (runs < 3 || total < 0.5); runs++) {
            double run = seconds(task);
            best = Math.min(best, run);
            total += run;
        }
        return best;
    }

    /** Wall-clock seconds that {@code task} takes, run once. */
    public static double seconds(Task task) throws Exception {
        long start = System.nanoTime();
        task.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * A progress bar on the console for one step, fed by native code (pass it as the
     * ProgressListener) or by Java (call {@code onProgress}). Close it when the step is done.
     */
    public ProgressListener progress(String task) {
        return new ConsoleProgress(task, out);
    }

    /**
     * Adds a row to the section's table.
     *
     * @param javaSeconds NaN when pure Java was not run
     * @param peer the peer library's name, or null
     * @param peerSeconds NaN without a peer
     */
    public void timing(String step, double nativeSeconds, double javaSeconds, String peer, double peerSeconds) {
        report.add(new Timing(current.name(), step, nativeSeconds, javaSeconds, peer, peerSeconds));
    }

    /** Writes {@code image} as {@code fileName} (a .png) into the report, with a caption. */
    public void picture(String fileName, String caption, BufferedImage image) throws IOException {
        if (!ImageIO.write(image, "png", output.resolve(fileName).toFile())) {
            throw new IOException("no PNG writer for image type " + image.getType());
        }
        report.picture(current.name(), fileName, caption, image.getWidth(), image.getHeight());
    }

    /** Draws {@code chart} at width × height into {@code fileName} (a .png) in the report. */
    public void chart(String fileName, String caption, JFreeChart chart, int width, int height) throws IOException {
        ChartUtils.saveChartAsPNG(output.resolve(fileName).toFile(), chart, width, height);
        report.picture(current.name(), fileName, caption, width, height);
    }

    /** A line of results: printed now and shown in the report. */
    public void text(String line) {
        out.println(line);
        report.text(current.name(), line);
    }

    /** Runs the sections in this JVM and prints each one's table; the report holds the results. */
    void run(List<Section> sections) throws Exception {
        Files.createDirectories(output);
        for (Section section : sections) {
            current = section;
            out.println();
            out.println("== " + section.name() + ": " + section.title() + " ==");
            report.section(section.name(), section.title());
            section.run(this);
            out.print(Report.table(report.timings(section.name())));
        }
        current = null;
    }

    /** The sections with these names, in the registry's order; all of them for an empty list. */
    static List<Section> select(List<String> names) {
        if (names.isEmpty()) {
            return SECTIONS;
        }
        List<Section> chosen = new ArrayList<>();
        for (Section section : SECTIONS) {
            if (names.contains(section.name())) {
                chosen.add(section);
            }
        }
        return Collections.unmodifiableList(chosen);
    }
}
