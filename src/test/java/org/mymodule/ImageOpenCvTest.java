package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mymodule.global.mymodule.gaussianBlur;
import static org.mymodule.global.mymodule.resize;
import static org.mymodule.global.mymodule.sobel;
import static org.mymodule.global.mymodule.toGray;

import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mymodule.global.mymodule.Border;
import org.mymodule.global.mymodule.ChannelOrder;
import org.mymodule.global.mymodule.Interpolation;

/**
 * image.h agrees with OpenCV 4.13 (org.bytedeco:opencv, a test-scope dependency with linux-x86_64
 * natives only): identical bytes for grey and Sobel, within 1 for blur and resize. Skipped where
 * OpenCV cannot load (other platforms, the emulated runs of .ci/cross that lack its jar).
 * OpenCV's types stay inside {@link OpenCv}, so this class loads without them.
 */
@ExtendWith(NativeLeakCheck.class)
class ImageOpenCvTest {
    /** OpenCV's border codes for ours: BORDER_REFLECT_101, BORDER_REPLICATE, BORDER_CONSTANT. */
    private static final int[] CV_BORDER = {4, 1, 0};

    @BeforeAll static void openCvLoads() {
        Throwable failure = null;
        try {
            Loader.load(Class.forName("org.bytedeco.opencv.global.opencv_imgproc"));
        } catch (Throwable t) {  // ClassNotFoundException, UnsatisfiedLinkError, NoClassDefFoundError
            failure = t;
        }
        assumeTrue(failure == null, "OpenCV cannot load here: " + failure);
    }

    static int maxDifference(byte[] a, byte[] b) {
        assertTrue(a.length == b.length, "lengths " + a.length + " and " + b.length);
        int max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
        return max;
    }

    @Test void grayIsIdentical() {
        int w = 37, h = 23;
        for (int cn : new int[] {3, 4}) {
            byte[] src = ImageTest.random(w * h * cn, cn);
            for (ChannelOrder order : new ChannelOrder[] {ChannelOrder.rgb, ChannelOrder.bgr}) {
                byte[] ours = new byte[w * h];
                toGray(order, src, w, h, w * cn, cn, ours, w, 2);
                // COLOR_RGB2GRAY 7, BGR2GRAY 6, RGBA2GRAY 11, BGRA2GRAY 10
                int code = cn == 3 ? (order == ChannelOrder.rgb ? 7 : 6) : (order == ChannelOrder.rgb ? 11 : 10);
                assertArrayEquals(OpenCv.cvtColor(src, w, h, cn, code), ours, order + " " + cn);
            }
        }
    }

    @Test void grayIsIdenticalForEveryColour() {
        // All 2^24 RGB colours as one 4096x4096 image (48 MB, about a second).
        int w = 4096, h = 4096;
        byte[] src = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            src[3 * i] = (byte) (i >> 16);
            src[3 * i + 1] = (byte) (i >> 8);
            src[3 * i + 2] = (byte) i;
        }
        byte[] ours = new byte[w * h];
        toGray(ChannelOrder.rgb, src, w, h, w * 3, 3, ours, w, 2);
        assertArrayEquals(OpenCv.cvtColor(src, w, h, 3, 7), ours);
    }

    @Test void blurIsWithinOne() {
        int w = 41, h = 29;
        for (int cn : new int[] {1, 3}) {
            byte[] src = ImageTest.random(w * h * cn, 10 + cn);
            for (double sigma : new double[] {0.5, 1, 2, 5, 12}) {
                for (Border b : Border.values()) {
                    byte[] ours = new byte[src.length];
                    gaussianBlur(b, src, w, h, w * cn, cn, sigma, ours, w * cn, 2);
                    byte[] theirs = OpenCv.gaussianBlur(src, w, h, cn, sigma, CV_BORDER[b.ordinal()]);
                    int d = maxDifference(ours, theirs);
                    assertTrue(d <= 1, "sigma " + sigma + " " + b + " cn " + cn + ": differs by " + d);
                }
            }
        }
    }

    @Test void sobelIsIdentical() {
        int w = 33, h = 19;
        for (int cn : new int[] {1, 3}) {
            byte[] src = ImageTest.random(w * h * cn, 20 + cn);
            for (Border b : Border.values()) {
                short[] dx = new short[src.length], dy = new short[src.length];
                sobel(b, src, w, h, w * cn, cn, dx, dy, w * cn, 2);
                assertArrayEquals(OpenCv.sobel(src, w, h, cn, 1, 0, CV_BORDER[b.ordinal()]), dx, "dx " + b + " cn " + cn);
                assertArrayEquals(OpenCv.sobel(src, w, h, cn, 0, 1, CV_BORDER[b.ordinal()]), dy, "dy " + b + " cn " + cn);
            }
        }
    }

    @Test void resizeIsWithinOne() {
        // {srcW, srcH, dstW, dstH}: half, 1.5x, odd sizes both ways, and area by whole factors
        int[][] linear = {{40, 30, 20, 15}, {40, 30, 60, 45}, {41, 29, 17, 23}, {41, 29, 63, 44}, {7, 5, 3, 11}};
        // area: whole factors, fractional shrinks, enlargements and a shrink on one axis with an enlargement on the other
        int[][] area = {{40, 30, 20, 15}, {42, 30, 14, 10}, {40, 30, 10, 15}, {40, 30, 27, 20}, {41, 29, 13, 9},
                        {40, 30, 60, 45}, {41, 29, 63, 44}, {41, 29, 17, 44}, {29, 41, 44, 17}};
        for (int cn : new int[] {1, 3, 4}) {
            for (int[] c : linear) {
                byte[] src = ImageTest.random(c[0] * c[1] * cn, c[2] + cn);
                byte[] ours = new byte[c[2] * c[3] * cn];
                resize(Interpolation.linear, src, c[0], c[1], c[0] * cn, cn, ours, c[2], c[3], c[2] * cn, 2);
                int d = maxDifference(ours, OpenCv.resize(src, c[0], c[1], cn, c[2], c[3], 1));  // INTER_LINEAR
                assertTrue(d <= 1, "linear " + java.util.Arrays.toString(c) + " cn " + cn + ": differs by " + d);
            }
            for (int[] c : area) {
                byte[] src = ImageTest.random(c[0] * c[1] * cn, c[3] + cn);
                byte[] ours = new byte[c[2] * c[3] * cn];
                resize(Interpolation.area, src, c[0], c[1], c[0] * cn, cn, ours, c[2], c[3], c[2] * cn, 1);
                int d = maxDifference(ours, OpenCv.resize(src, c[0], c[1], cn, c[2], c[3], 3));  // INTER_AREA
                assertTrue(d <= 1, "area " + java.util.Arrays.toString(c) + " cn " + cn + ": differs by " + d);
            }
        }
    }

    @Test void areaShrinkIsIdentical() {
        // Where both axes shrink, whole or fractional factors, OpenCV runs its own area code (integer
        // block means, or float cell weights): the same bytes. {srcW, srcH, dstW, dstH}
        int[][] shrinks = {{40, 30, 20, 15}, {42, 30, 14, 10}, {40, 30, 10, 15}, {40, 30, 27, 20}, {41, 29, 13, 9},
                           {640, 480, 427, 320}, {641, 479, 213, 311}, {100, 100, 99, 51}};
        for (int cn : new int[] {1, 3, 4}) {
            for (int[] c : shrinks) {
                byte[] src = ImageTest.random(c[0] * c[1] * cn, c[2] * 7 + cn);
                byte[] ours = new byte[c[2] * c[3] * cn];
                resize(Interpolation.area, src, c[0], c[1], c[0] * cn, cn, ours, c[2], c[3], c[2] * cn, 2);
                assertArrayEquals(OpenCv.resize(src, c[0], c[1], cn, c[2], c[3], 3), ours,
                        "area " + java.util.Arrays.toString(c) + " cn " + cn);
            }
        }
    }

    /** Every OpenCV call, on packed byte arrays in and out (loaded only once OpenCV is known to load). */
    static final class OpenCv {
        private OpenCv() {}

        static org.bytedeco.opencv.opencv_core.Mat mat(byte[] data, int w, int h, int cn) {
            org.bytedeco.opencv.opencv_core.Mat m = new org.bytedeco.opencv.opencv_core.Mat(h, w,
                    org.bytedeco.opencv.global.opencv_core.CV_8UC(cn));
            m.data().put(data);
            return m;
        }

        static byte[] bytes(org.bytedeco.opencv.opencv_core.Mat m) {
            byte[] out = new byte[(int) (m.total() * m.channels())];
            m.data().get(out);
            return out;
        }

        static byte[] cvtColor(byte[] src, int w, int h, int cn, int code) {
            try (org.bytedeco.opencv.opencv_core.Mat in = mat(src, w, h, cn);
                 org.bytedeco.opencv.opencv_core.Mat out = new org.bytedeco.opencv.opencv_core.Mat()) {
                org.bytedeco.opencv.global.opencv_imgproc.cvtColor(in, out, code);
                return bytes(out);
            }
        }

        static byte[] gaussianBlur(byte[] src, int w, int h, int cn, double sigma, int border) {
            try (org.bytedeco.opencv.opencv_core.Mat in = mat(src, w, h, cn);
                 org.bytedeco.opencv.opencv_core.Mat out = new org.bytedeco.opencv.opencv_core.Mat();
                 org.bytedeco.opencv.opencv_core.Size zero = new org.bytedeco.opencv.opencv_core.Size(0, 0)) {
                org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur(in, out, zero, sigma, sigma, border, 0);  // ALGO_HINT_DEFAULT
                return bytes(out);
            }
        }

        static short[] sobel(byte[] src, int w, int h, int cn, int dx, int dy, int border) {
            try (org.bytedeco.opencv.opencv_core.Mat in = mat(src, w, h, cn);
                 org.bytedeco.opencv.opencv_core.Mat out = new org.bytedeco.opencv.opencv_core.Mat()) {
                org.bytedeco.opencv.global.opencv_imgproc.Sobel(in, out, org.bytedeco.opencv.global.opencv_core.CV_16S,
                        dx, dy, 3, 1, 0, border);
                short[] result = new short[w * h * cn];
                try (org.bytedeco.javacpp.ShortPointer p = new org.bytedeco.javacpp.ShortPointer(out.data())) {
                    p.get(result);
                }
                return result;
            }
        }

        static byte[] resize(byte[] src, int w, int h, int cn, int dw, int dh, int interpolation) {
            try (org.bytedeco.opencv.opencv_core.Mat in = mat(src, w, h, cn);
                 org.bytedeco.opencv.opencv_core.Mat out = new org.bytedeco.opencv.opencv_core.Mat();
                 org.bytedeco.opencv.opencv_core.Size size = new org.bytedeco.opencv.opencv_core.Size(dw, dh)) {
                org.bytedeco.opencv.global.opencv_imgproc.resize(in, out, size, 0, 0, interpolation);
                return bytes(out);
            }
        }
    }
}
