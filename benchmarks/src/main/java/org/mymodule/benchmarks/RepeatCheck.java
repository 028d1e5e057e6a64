package org.mymodule.benchmarks;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;
import java.util.Random;
import org.mymodule.Images;
import org.mymodule.global.mymodule;
import org.mymodule.global.mymodule.Border;

/**
 * Whether a call costs the same every time: each Images operation on a 4K BGR frame, warmed up, then
 * timed 50 times in a row in one JVM; the slowest repeat against the median. A copy of the frame per
 * call (the generated {@code gaussianBlur(byte[] ...)}, JNI's malloc and memcpy) is timed the same way:
 * where malloc hands 25 MB back to the system and faults it in again, repeats vary by up to 10 x.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.mymodule.benchmarks.RepeatCheck
 * </pre>
 */
public final class RepeatCheck {
    private RepeatCheck() {}

    public static void main(String[] args) {
        int w = 3840, h = 2160, repeats = 50;
        BufferedImage src = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) src.getRaster().getDataBuffer()).getData();
        new Random(1).nextBytes(pixels);
        BufferedImage bgr = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage half = new BufferedImage(w / 2, h / 2, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage big = new BufferedImage(w * 3 / 2, h * 3 / 2, BufferedImage.TYPE_3BYTE_BGR);
        byte[] out = new byte[pixels.length];
        String[] names = {"gray", "blur sigma 2", "blur sigma 8", "sobel", "resize half", "resize 1.5 x",
                          "blur sigma 2, byte[] copied by JNI"};
        Runnable[] calls = {
            () -> Images.gray(src, gray), () -> Images.blur(src, 2, bgr), () -> Images.blur(src, 8, bgr),
            () -> Images.sobelMagnitude(src, gray), () -> Images.resize(src, half), () -> Images.resize(src, big),
            () -> mymodule.gaussianBlur(Border.reflect101, pixels, w, h, 3 * w, 3, 2, out, 3 * w,
                                        Runtime.getRuntime().availableProcessors())};
        System.out.println("java " + System.getProperty("java.version") + ", 4K BGR, " + repeats
                + " repeats after 20 to warm up, every processor:");
        for (int i = 0; i < calls.length; i++) {
            for (int r = 0; r < 20; r++) calls[i].run();
            double[] ms = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long t = System.nanoTime();
                calls[i].run();
                ms[r] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            double median = (ms[repeats / 2 - 1] + ms[repeats / 2]) / 2;
            System.out.printf("  %-36s median %7.2f ms, slowest %7.2f ms: %.2f x the median%n", names[i], median,
                    ms[repeats - 1], ms[repeats - 1] / median);
        }
    }
}
