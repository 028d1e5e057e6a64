package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mymodule.global.mymodule;
import org.mymodule.global.mymodule.Border;
import org.mymodule.global.mymodule.ChannelOrder;
import org.mymodule.global.mymodule.Interpolation;

/**
 * Every array overload that lends its arrays to C++ in place (all but the listening calls and
 * KMeans.fit) is called by a child JVM on arrays of 64 to 256 MB, and its peak resident memory
 * (VmHWM, reset before each call) must not grow: a copy (JNI's Get&lt;Type&gt;ArrayElements, malloc and
 * memcpy) would add the array's size. quantile and quantiles copy the values themselves (to select
 * in), so they may grow by that one copy, not by a second.
 */
class LentArraysTest {
    private static final int FLOATS = 1 << 26, DOUBLES = 1 << 25;  // 256 MB each
    private static final int POINTS = 1 << 24;                        // 64 MB of floats or ints
    private static final int WIDTH = 7680, HEIGHT = 4320;             // 8K: 33 MB grey, 100 MB BGR
    private static final long ALLOWED_MIB = 16;
    private static final Pattern GREW = Pattern.compile("(\\S+) grew by (\\d+) MiB, may (\\d+)");

    @Test void arrayOverloadsReadTheJavaArrayWithoutACopy() throws Exception {
        assumeTrue(ChildJvm.native_(), "a child JVM with 1.6 GB of heap: natively only, not under emulation");
        assumeTrue(Files.isWritable(Paths.get("/proc/self/clear_refs")), "resetting VmHWM is Linux's");
        Path log = Paths.get("target", "lent-arrays", "child.log");
        // Without -Xcheck:jni, which hands out guarded copies even for critical regions (the suite's own
        // JVM runs these calls under it, where its warnings would show).
        List<String> command = ChildJvm.command(LentArraysTest.class.getName(), false, Arrays.asList("-Xmx1600m"));
        int exit = ChildJvm.run(command, log, 180);
        String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        assertEquals(0, exit, out + "\nreplay: " + ChildJvm.shell(command));
        Matcher grew = GREW.matcher(out);
        int calls = 0;
        while (grew.find()) {
            calls++;
            assertTrue(Long.parseLong(grew.group(2)) <= Long.parseLong(grew.group(3)), grew.group(1)
                    + " raised the peak resident memory by " + grew.group(2) + " MiB: an array was copied\n" + out);
        }
        assertEquals(31, calls, out);
    }

    /** One call and the memory it may add: its own working memory, beyond which an array was copied. */
    private static final class Call {
        final String name;
        final long ownMiB;
        final Runnable run;

        Call(String name, long ownMiB, Runnable run) {
            this.name = name;
            this.ownMiB = ownMiB;
            this.run = run;
        }
    }

    /** The child: every lending overload once, the peak's growth reported for each, the results checked. */
    public static void main(String[] args) throws IOException {
        float[] f = new float[FLOATS];
        double[] d = new double[DOUBLES];
        Arrays.fill(f, 1);
        Arrays.fill(d, 1);
        float[] points = new float[POINTS], centroids = {0, 1};
        for (int i = 0; i < POINTS; i++) points[i] = i % 2;
        int[] labels = new int[POINTS];
        double[] sums = new double[2];
        long[] counts = new long[2], clusterCounts = new long[2];
        byte[] bgr = new byte[WIDTH * HEIGHT * 3], grey = new byte[WIDTH * HEIGHT];
        short[] dx = new short[WIDTH * HEIGHT], dy = new short[WIDTH * HEIGHT];
        float[] magnitude = new float[WIDTH * HEIGHT];
        byte[] blurred = new byte[bgr.length];
        Arrays.fill(bgr, (byte) 7);
        double[] median = new double[1];
        double[] results = new double[20];
        List<String> wrong = new ArrayList<>();
        try (Moments moments = new Moments(); RunningStats stats = new RunningStats();
             KMeans kmeans = new KMeans(2); NBody bodies = new NBody(POINTS / 3)) {
            kmeans.maxIterations(2);
            kmeans.fit(points, POINTS, 1);  // copies (a long call): before the measured calls
            float[] xyz = new float[POINTS / 3 * 3], masses = new float[POINTS / 3];
            Arrays.fill(masses, 1);
            Call[] calls = {
                new Call("sum(float[])", 0, () -> results[0] = mymodule.sum(f)),
                new Call("sumFast(float[])", 0, () -> results[1] = mymodule.sumFast(f)),
                new Call("dot(float[],float[])", 0, () -> results[2] = mymodule.dot(f, f)),
                new Call("dotFast(float[],float[])", 0, () -> results[3] = mymodule.dotFast(f, f)),
                new Call("sum(double[])", 0, () -> results[4] = mymodule.sum(d)),
                new Call("dot(double[],double[])", 0, () -> results[5] = mymodule.dot(d, d)),
                new Call("moments(float[],int)", 0, () -> {
                    try (Moments m = mymodule.moments(f, 0)) {
                        results[6] = m.count();
                    }
                }),
                new Call("moments(double[],int)", 0, () -> {
                    try (Moments m = mymodule.moments(d, 0)) {
                        results[7] = m.count();
                    }
                }),
                new Call("moments(float[],int,out)", 0, () -> mymodule.moments(f, 0, moments)),
                new Call("moments(double[],int,out)", 0, () -> mymodule.moments(d, 0, moments)),
                new Call("histogram(float[])", 0, () -> results[8] = mymodule.histogram(f, 0, 2, counts).below()),
                new Call("histogram(double[])", 0, () -> results[9] = mymodule.histogram(d, 0, 2, counts).below()),
                new Call("quantile(float[])", FLOATS * 4L >> 20, () -> results[10] = mymodule.quantile(f, 0.5)),
                new Call("quantile(double[])", DOUBLES * 8L >> 20, () -> results[11] = mymodule.quantile(d, 0.5)),
                new Call("quantiles(float[])", FLOATS * 4L >> 20, () -> mymodule.quantiles(f, new double[] {0.5}, median)),
                new Call("quantiles(double[])", DOUBLES * 8L >> 20, () -> mymodule.quantiles(d, new double[] {0.5}, median)),
                new Call("RunningStats.add(float[])", 0, () -> stats.add(f)),
                new Call("KMeans.getLabels(int[])", 0, () -> kmeans.getLabels(labels)),
                new Call("KMeans.predict(float[],int[])", 0, () -> kmeans.predict(points, POINTS, labels)),
                new Call("assignClusters(float[],int[])", 0,
                        () -> results[12] = mymodule.assignClusters(points, POINTS, 1, centroids, 2, labels)),
                new Call("accumulateClusters(float[],double[],long[])", 0,
                        () -> mymodule.accumulateClusters(points, POINTS, 1, centroids, 2, sums, clusterCounts)),
                new Call("NBody.positions(float[])", 0, () -> bodies.positions(xyz)),
                new Call("NBody.velocities(float[])", 0, () -> bodies.velocities(xyz)),
                new Call("NBody.masses(float[])", 0, () -> bodies.masses(masses)),
                new Call("NBody.getPositions(float[])", 0, () -> bodies.getPositions(xyz)),
                new Call("NBody.getVelocities(float[])", 0, () -> bodies.getVelocities(xyz)),
                new Call("toGray(byte[],byte[])", 0,
                        () -> mymodule.toGray(ChannelOrder.bgr, bgr, WIDTH, HEIGHT, WIDTH * 3, 3, grey, WIDTH, 2)),
                new Call("gaussianBlur(byte[],byte[])", 0,
                        () -> mymodule.gaussianBlur(Border.reflect101, bgr, WIDTH, HEIGHT, WIDTH * 3, 3, 1.0, blurred, WIDTH * 3, 2)),
                new Call("sobel(byte[],short[],short[])", 0,
                        () -> mymodule.sobel(Border.reflect101, grey, WIDTH, HEIGHT, WIDTH, 1, dx, dy, WIDTH, 2)),
                new Call("sobelMagnitude(byte[],float[])", 0,
                        () -> mymodule.sobelMagnitude(Border.reflect101, grey, WIDTH, HEIGHT, WIDTH, 1, magnitude, WIDTH, 2)),
                new Call("resize(byte[],byte[])", 0, () -> mymodule.resize(Interpolation.linear, bgr, WIDTH, HEIGHT, WIDTH * 3,
                        3, grey, WIDTH / 3, HEIGHT, WIDTH / 3 * 3, 2)),
            };
            for (Call call : calls) {
                Files.write(Paths.get("/proc/self/clear_refs"), "5".getBytes(StandardCharsets.US_ASCII));  // VmHWM = VmRSS
                long before = ErrorPathMemory.statusKiB("VmHWM");
                call.run.run();
                long grewMiB = (ErrorPathMemory.statusKiB("VmHWM") - before) / 1024;
                System.out.println(call.name + " grew by " + grewMiB + " MiB, may " + (call.ownMiB + ALLOWED_MIB));
            }
            check(wrong, "sums", Arrays.copyOf(results, 6), new double[] {FLOATS, FLOATS, FLOATS, FLOATS, DOUBLES, DOUBLES});
            check(wrong, "moment counts", new double[] {results[6], results[7], moments.count(), stats.count()},
                    new double[] {FLOATS, DOUBLES, DOUBLES, FLOATS});
            check(wrong, "histogram below, quantiles", Arrays.copyOfRange(results, 8, 12), new double[] {0, 0, 1, 1});
            check(wrong, "k-means", new double[] {results[12], labels[0], labels[1], clusterCounts[0], clusterCounts[1]},
                    new double[] {0, 0, 1, POINTS / 2, POINTS / 2});
            check(wrong, "resized, blurred, Sobel", new double[] {grey[0], blurred[blurred.length - 1], dx[0], magnitude[0], median[0]},
                    new double[] {7, 7, 0, 0, 1});
        }
        if (!wrong.isEmpty()) {
            System.out.println("wrong results: " + wrong);
            System.exit(1);
        }
    }

    private static void check(List<String> wrong, String what, double[] actual, double[] expected) {
        if (!Arrays.equals(actual, expected)) {
            wrong.add(what + " " + Arrays.toString(actual) + ", expected " + Arrays.toString(expected));
        }
    }
}
