package org.mymodule.reference;

import boofcv.abst.distort.FDistort;
import boofcv.alg.color.ColorRgb;
import boofcv.alg.filter.blur.BlurImageOps;
import boofcv.alg.filter.derivative.GradientSobel;
import boofcv.alg.interpolate.InterpolationType;
import boofcv.concurrency.BoofConcurrency;
import boofcv.core.image.border.FactoryImageBorder;
import boofcv.struct.border.BorderType;
import boofcv.struct.border.ImageBorder_S32;
import boofcv.struct.image.GrayS16;
import boofcv.struct.image.GrayU8;
import boofcv.struct.image.InterleavedU8;

/**
 * The image kernels in BoofCV (boofcv-ip, Apache-2.0), the fastest pure-Java image library: the
 * best Java the demo and the benchmarks compare mymodule with. Its images wrap the same packed
 * arrays (no copy). BoofCV's arithmetic is its own (float grey weights, its Gaussian kernel, its
 * borders), so its bytes differ from OpenCV's a little; the work per pixel is the same.
 */
public final class BoofImage {
    private BoofImage() {}

    /** BoofCV's threads for what follows: its concurrent kernels on up to {@code threads}, the plain ones for 1. */
    public static void threads(int threads) {
        BoofConcurrency.USE_CONCURRENT = threads > 1;
        BoofConcurrency.setMaxThreads(threads);
    }

    /** An interleaved image over {@code data} (width * bands bytes a row). */
    public static InterleavedU8 interleaved(byte[] data, int width, int height, int bands) {
        InterleavedU8 image = new InterleavedU8(width, height, bands);
        image.data = data;
        return image;
    }

    /** A grey image over {@code data} (width bytes a row). */
    public static GrayU8 gray(byte[] data, int width, int height) {
        GrayU8 image = new GrayU8(width, height);
        image.data = data;
        return image;
    }

    /** Weighted RGB to grey (0.299 R + 0.587 G + 0.114 B, bands in RGB order). */
    public static void gray(InterleavedU8 rgb, GrayU8 gray) {
        ColorRgb.rgbToGray_Weighted(rgb, gray);
    }

    /** Gaussian blur of every band, its radius from sigma; storage is a scratch image of the same shape. */
    public static void blur(InterleavedU8 src, InterleavedU8 dst, InterleavedU8 storage, double sigma) {
        BlurImageOps.gaussian(src, dst, sigma, -1, storage);
    }

    /** The reflecting border Sobel reads beyond the edges. */
    public static ImageBorder_S32<GrayU8> reflect() {
        return FactoryImageBorder.single(BorderType.REFLECT, GrayU8.class);
    }

    /** 3x3 Sobel derivatives, 16-bit. */
    public static void sobel(GrayU8 src, GrayS16 dx, GrayS16 dy, ImageBorder_S32<GrayU8> border) {
        GradientSobel.process(src, dx, dy, border);
    }

    /** A bilinear resize of src to dst's size, edges extended; {@code apply()} runs it (reusable). */
    public static FDistort resizer(InterleavedU8 src, InterleavedU8 dst) {
        return new FDistort(src, dst).interp(InterpolationType.BILINEAR).border(BorderType.EXTENDED).scaleExt();
    }
}
