package org.mymodule;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import org.bytedeco.javacpp.annotation.Properties;
import org.mymodule.global.mymodule;
import org.mymodule.global.mymodule.Border;
import org.mymodule.global.mymodule.ChannelOrder;
import org.mymodule.global.mymodule.Interpolation;

/**
 * The image functions of {@code image.h} on {@link BufferedImage}s, using all processors.
 *
 * <pre>{@code
 * BufferedImage blurred = Images.blur(ImageIO.read(file), 2.0);
 * }</pre>
 *
 * Supported types and what each costs besides the native call (which, like every JNI call with a
 * Java array, copies the array in and the result out):
 * <ul>
 * <li>{@code TYPE_BYTE_GRAY}, {@code TYPE_3BYTE_BGR}, {@code TYPE_4BYTE_ABGR}: the raster's own
 *     {@code byte[]} goes to C++ as it is, row stride included, so a sub-image from
 *     {@code getSubimage} at the top-left corner costs nothing more; another sub-image is copied
 *     once into an array of its own.</li>
 * <li>{@code TYPE_INT_RGB}, {@code TYPE_INT_ARGB}: the {@code int[]} pixels are converted once to
 *     bytes (B, G, R and A for ARGB) and the result converted back once. Alpha is blurred and resized
 *     like a colour channel (not premultiplied).</li>
 * </ul>
 * Results are new images of the input's type ({@code TYPE_BYTE_GRAY} for {@link #gray} and
 * {@link #sobel}); the input is never modified. Borders are OpenCV's default, reflect-101.
 */
@Properties(inherit = org.mymodule.presets.mymodule.class)  // the Builder scans org.mymodule.** and warns without it
public final class Images {
    /** The longest array HotSpot allocates (a few words below Integer.MAX_VALUE go to the header). */
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private Images() {}

    /** One image as bytes: the array, where pixel (0, 0) is, the row stride and the layout. */
    private static final class Pixels {
        final byte[] data;
        final int width, height, stride, channels;
        final ChannelOrder order;

        Pixels(byte[] data, int width, int height, int stride, int channels, ChannelOrder order) {
            this.data = data;
            this.width = width;
            this.height = height;
            this.stride = stride;
            this.channels = channels;
            this.order = order;
        }
    }

    /** The image converted to grey (BT.601, identical to OpenCV's cvtColor), as {@code TYPE_BYTE_GRAY}. */
    public static BufferedImage gray(BufferedImage image) {
        Pixels in = pixels("Images.gray", image);
        BufferedImage result = new BufferedImage(in.width, in.height, BufferedImage.TYPE_BYTE_GRAY);
        mymodule.toGray(in.order, in.data, in.width, in.height, in.stride, in.channels, bytes(result), in.width, threads());
        return result;
    }

    /**
     * The image blurred with a Gaussian of standard deviation sigma (equal within 1 to OpenCV's
     * GaussianBlur with ksize 0), each channel on its own, as a new image of the same type.
     *
     * @throws IllegalArgumentException if sigma is not in (0, 1000] (NaN included) or the type is unsupported
     */
    public static BufferedImage blur(BufferedImage image, double sigma) {
        Pixels in = pixels("Images.blur", image);
        BufferedImage result = new BufferedImage(in.width, in.height, image.getType());
        byte[] out = output("Images.blur", result, in.channels);
        mymodule.gaussianBlur(Border.reflect101, in.data, in.width, in.height, in.stride, in.channels, sigma, out,
                in.width * in.channels, threads());
        return finish(out, result);
    }

    /**
     * Edges: the magnitude of the 3×3 Sobel gradient of the grey image, rounded and saturated to
     * 0..255, as {@code TYPE_BYTE_GRAY}.
     */
    public static BufferedImage sobel(BufferedImage image) {
        Pixels in = pixels("Images.sobel", image);
        if (in.channels != 1) {
            byte[] gray = new byte[in.width * in.height];
            mymodule.toGray(in.order, in.data, in.width, in.height, in.stride, in.channels, gray, in.width, threads());
            in = new Pixels(gray, in.width, in.height, in.width, 1, ChannelOrder.rgb);
        }
        BufferedImage result = new BufferedImage(in.width, in.height, BufferedImage.TYPE_BYTE_GRAY);
        mymodule.sobelMagnitude(Border.reflect101, in.data, in.width, in.height, in.stride, 1, bytes(result), in.width,
                threads());
        return result;
    }

    /**
     * The image resized to width × height with bilinear interpolation (OpenCV's INTER_LINEAR, equal
     * within 1), as a new image of the same type.
     *
     * @throws IllegalArgumentException if width or height is below 1, the result would not fit in one
     *     Java array, or the type is unsupported
     */
    public static BufferedImage resize(BufferedImage image, int width, int height) {
        Pixels in = pixels("Images.resize", image);
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("Images.resize: width and height must be at least 1, got " + width + "x" + height);
        }
        samples("Images.resize", width, height, in.channels);  // before BufferedImage's constructor overflows
        BufferedImage result = new BufferedImage(width, height, image.getType());
        byte[] out = output("Images.resize", result, in.channels);
        mymodule.resize(Interpolation.linear, in.data, in.width, in.height, in.stride, in.channels, out, width, height,
                width * in.channels, threads());
        return finish(out, result);
    }

    private static int threads() {
        return Math.min(256, Runtime.getRuntime().availableProcessors());
    }

    private static byte[] bytes(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    /** The image's pixels as bytes: the raster's own array where possible, else one copy. */
    private static Pixels pixels(String function, BufferedImage image) {
        if (image == null) {
            throw new NullPointerException(function + ": image is null");
        }
        int w = image.getWidth(), h = image.getHeight();
        Raster raster = image.getRaster();
        SampleModel model = raster.getSampleModel();
        switch (image.getType()) {
            case BufferedImage.TYPE_BYTE_GRAY:
            case BufferedImage.TYPE_3BYTE_BGR:
            case BufferedImage.TYPE_4BYTE_ABGR: {
                int channels = raster.getNumBands();
                ChannelOrder order = channels == 4 ? ChannelOrder.abgr : ChannelOrder.bgr;
                ComponentSampleModel m = (ComponentSampleModel) model;
                DataBufferByte buffer = (DataBufferByte) raster.getDataBuffer();
                int first = Integer.MAX_VALUE;
                for (int offset : m.getBandOffsets()) first = Math.min(first, offset);
                int start = buffer.getOffset() + first - raster.getSampleModelTranslateY() * m.getScanlineStride()
                        - raster.getSampleModelTranslateX() * m.getPixelStride();
                if (start == 0) {
                    return new Pixels(buffer.getData(), w, h, m.getScanlineStride(), channels, order);  // no copy
                }
                byte[] copy = new byte[w * h * channels];  // a sub-image elsewhere in the array: its rows, once
                for (int y = 0; y < h; y++) {
                    System.arraycopy(buffer.getData(), start + y * m.getScanlineStride(), copy, y * w * channels, w * channels);
                }
                return new Pixels(copy, w, h, w * channels, channels, order);
            }
            case BufferedImage.TYPE_INT_RGB:
            case BufferedImage.TYPE_INT_ARGB: {
                int channels = image.getType() == BufferedImage.TYPE_INT_ARGB ? 4 : 3;
                SinglePixelPackedSampleModel m = (SinglePixelPackedSampleModel) model;
                int[] data = ((DataBufferInt) raster.getDataBuffer()).getData();
                int start = raster.getDataBuffer().getOffset() - raster.getSampleModelTranslateY() * m.getScanlineStride()
                        - raster.getSampleModelTranslateX();
                byte[] bytes = new byte[samples(function, w, h, channels)];
                for (int y = 0, o = 0; y < h; y++) {
                    for (int x = 0, i = start + y * m.getScanlineStride(); x < w; x++, i++) {
                        int p = data[i];
                        bytes[o++] = (byte) p;           // B
                        bytes[o++] = (byte) (p >> 8);    // G
                        bytes[o++] = (byte) (p >> 16);   // R
                        if (channels == 4) bytes[o++] = (byte) (p >>> 24);
                    }
                }
                return new Pixels(bytes, w, h, w * channels, channels, ChannelOrder.bgr);  // BGRA: alpha last
            }
            default:
                throw new IllegalArgumentException(function + ": unsupported BufferedImage type " + image.getType()
                        + "; supported: TYPE_BYTE_GRAY, TYPE_3BYTE_BGR, TYPE_4BYTE_ABGR, TYPE_INT_RGB, TYPE_INT_ARGB");
        }
    }

    /**
     * The length of one array of width × height pixels of channels bytes.
     *
     * @throws IllegalArgumentException if that is more than one Java array holds
     */
    private static int samples(String function, int width, int height, int channels) {
        if ((long) width * height > MAX_ARRAY_LENGTH / channels) {
            throw new IllegalArgumentException(function + ": a " + width + "x" + height + " image of " + channels
                    + " channels does not fit in one Java array (at most " + MAX_ARRAY_LENGTH + " samples)");
        }
        return width * height * channels;
    }

    /** Where native code writes a result: the new image's own array, or bytes to convert for an int type. */
    private static byte[] output(String function, BufferedImage result, int channels) {
        if (result.getRaster().getDataBuffer() instanceof DataBufferByte) {
            return bytes(result);
        }
        return new byte[samples(function, result.getWidth(), result.getHeight(), channels)];
    }

    /** Converts what native code wrote into an int image's pixels (nothing to do for byte images). */
    private static BufferedImage finish(byte[] bytes, BufferedImage result) {
        if (result.getRaster().getDataBuffer() instanceof DataBufferInt) {
            int[] data = ((DataBufferInt) result.getRaster().getDataBuffer()).getData();
            boolean alpha = result.getType() == BufferedImage.TYPE_INT_ARGB;
            for (int i = 0, o = 0; i < data.length; i++) {
                int p = (bytes[o++] & 0xFF) | (bytes[o++] & 0xFF) << 8 | (bytes[o++] & 0xFF) << 16;
                data[i] = alpha ? p | (bytes[o++] & 0xFF) << 24 : p;
            }
        }
        return result;
    }
}
