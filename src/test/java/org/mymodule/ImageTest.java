package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mymodule.global.mymodule.gaussianBlur;
import static org.mymodule.global.mymodule.resize;
import static org.mymodule.global.mymodule.sobel;
import static org.mymodule.global.mymodule.sobelMagnitude;
import static org.mymodule.global.mymodule.toGray;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mymodule.global.mymodule.Border;
import org.mymodule.global.mymodule.ChannelOrder;
import org.mymodule.global.mymodule.Interpolation;
import org.mymodule.reference.JavaImage;

/**
 * image.h against pure-Java references written pixel by pixel: the BT.601 fixed-point formula,
 * direct 2-D convolution with the border rule, bilinear weights as cv::resize computes them.
 */
@ExtendWith(NativeLeakCheck.class)
class ImageTest {
    private static final Border[] BORDERS = Border.values();

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    // ---------------------------------------------------------------- references

    // The oracles are the pure-Java reference's (org.mymodule.reference.JavaImage), on packed outputs.

    static byte[] blurReference(byte[] src, int w, int h, int stride, int cn, double sigma, Border b) {
        byte[] dst = new byte[w * h * cn];
        JavaImage.blur(src, stride, dst, w, h, cn, JavaImage.kernel(sigma), JavaImage.Border.valueOf(b.name()));
        return dst;
    }

    static short[][] sobelReference(byte[] src, int w, int h, int stride, int cn, Border b) {
        short[] dx = new short[w * h * cn], dy = new short[w * h * cn];
        JavaImage.sobel(src, stride, w, h, cn, JavaImage.Border.valueOf(b.name()), dx, dy);
        return new short[][] {dx, dy};
    }

    static byte[] resizeReference(byte[] src, int sw, int sh, int cn, int dw, int dh) {
        byte[] dst = new byte[dw * dh * cn];
        JavaImage.resize(src, sw, sh, cn, dst, dw, dh);
        return dst;
    }

    // ---------------------------------------------------------------- kernels

    @Test void grayIsBt601FixedPointInEveryChannelOrder() {
        int w = 9, h = 4;
        for (int cn : new int[] {3, 4}) {
            byte[] src = random(w * h * cn, cn);
            for (ChannelOrder order : ChannelOrder.values()) {
                if (cn == 3 && (order == ChannelOrder.argb || order == ChannelOrder.abgr)) continue;
                int g = order == ChannelOrder.argb || order == ChannelOrder.abgr ? 2 : 1;
                boolean rgb = order == ChannelOrder.rgb || order == ChannelOrder.argb;
                int r = rgb ? g - 1 : g + 1, b = rgb ? g + 1 : g - 1;
                byte[] expected = new byte[w * h];
                for (int i = 0; i < w * h; i++) {
                    expected[i] = (byte) JavaImage.gray(src[i * cn + r] & 0xFF, src[i * cn + g] & 0xFF, src[i * cn + b] & 0xFF);
                }
                byte[] dst = new byte[w * h];
                toGray(order, src, w, h, w * cn, cn, dst, w, 2);
                assertArrayEquals(expected, dst, order + " with " + cn + " channels");
            }
        }
        assertEquals(255, JavaImage.gray(255, 255, 255));
    }

    @Test void blurIsDirectConvolutionWithTheBorderRule() {
        int[][] sizes = {{13, 9, 1}, {10, 7, 3}, {6, 5, 4}};
        for (int[] s : sizes) {
            byte[] src = random(s[0] * s[1] * s[2], s[0]);
            for (double sigma : new double[] {0.5, 1, 2, 5}) {
                for (Border b : BORDERS) {
                    byte[] dst = new byte[src.length];
                    gaussianBlur(b, src, s[0], s[1], s[0] * s[2], s[2], sigma, dst, s[0] * s[2], 2);
                    assertArrayEquals(blurReference(src, s[0], s[1], s[0] * s[2], s[2], sigma, b), dst,
                            s[0] + "x" + s[1] + "x" + s[2] + " sigma " + sigma + " " + b);
                }
            }
        }
    }

    @Test void blurEdgeCases() {
        // 1x1, one column, one row, a kernel far wider than the image (sigma 12 and 60).
        int[][] sizes = {{1, 1}, {1, 7}, {8, 1}, {5, 4}};
        for (int[] s : sizes) {
            byte[] src = random(s[0] * s[1], 7);
            for (double sigma : new double[] {1, 12, 60}) {
                for (Border b : BORDERS) {
                    byte[] dst = new byte[src.length];
                    gaussianBlur(b, src, s[0], s[1], s[0], 1, sigma, dst, s[0], 1);
                    assertArrayEquals(blurReference(src, s[0], s[1], s[0], 1, sigma, b), dst, s[0] + "x" + s[1] + " sigma " + sigma + " " + b);
                }
            }
        }
        byte[] flat = new byte[30];
        Arrays.fill(flat, (byte) 200);
        byte[] dst = new byte[30];
        gaussianBlur(Border.reflect101, flat, 6, 5, 6, 1, 1000, dst, 6, 1);
        assertArrayEquals(flat, dst, "a flat image stays flat under any sigma");
    }

    @Test void sobelIsTheThreeByThreeDerivative() {
        int w = 11, h = 6;
        for (int cn : new int[] {1, 3}) {
            byte[] src = random(w * h * cn, 3 + cn);
            for (Border b : BORDERS) {
                short[][] expected = sobelReference(src, w, h, w * cn, cn, b);
                short[] dx = new short[w * h * cn], dy = new short[w * h * cn];
                sobel(b, src, w, h, w * cn, cn, dx, dy, w * cn, 2);
                assertArrayEquals(expected[0], dx, "dx " + b);
                assertArrayEquals(expected[1], dy, "dy " + b);
                byte[] magnitude = new byte[w * h * cn];
                float[] magnitudeFloat = new float[w * h * cn];
                sobelMagnitude(b, src, w, h, w * cn, cn, magnitude, w * cn, 2);
                sobelMagnitude(b, src, w, h, w * cn, cn, magnitudeFloat, w * cn, 1);
                for (int i = 0; i < dx.length; i++) {
                    double m = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
                    assertEquals(Math.min(255, Math.round(m)), magnitude[i] & 0xFF);
                    assertEquals((float) m, magnitudeFloat[i]);
                }
            }
        }
    }

    @Test void resizeIsBilinearWithCentresAligned() {
        int[][] cases = {{12, 10, 6, 5, 3}, {12, 10, 18, 15, 1}, {7, 5, 11, 3, 4}, {1, 1, 3, 2, 1}, {9, 7, 1, 1, 3}, {13, 11, 6, 17, 1}};
        for (int[] c : cases) {
            byte[] src = random(c[0] * c[1] * c[4], c[0] + c[2]);
            byte[] dst = new byte[c[2] * c[3] * c[4]];
            resize(Interpolation.linear, src, c[0], c[1], c[0] * c[4], c[4], dst, c[2], c[3], c[2] * c[4], 2);
            assertArrayEquals(resizeReference(src, c[0], c[1], c[4], c[2], c[3]), dst, Arrays.toString(c));
        }
    }

    @Test void resizeAreaAveragesBlocks() {
        byte[] src = {0, 1, 2, 3, 4, 5, 10, 10, 10, 10, 10, 10};  // 6x2
        byte[] dst = new byte[2];
        resize(Interpolation.area, src, 6, 2, 6, 1, dst, 2, 1, 2, 1);
        assertArrayEquals(new byte[] {6, 7}, dst);  // 33 / 6 = 5.5 -> 6 (ties to even), 42 / 6 = 7
        byte[] quad = {1, 2, 3, 4}, one = new byte[1];
        resize(Interpolation.area, quad, 2, 2, 2, 1, one, 1, 1, 1, 1);
        assertEquals(3, one[0]);  // (10 + 2) >> 2, as OpenCV's 2x2 path
    }

    @Test void subImageReadsOnlyItsOwnPixels() {
        // A 4x3 RGB view at offset 0 of a 7-pixel-wide image (stride 21): the other pixels are 255.
        int w = 4, h = 3, stride = 21;
        byte[] big = new byte[stride * h];
        Arrays.fill(big, (byte) 255);
        byte[] view = random(w * 3 * h, 11);
        for (int y = 0; y < h; y++) System.arraycopy(view, y * w * 3, big, y * stride, w * 3);
        for (Border b : BORDERS) {
            byte[] a = new byte[view.length], c = new byte[view.length];
            gaussianBlur(b, big, w, h, stride, 3, 2, a, w * 3, 1);
            gaussianBlur(b, view, w, h, w * 3, 3, 2, c, w * 3, 1);
            assertArrayEquals(c, a, b.toString());
        }
        // Output with a stride: the bytes between rows stay as they were.
        byte[] out = new byte[10 * h];
        Arrays.fill(out, (byte) 7);
        toGray(ChannelOrder.rgb, view, w, h, w * 3, 3, out, 10, 1);
        for (int y = 0; y < h; y++) {
            for (int x = w; x < 10 && y * 10 + x < out.length; x++) assertEquals(7, out[y * 10 + x]);
        }
    }

    @Test void pointersWorkLikeArrays() {
        byte[] src = random(8 * 6 * 3, 5);
        byte[] expected = new byte[8 * 6];
        toGray(ChannelOrder.bgr, src, 8, 6, 24, 3, expected, 8, 1);
        try (BytePointer in = new BytePointer(src); BytePointer out = new BytePointer(48)) {
            toGray(ChannelOrder.bgr, in, 8, 6, 24, 3, out, 8, 2);
            byte[] got = new byte[48];
            out.get(got);
            assertArrayEquals(expected, got);
        }
    }

    // ---------------------------------------------------------------- bad input

    @Test void badInputThrowsAndLeavesTheOutputAlone() {
        byte[] src = random(30, 1), dst = new byte[30];
        Arrays.fill(dst, (byte) 9);
        byte[] before = dst.clone();
        assertEquals("toGray: width must be at least 1, got width=0", assertThrows(IllegalArgumentException.class,
                () -> toGray(ChannelOrder.rgb, src, 0, 3, 10, 1, dst, 10, 1)).getMessage());
        assertEquals("toGray: height must be at least 1, got height=-2", assertThrows(IllegalArgumentException.class,
                () -> toGray(ChannelOrder.rgb, src, 3, -2, 10, 1, dst, 10, 1)).getMessage());
        assertEquals("toGray: channels must be 1, 3 or 4, got channels=2", assertThrows(IllegalArgumentException.class,
                () -> toGray(ChannelOrder.rgb, src, 5, 2, 10, 2, dst, 10, 1)).getMessage());
        assertEquals("toGray: order argb or abgr needs 4 channels, got channels=3", assertThrows(IllegalArgumentException.class,
                () -> toGray(ChannelOrder.argb, src, 3, 2, 9, 3, dst, 3, 1)).getMessage());
        assertEquals("toGray: srcStride must be at least width * channels = 12, got srcStride=10",
                assertThrows(IllegalArgumentException.class, () -> toGray(ChannelOrder.rgb, src, 4, 2, 10, 3, dst, 10, 1)).getMessage());
        assertEquals("toGray: src holds 30 elements, but 3 rows of srcStride=12 with width * channels = 12 need 36",
                assertThrows(IndexOutOfBoundsException.class, () -> toGray(ChannelOrder.rgb, src, 4, 3, 12, 3, dst, 4, 1)).getMessage());
        assertEquals("gaussianBlur: dst holds 30 elements, but 4 rows of dstStride=8 with width * channels = 8 need 32",
                assertThrows(IndexOutOfBoundsException.class, () -> gaussianBlur(Border.constant, new byte[32], 8, 4, 8, 1, 1, dst, 8, 1)).getMessage());
        for (double sigma : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, 1000.5}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> gaussianBlur(Border.replicate, src, 5, 2, 5, 1, sigma, dst, 5, 1));
            assertTrue(e.getMessage().startsWith("gaussianBlur: sigma must be in (0, 1000], got sigma="), e.getMessage());
        }
        assertEquals("resize: dstStride must be at least width * channels = 2, got dstStride=1", assertThrows(IllegalArgumentException.class,
                () -> resize(Interpolation.area, src, 5, 2, 5, 1, dst, 2, 1, 1, 1)).getMessage());
        assertEquals("sobel: dy holds 4 elements, but 2 rows of dstStride=5 with width * channels = 5 need 10",
                assertThrows(IndexOutOfBoundsException.class, () -> sobel(Border.constant, src, 5, 2, 5, 1, new short[10], new short[4], 5, 1)).getMessage());
        assertEquals("sobelMagnitude: threads must be in [1, 256], got 0", assertThrows(IllegalArgumentException.class,
                () -> sobelMagnitude(Border.constant, src, 5, 2, 5, 1, dst, 5, 0)).getMessage());
        assertThrows(NullPointerException.class, () -> toGray(ChannelOrder.rgb, null, 1, 1, 1, 1, dst, 1, 1));
        assertThrows(NullPointerException.class, () -> gaussianBlur(Border.constant, src, 1, 1, 1, 1, 1, (byte[]) null, 1, 1));
        assertEquals("Enum for argument 0 is NULL.", assertThrows(NullPointerException.class,
                () -> toGray(null, src, 1, 1, 1, 1, dst, 1, 1)).getMessage());
        assertArrayEquals(before, dst);
        try (BytePointer same = new BytePointer(src)) {
            assertEquals("gaussianBlur: src and dst overlap", assertThrows(IllegalArgumentException.class,
                    () -> gaussianBlur(Border.constant, same, 5, 2, 5, 1, 1, same, 5, 1)).getMessage());
        }
    }

    @Test void progressCountsRowsAndCancels() {
        int w = 16, h = 64;
        byte[] src = random(w * h, 2), dst = new byte[w * h];
        long[] last = {0};
        try (ProgressListener counting = Progress.listener((done, total) -> {
                assertEquals(h, total);
                last[0] = done;
                return true;
            });
             ProgressListener stop = Progress.listener((done, total) -> false)) {
            gaussianBlur(Border.reflect101, src, w, h, w, 1, 1, dst, w, 2, counting);
            assertEquals(h, last[0]);
            CancellationException e = assertThrows(CancellationException.class,
                    () -> resize(Interpolation.linear, src, w, h, w, 1, dst, w, h, w, 1, stop));
            assertTrue(e.getMessage().startsWith("resize: cancelled by the listener after "), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- Images (BufferedImage)

    static final int[] TYPES = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR,
            BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB};

    static BufferedImage randomImage(int w, int h, int type, long seed) {
        BufferedImage image = new BufferedImage(w, h, type);
        WritableRaster raster = image.getRaster();
        Random random = new Random(seed);
        for (int b = 0; b < raster.getNumBands(); b++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) raster.setSample(x, y, b, random.nextInt(256));
            }
        }
        return image;
    }

    /** One band as bytes. */
    static byte[] band(BufferedImage image, int b) {
        int[] samples = image.getRaster().getSamples(0, 0, image.getWidth(), image.getHeight(), b, (int[]) null);
        byte[] bytes = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) bytes[i] = (byte) samples[i];
        return bytes;
    }

    @Test void imagesBlurAndResizeEveryBandOfEverySupportedType() {
        for (int type : TYPES) {
            BufferedImage image = randomImage(9, 7, type, type);
            BufferedImage blurred = Images.blur(image, 1.5);
            BufferedImage resized = Images.resize(image, 5, 11);
            assertEquals(type, blurred.getType());
            assertEquals(type, resized.getType());
            assertEquals(5, resized.getWidth());
            assertEquals(11, resized.getHeight());
            for (int b = 0; b < image.getRaster().getNumBands(); b++) {
                byte[] in = band(image, b);
                assertArrayEquals(blurReference(in, 9, 7, 9, 1, 1.5, Border.reflect101), band(blurred, b), "type " + type + " band " + b);
                assertArrayEquals(resizeReference(in, 9, 7, 1, 5, 11), band(resized, b), "type " + type + " band " + b);
            }
        }
    }

    @Test void imagesGrayAndSobel() {
        for (int type : TYPES) {
            BufferedImage image = randomImage(8, 6, type, 40 + type);
            byte[] expected = new byte[48];
            if (type == BufferedImage.TYPE_BYTE_GRAY) {
                expected = band(image, 0);
            } else {
                byte[] r = band(image, 0), g = band(image, 1), b = band(image, 2);
                for (int i = 0; i < 48; i++) expected[i] = (byte) JavaImage.gray(r[i] & 0xFF, g[i] & 0xFF, b[i] & 0xFF);
            }
            BufferedImage gray = Images.gray(image);
            assertEquals(BufferedImage.TYPE_BYTE_GRAY, gray.getType());
            assertArrayEquals(expected, band(gray, 0), "type " + type);
            short[][] d = sobelReference(expected, 8, 6, 8, 1, Border.reflect101);
            byte[] edges = band(Images.sobelMagnitude(image), 0);
            for (int i = 0; i < 48; i++) {
                assertEquals(Math.min(255, Math.round(Math.sqrt(d[0][i] * d[0][i] + d[1][i] * d[1][i]))), edges[i] & 0xFF);
            }
        }
    }

    @Test void imagesSubImagesUseTheirOwnPixels() {
        for (int type : TYPES) {
            BufferedImage image = randomImage(12, 10, type, 70 + type);
            for (int[] at : new int[][] {{0, 0}, {3, 2}}) {
                BufferedImage sub = image.getSubimage(at[0], at[1], 6, 5);
                BufferedImage copy = new BufferedImage(6, 5, type);
                copy.getRaster().setPixels(0, 0, 6, 5, sub.getRaster().getPixels(0, 0, 6, 5, (int[]) null));
                for (int b = 0; b < image.getRaster().getNumBands(); b++) {
                    assertArrayEquals(band(Images.blur(copy, 1), b), band(Images.blur(sub, 1), b), "type " + type + " at " + at[0]);
                }
            }
        }
    }

    @Test void imagesRejectNullAndUnsupportedTypes() {
        assertEquals("Images.blur: image is null", assertThrows(NullPointerException.class, () -> Images.blur(null, 1)).getMessage());
        assertThrows(NullPointerException.class, () -> Images.gray(null));
        BufferedImage indexed = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_INDEXED);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Images.sobelMagnitude(indexed));
        assertEquals("Images.sobelMagnitude: unsupported BufferedImage type 13; supported: TYPE_BYTE_GRAY, TYPE_3BYTE_BGR, "
                + "TYPE_4BYTE_ABGR, TYPE_INT_RGB, TYPE_INT_ARGB", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Images.resize(new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY), 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Images.resize(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Images.blur(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), Double.NaN));
        // Found by the fuzzer: BufferedImage's own constructor overflowed into NegativeArraySizeException.
        assertEquals("Images.resize: a 2147483647x2 image of 3 channels does not fit in one Java array (at most 2147483639"
                + " samples)", assertThrows(IllegalArgumentException.class,
                        () -> Images.resize(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), Integer.MAX_VALUE, 2)).getMessage());
        BufferedImage gray = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        assertThrows(IllegalArgumentException.class, () -> Images.resize(gray, 65536, 32768));
        assertThrows(IllegalArgumentException.class, () -> Images.resize(gray, Integer.MAX_VALUE, Integer.MAX_VALUE));
    }

    @Test void imagesWriteIntoTheCallersImageAsTheAllocatingFormsDo() {
        for (int type : TYPES) {
            BufferedImage image = randomImage(10, 8, type, 90 + type);
            BufferedImage blurred = new BufferedImage(10, 8, type), resized = new BufferedImage(4, 13, type);
            BufferedImage gray = new BufferedImage(10, 8, BufferedImage.TYPE_BYTE_GRAY);
            BufferedImage edges = new BufferedImage(10, 8, BufferedImage.TYPE_BYTE_GRAY);
            assertSame(blurred, Images.blur(image, 1.2, blurred));
            assertSame(resized, Images.resize(image, resized));
            assertSame(gray, Images.gray(image, gray));
            assertSame(edges, Images.sobelMagnitude(image, edges));
            for (int b = 0; b < image.getRaster().getNumBands(); b++) {
                assertArrayEquals(band(Images.blur(image, 1.2), b), band(blurred, b), "type " + type);
                assertArrayEquals(band(Images.resize(image, 4, 13), b), band(resized, b), "type " + type);
            }
            assertArrayEquals(band(Images.gray(image), 0), band(gray, 0));
            assertArrayEquals(band(Images.sobelMagnitude(image), 0), band(edges, 0));
        }
    }

    @Test void imagesRejectAMismatchedDestination() {
        BufferedImage bgr = randomImage(6, 4, BufferedImage.TYPE_3BYTE_BGR, 5);
        assertEquals("Images.blur: dst must be a 6x4 image of type 5, got a 6x5 image of type 5",
                assertThrows(IllegalArgumentException.class,
                        () -> Images.blur(bgr, 1, new BufferedImage(6, 5, BufferedImage.TYPE_3BYTE_BGR))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Images.blur(bgr, 1, new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB)));
        assertThrows(IllegalArgumentException.class, () -> Images.gray(bgr, new BufferedImage(6, 4, BufferedImage.TYPE_3BYTE_BGR)));
        assertThrows(IllegalArgumentException.class, () -> Images.resize(bgr, new BufferedImage(3, 3, BufferedImage.TYPE_BYTE_GRAY)));
        assertEquals("Images.sobelMagnitude: dst is null", assertThrows(NullPointerException.class, () -> Images.sobelMagnitude(bgr, null)).getMessage());
        BufferedImage big = new BufferedImage(8, 6, BufferedImage.TYPE_3BYTE_BGR);
        assertEquals("Images.blur: dst must be a whole image, not a sub-image", assertThrows(IllegalArgumentException.class,
                () -> Images.blur(bgr, 1, big.getSubimage(1, 1, 6, 4))).getMessage());
        assertEquals("Images.blur: dst must be another image than the input",
                assertThrows(IllegalArgumentException.class, () -> Images.blur(bgr, 1, bgr)).getMessage());
        BufferedImage gray = new BufferedImage(6, 4, BufferedImage.TYPE_BYTE_GRAY);
        assertThrows(IllegalArgumentException.class, () -> Images.sobelMagnitude(gray, gray));
    }

    @Test void imagesAllocateNothingPerFrameWithADestination() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        BufferedImage frame = randomImage(640, 480, BufferedImage.TYPE_3BYTE_BGR, 8), out = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage small = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage edges = new BufferedImage(640, 480, BufferedImage.TYPE_BYTE_GRAY);
        Runnable perFrameWork = () -> {
            Images.blur(frame, 2, out);
            Images.resize(frame, small);
            Images.gray(frame, edges);
            Images.sobelMagnitude(frame, edges);  // a colour frame: through a grey intermediate
        };
        for (int i = 0; i < 20; i++) perFrameWork.run();  // warm-up: the JIT and the class loading allocate
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 50; i++) perFrameWork.run();
        long perFrame = (threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / 50;
        assertTrue(perFrame < 1024, perFrame + " bytes allocated per frame (a 640x480 BGR frame is 921,600 bytes)");
    }
}
