package org.mymodule.benchmarks;

import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.DataBufferByte;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import boofcv.abst.distort.FDistort;
import boofcv.struct.border.ImageBorder_S32;
import boofcv.struct.image.GrayS16;
import boofcv.struct.image.GrayU8;
import boofcv.struct.image.InterleavedU8;
import org.mymodule.reference.BoofImage;
import org.mymodule.reference.JavaImage;
import org.mymodule.Images;
import org.mymodule.global.mymodule;
import org.mymodule.global.mymodule.Border;
import org.mymodule.global.mymodule.ChannelOrder;
import org.mymodule.global.mymodule.Interpolation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The image kernels on a 3840x2160 picture (RGB, and its grey version for Sobel): mymodule on
 * BytePointers allocated once (zero copy), OpenCV 4.13 (org.bytedeco:opencv, {@code setNumThreads}
 * = threads) on Mats allocated once, BoofCV 1.1.7 ({@link BoofImage}, the best pure-Java library,
 * {@code BoofConcurrency} on the same threads) on images over arrays allocated once, a
 * straightforward pure-Java loop ({@link JavaImage}, 1 thread) and, for blur, java.awt's {@link ConvolveOp} as two 1-D passes (1 thread; its edge rule is "zero
 * fill or no op", not reflect-101). Benchmark names are kernel_implementation; image_summary.py
 * turns ms/op into MPixel/s of the input and ratios against mymodule.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class ImageBenchmark {
    @Param("3840") int width;
    @Param("2160") int height;
    @Param({"1", "2"}) int threads;

    byte[] rgb, gray, out, out2;
    short[] dx, dy;
    BytePointer rgbP, grayP, outP;
    ShortPointer dxP, dyP;
    Mat rgbM, grayM, outM, out2M;
    Size half, threeHalves, twoThirds, zero;
    int[] kernel2, kernel8;
    BufferedImage rgbImage, grayImage, outImage, halfImage, bigImage;  // Images.* end to end, into these
    ConvolveOp[] convolve2, convolve8;
    InterleavedU8 rgbB, outB, storageB, halfB, bigB;
    GrayU8 grayB, grayOutB;
    GrayS16 dxB, dyB;
    ImageBorder_S32<GrayU8> reflectB;
    FDistort halfResizer, bigResizer;

    @Setup(Level.Trial)
    public void setup() {
        int pixels = width * height;
        rgb = new byte[3 * pixels];
        Random random = new Random(1);
        for (int y = 0; y < height; y++) {  // smooth gradients plus noise: a photo-like, compressible-free picture
            for (int x = 0; x < width; x++) {
                int i = 3 * (y * width + x);
                rgb[i] = (byte) (x * 255 / width + random.nextInt(16));
                rgb[i + 1] = (byte) (y * 255 / height + random.nextInt(16));
                rgb[i + 2] = (byte) ((x + y) * 127 / (width + height) + random.nextInt(64));
            }
        }
        gray = new byte[pixels];
        JavaImage.grayRgb(rgb, gray, pixels);
        out = new byte[3 * pixels * 9 / 4 + 3];
        out2 = new byte[out.length];
        dx = new short[pixels];
        dy = new short[pixels];
        rgbP = new BytePointer(rgb);
        grayP = new BytePointer(gray);
        outP = new BytePointer(out.length);
        dxP = new ShortPointer(pixels);
        dyP = new ShortPointer(pixels);
        opencv_core.setNumThreads(threads);
        rgbM = new Mat(height, width, opencv_core.CV_8UC3);
        rgbM.data().put(rgb);
        grayM = new Mat(height, width, opencv_core.CV_8UC1);
        grayM.data().put(gray);
        outM = new Mat();
        out2M = new Mat();
        half = new Size(width / 2, height / 2);
        threeHalves = new Size(width * 3 / 2, height * 3 / 2);
        twoThirds = new Size(width * 2 / 3, height * 2 / 3);
        zero = new Size(0, 0);
        kernel2 = JavaImage.kernel(2);
        kernel8 = JavaImage.kernel(8);
        rgbImage = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        System.arraycopy(rgb, 0, ((DataBufferByte) rgbImage.getRaster().getDataBuffer()).getData(), 0, rgb.length);
        grayImage = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        outImage = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        halfImage = new BufferedImage(width / 2, height / 2, BufferedImage.TYPE_3BYTE_BGR);
        bigImage = new BufferedImage(width * 3 / 2, height * 3 / 2, BufferedImage.TYPE_3BYTE_BGR);
        convolve2 = JavaImage.convolveOps(kernel2);
        convolve8 = JavaImage.convolveOps(kernel8);
        BoofImage.threads(threads);
        rgbB = BoofImage.interleaved(rgb, width, height, 3);
        outB = new InterleavedU8(width, height, 3);
        storageB = new InterleavedU8(width, height, 3);
        halfB = new InterleavedU8(width / 2, height / 2, 3);
        bigB = new InterleavedU8(width * 3 / 2, height * 3 / 2, 3);
        grayB = BoofImage.gray(gray, width, height);
        grayOutB = new GrayU8(width, height);
        dxB = new GrayS16(width, height);
        dyB = new GrayS16(width, height);
        reflectB = BoofImage.reflect();
        halfResizer = BoofImage.resizer(rgbB, halfB);
        bigResizer = BoofImage.resizer(rgbB, bigB);
        check();
    }

    /** The implementations agree (Java exactly, OpenCV within 1 or exactly) before anything is timed. */
    void check() {
        int pixels = width * height;
        byte[] a = new byte[3 * pixels], b = new byte[3 * pixels];
        mymodule.gaussianBlur(Border.reflect101, rgb, width, height, 3 * width, 3, 2, a, 3 * width, threads);
        JavaImage.blur(rgb, b, width, height, 3, kernel2);
        require(java.util.Arrays.equals(a, b), "blur: pure Java differs from mymodule");
        opencv_imgproc.GaussianBlur(rgbM, outM, zero, 2, 2, opencv_core.BORDER_REFLECT_101, 0);
        outM.data().get(b);
        require(maxDifference(a, b) <= 1, "blur: OpenCV differs from mymodule by more than 1");
        byte[] g = new byte[pixels];
        mymodule.toGray(ChannelOrder.rgb, rgb, width, height, 3 * width, 3, g, width, threads);
        require(java.util.Arrays.equals(g, gray), "gray: pure Java differs from mymodule");
        int tw = width * 2 / 3, th = height * 2 / 3;
        byte[] r = new byte[3 * tw * th], rc = new byte[r.length];
        mymodule.resize(Interpolation.area, rgb, width, height, 3 * width, 3, r, tw, th, 3 * tw, threads);
        opencv_imgproc.resize(rgbM, outM, twoThirds, 0, 0, opencv_imgproc.INTER_AREA);
        outM.data().get(rc);
        require(java.util.Arrays.equals(r, rc), "area resize to two thirds: OpenCV differs from mymodule");
    }

    static int maxDifference(byte[] a, byte[] b) {
        int max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
        return max;
    }

    static void require(boolean condition, String message) {
        if (!condition) throw new IllegalStateException("ImageBenchmark: " + message);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (org.bytedeco.javacpp.Pointer p : new org.bytedeco.javacpp.Pointer[] {rgbP, grayP, outP, dxP, dyP, rgbM, grayM,
                outM, out2M, half, threeHalves, twoThirds, zero}) {
            p.close();
        }
    }

    // ---- grey (RGB -> grey)

    @Benchmark public BytePointer gray_native() {
        mymodule.toGray(ChannelOrder.rgb, rgbP, width, height, 3 * width, 3, outP, width, threads);
        return outP;
    }

    @Benchmark public Mat gray_opencv() {
        opencv_imgproc.cvtColor(rgbM, outM, opencv_imgproc.COLOR_RGB2GRAY);
        return outM;
    }

    @Benchmark public GrayU8 gray_boofcv() {
        BoofImage.gray(rgbB, grayOutB);
        return grayOutB;
    }

    @Benchmark public byte[] gray_java() {
        JavaImage.grayRgb(rgb, out, width * height);
        return out;
    }

    // ---- Gaussian blur of the RGB image, sigma 2 (13 taps) and 8 (49 taps)

    @Benchmark public BytePointer blur2_native() {
        mymodule.gaussianBlur(Border.reflect101, rgbP, width, height, 3 * width, 3, 2, outP, 3 * width, threads);
        return outP;
    }

    @Benchmark public Mat blur2_opencv() {
        opencv_imgproc.GaussianBlur(rgbM, outM, zero, 2, 2, opencv_core.BORDER_REFLECT_101, 0);
        return outM;
    }

    @Benchmark public InterleavedU8 blur2_boofcv() {
        BoofImage.blur(rgbB, outB, storageB, 2);
        return outB;
    }

    @Benchmark public byte[] blur2_java() {
        JavaImage.blur(rgb, out, width, height, 3, kernel2);
        return out;
    }

    @Benchmark public BufferedImage blur2_convolveOp() {
        return convolve2[1].filter(convolve2[0].filter(rgbImage, null), null);
    }

    @Benchmark public BytePointer blur8_native() {
        mymodule.gaussianBlur(Border.reflect101, rgbP, width, height, 3 * width, 3, 8, outP, 3 * width, threads);
        return outP;
    }

    @Benchmark public Mat blur8_opencv() {
        opencv_imgproc.GaussianBlur(rgbM, outM, zero, 8, 8, opencv_core.BORDER_REFLECT_101, 0);
        return outM;
    }

    @Benchmark public InterleavedU8 blur8_boofcv() {
        BoofImage.blur(rgbB, outB, storageB, 8);
        return outB;
    }

    @Benchmark public byte[] blur8_java() {
        JavaImage.blur(rgb, out, width, height, 3, kernel8);
        return out;
    }

    @Benchmark public BufferedImage blur8_convolveOp() {
        return convolve8[1].filter(convolve8[0].filter(rgbImage, null), null);
    }

    // ---- Sobel dx and dy (16-bit) of the grey image; and mymodule's 8-bit magnitude

    @Benchmark public ShortPointer sobel_native() {
        mymodule.sobel(Border.reflect101, grayP, width, height, width, 1, dxP, dyP, width, threads);
        return dyP;
    }

    @Benchmark public Mat sobel_opencv() {
        opencv_imgproc.Sobel(grayM, outM, opencv_core.CV_16S, 1, 0, 3, 1, 0, opencv_core.BORDER_REFLECT_101);
        opencv_imgproc.Sobel(grayM, out2M, opencv_core.CV_16S, 0, 1, 3, 1, 0, opencv_core.BORDER_REFLECT_101);
        return out2M;
    }

    @Benchmark public GrayS16 sobel_boofcv() {
        BoofImage.sobel(grayB, dxB, dyB, reflectB);
        return dyB;
    }

    @Benchmark public short[] sobel_java() {
        JavaImage.sobel(gray, dx, dy, width, height);
        return dy;
    }

    @Benchmark public BytePointer sobelMagnitude_native() {
        mymodule.sobelMagnitude(Border.reflect101, grayP, width, height, width, 1, outP, width, threads);
        return outP;
    }

    // ---- bilinear resize of the RGB image to half and to 1.5 times its size

    @Benchmark public BytePointer resizeHalf_native() {
        mymodule.resize(Interpolation.linear, rgbP, width, height, 3 * width, 3, outP, width / 2, height / 2,
                3 * (width / 2), threads);
        return outP;
    }

    @Benchmark public Mat resizeHalf_opencv() {
        opencv_imgproc.resize(rgbM, outM, half, 0, 0, opencv_imgproc.INTER_LINEAR);
        return outM;
    }

    @Benchmark public InterleavedU8 resizeHalf_boofcv() {
        halfResizer.apply();
        return halfB;
    }

    @Benchmark public byte[] resizeHalf_java() {
        JavaImage.resize(rgb, width, height, 3, out, width / 2, height / 2);
        return out;
    }

    @Benchmark public BytePointer resize15_native() {
        mymodule.resize(Interpolation.linear, rgbP, width, height, 3 * width, 3, outP, width * 3 / 2, height * 3 / 2,
                3 * (width * 3 / 2), threads);
        return outP;
    }

    @Benchmark public Mat resize15_opencv() {
        opencv_imgproc.resize(rgbM, outM, threeHalves, 0, 0, opencv_imgproc.INTER_LINEAR);
        return outM;
    }

    @Benchmark public InterleavedU8 resize15_boofcv() {
        bigResizer.apply();
        return bigB;
    }

    @Benchmark public byte[] resize15_java() {
        JavaImage.resize(rgb, width, height, 3, out, width * 3 / 2, height * 3 / 2);
        return out;
    }

    // ---- area resize (OpenCV's INTER_AREA) to half (2x2 means), two thirds (fractional cells) and 1.5x;
    // BoofCV's AverageDownSampleOps takes no interleaved images, its halving is resizeHalf_boofcv

    @Benchmark public BytePointer areaHalf_native() {
        mymodule.resize(Interpolation.area, rgbP, width, height, 3 * width, 3, outP, width / 2, height / 2,
                3 * (width / 2), threads);
        return outP;
    }

    @Benchmark public Mat areaHalf_opencv() {
        opencv_imgproc.resize(rgbM, outM, half, 0, 0, opencv_imgproc.INTER_AREA);
        return outM;
    }

    @Benchmark public BytePointer areaTwoThirds_native() {
        mymodule.resize(Interpolation.area, rgbP, width, height, 3 * width, 3, outP, width * 2 / 3, height * 2 / 3,
                3 * (width * 2 / 3), threads);
        return outP;
    }

    @Benchmark public Mat areaTwoThirds_opencv() {
        opencv_imgproc.resize(rgbM, outM, twoThirds, 0, 0, opencv_imgproc.INTER_AREA);
        return outM;
    }

    @Benchmark public BytePointer area15_native() {
        mymodule.resize(Interpolation.area, rgbP, width, height, 3 * width, 3, outP, width * 3 / 2, height * 3 / 2,
                3 * (width * 3 / 2), threads);
        return outP;
    }

    @Benchmark public Mat area15_opencv() {
        opencv_imgproc.resize(rgbM, outM, threeHalves, 0, 0, opencv_imgproc.INTER_AREA);
        return outM;
    }

    // ---- Images on BufferedImages, end to end as a user calls them: the rasters pinned in place, into a
    // caller's image (_images) or a new one (_imagesNew); Images uses every processor, so compare these
    // with the threads = 2 rows of OpenCV. _array is the generated byte[] call, which JNI copies.

    @Benchmark public BufferedImage gray_images() {
        return Images.gray(rgbImage, grayImage);
    }

    @Benchmark public BufferedImage gray_imagesNew() {
        return Images.gray(rgbImage);
    }

    @Benchmark public BufferedImage blur2_images() {
        return Images.blur(rgbImage, 2, outImage);
    }

    @Benchmark public BufferedImage blur2_imagesNew() {
        return Images.blur(rgbImage, 2);
    }

    @Benchmark public byte[] blur2_array() {
        mymodule.gaussianBlur(Border.reflect101, rgb, width, height, 3 * width, 3, 2, out, 3 * width, threads);
        return out;
    }

    @Benchmark public BufferedImage blur8_images() {
        return Images.blur(rgbImage, 8, outImage);
    }

    @Benchmark public BufferedImage sobel_images() {
        return Images.sobelMagnitude(rgbImage, grayImage);
    }

    @Benchmark public BufferedImage resizeHalf_images() {
        return Images.resize(rgbImage, halfImage);
    }

    @Benchmark public BufferedImage resize15_images() {
        return Images.resize(rgbImage, bigImage);
    }
}
