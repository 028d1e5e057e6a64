package org.mymodule.benchmarks;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.mymodule.Images;
import org.mymodule.global.mymodule;
import org.mymodule.global.mymodule.Border;

/**
 * What pinning costs the garbage collector: one thread blurs 4K BGR frames in a loop while another
 * allocates steadily (keeping a window of recent arrays alive, so collections happen) and records the
 * longest gap between two of its allocations. Three ways to blur, each for the same time:
 * {@code pinned} ({@code Images.blur(src, sigma, dst)}: the rasters pinned with
 * GetPrimitiveArrayCritical), {@code copied} (the generated {@code gaussianBlur(byte[] ...)}: JNI
 * copies both arrays) and {@code native} (a {@code BytePointer} in and out: no Java array at all).
 * On JDK 17 G1's GC locker makes a collection that the allocator needs wait for the pinned call to
 * end; JDK 22 and later pin only the regions that hold the arrays.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar -XX:+UseG1GC -Xmx1g org.mymodule.benchmarks.GcPauseCheck [seconds]
 * </pre>
 */
public final class GcPauseCheck {
    private GcPauseCheck() {}

    public static void main(String[] args) throws InterruptedException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        int w = 3840, h = 2160;
        BufferedImage src = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) src.getRaster().getDataBuffer()).getData();
        new Random(1).nextBytes(pixels);
        byte[] out = ((DataBufferByte) dst.getRaster().getDataBuffer()).getData();
        System.out.println("java " + System.getProperty("java.version") + ", 4K BGR blur sigma 2 on 1 thread, "
                + seconds + " s per way, an allocating thread's longest stall:");
        try (BytePointer in = new BytePointer(pixels); BytePointer result = new BytePointer(pixels.length)) {
            String[] ways = {"none", "pinned", "copied", "native"};
            for (int round = 0; round < 2; round++) {  // the first round warms up
                for (String way : ways) {
                    Runnable blur = way.equals("pinned") ? () -> Images.blur(src, 2, dst)
                            : way.equals("copied") ? () -> mymodule.gaussianBlur(Border.reflect101, pixels, w, h, 3 * w, 3, 2, out, 3 * w, 1)
                            : way.equals("native") ? () -> mymodule.gaussianBlur(Border.reflect101, in, w, h, 3 * w, 3, 2, result, 3 * w, 1)
                            : () -> { };
                    double[] stall = measure(blur, seconds);
                    if (round == 1) {
                        System.out.printf("  %-7s longest allocation stall %7.2f ms, blurs %5.0f, allocations %.0f M%n",
                                way, stall[0], stall[1], stall[2] / 1e6);
                    }
                }
            }
        }
    }

    /** Runs blur in a loop on one thread while this one allocates: {longest gap in ms, blurs, allocations}. */
    private static double[] measure(Runnable blur, double seconds) throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long[] blurs = {0};
        Thread worker = new Thread(() -> {
            while (System.nanoTime() < end) {
                blur.run();
                blurs[0]++;
                if (blurs[0] % 16 == 0) Thread.yield();
            }
        });
        worker.start();
        List<byte[]> window = new ArrayList<>();
        long longest = 0, allocations = 0, last = System.nanoTime();
        while (System.nanoTime() < end) {
            window.add(new byte[4096]);
            if (window.size() > 20_000) {
                window.subList(0, 10_000).clear();  // about 40-80 MB live: collections run all the time
            }
            allocations++;
            long now = System.nanoTime();
            longest = Math.max(longest, now - last);
            last = now;
        }
        worker.join();
        return new double[] {longest / 1e6, blurs[0], allocations};
    }
}
