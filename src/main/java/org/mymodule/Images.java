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
 * Every operation has two forms: one makes the result image, the other writes into a caller's image
 * ({@code Images.blur(frame, 2.0, out)}), so a loop over video frames of a byte type allocates
 * nothing per frame. The destination must have the type and size the result has (a type or size
 * mismatch is an {@link IllegalArgumentException}) and be a whole image, not a sub-image.
 *
 * <p>Supported types and what each costs besides the kernel:
 * <ul>
 * <li>{@code TYPE_BYTE_GRAY}, {@code TYPE_3BYTE_BGR}, {@code TYPE_4BYTE_ABGR}: no copy. The raster's
 *     own {@code byte[]}, row stride included, and the destination's are pinned for the call
 *     ({@code GetPrimitiveArrayCritical}) and read and written in place. A sub-image from
 *     {@code getSubimage} at the top-left corner costs nothing more; another sub-image is copied
 *     once into an array of its own.</li>
 * <li>{@code TYPE_INT_RGB}, {@code TYPE_INT_ARGB}: the {@code int[]} pixels are converted once to
 *     bytes (B, G, R and A for ARGB) and the result converted back once. Alpha is blurred and resized
 *     like a colour channel (not premultiplied).</li>
 * </ul>
 * While arrays are pinned the garbage collector may have to wait for the call to end (on JDK 17, G1's
 * GC locker delays a collection that another thread needs; JDK 22 and later pin only the regions):
 * docs/speed.md gives the measured pause (GcPauseCheck). The input is never modified. Borders are
 * OpenCV's default, reflect-101. Thread-safe: the methods keep no state; two threads may share an
 * input, but not a destination.
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

    /** The image converted to grey (BT.601, identical to OpenCV's cvtColor), as a new {@code TYPE_BYTE_GRAY} image. */
    public static BufferedImage gray(BufferedImage image) {
        return gray(image, sameSize("Images.gray", image, BufferedImage.TYPE_BYTE_GRAY));
    }

    /**
     * The image converted to grey, written into dst, which is returned.
     *
     * @throws IllegalArgumentException if dst is not a {@code TYPE_BYTE_GRAY} image of the same size
     */
    public static BufferedImage gray(BufferedImage image, BufferedImage dst) {
        Pixels in = pixels("Images.gray", image);
        Target out = target("Images.gray", in, dst, BufferedImage.TYPE_BYTE_GRAY, in.width, in.height, 1);
        mymodule.toGray(in.order, in.data, in.width, in.height, in.stride, in.channels, out.data, out.stride, threads());
        return out.finish();
    }

    /**
     * The image blurred with a Gaussian of standard deviation sigma (equal within 1 to OpenCV's
     * GaussianBlur with ksize 0), each channel on its own, as a new image of the same type.
     *
     * @throws IllegalArgumentException if sigma is not positive and finite (NaN included) or the type is unsupported
     */
    public static BufferedImage blur(BufferedImage image, double sigma) {
        return blur(image, sigma, sameSize("Images.blur", image, -1));
    }

    /**
     * The image blurred as {@link #blur(BufferedImage, double)}, written into dst, which is returned.
     *
     * @throws IllegalArgumentException if dst is not an image of the same type and size, or is image itself
     */
    public static BufferedImage blur(BufferedImage image, double sigma, BufferedImage dst) {
        Pixels in = pixels("Images.blur", image);
        Target out = target("Images.blur", in, dst, image.getType(), in.width, in.height, in.channels);
        mymodule.gaussianBlur(Border.reflect101, in.data, in.width, in.height, in.stride, in.channels, sigma, out.data,
                out.stride, threads());
        return out.finish();
    }

    /**
     * Edges: the magnitude of the 3×3 Sobel gradient of the grey image, rounded and saturated to
     * 0..255, as a new {@code TYPE_BYTE_GRAY} image.
     */
    public static BufferedImage sobelMagnitude(BufferedImage image) {
        return sobelMagnitude(image, sameSize("Images.sobelMagnitude", image, BufferedImage.TYPE_BYTE_GRAY));
    }

    /**
     * The edges as {@link #sobelMagnitude(BufferedImage)}, written into dst, which is returned. A colour image
     * is converted to grey first, into an array this thread keeps for the next call (as large as the
     * largest colour image it converted), so a loop over frames allocates nothing.
     *
     * @throws IllegalArgumentException if dst is not a {@code TYPE_BYTE_GRAY} image of the same size
     */
    public static BufferedImage sobelMagnitude(BufferedImage image, BufferedImage dst) {
        Pixels in = pixels("Images.sobelMagnitude", image);
        Target out = target("Images.sobelMagnitude", in, dst, BufferedImage.TYPE_BYTE_GRAY, in.width, in.height, 1);
        if (in.channels != 1) {
            byte[] gray = grayScratch(in.width * in.height);
            mymodule.toGray(in.order, in.data, in.width, in.height, in.stride, in.channels, gray, in.width, threads());
            in = new Pixels(gray, in.width, in.height, in.width, 1, ChannelOrder.rgb);
        }
        mymodule.sobelMagnitude(Border.reflect101, in.data, in.width, in.height, in.stride, 1, out.data, out.stride, threads());
        return out.finish();
    }

    /** The grey intermediate of sobelMagnitude on a colour image, per thread: a new 8 MB array per 4K frame made a GC pause every few frames. */
    private static final ThreadLocal<byte[]> GRAY_SCRATCH = new ThreadLocal<>();

    private static byte[] grayScratch(int length) {
        byte[] scratch = GRAY_SCRATCH.get();
        if (scratch == null || scratch.length < length) {
            scratch = new byte[length];
            GRAY_SCRATCH.set(scratch);
        }
        return scratch;
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
        return resize(image, new BufferedImage(width, height, image.getType()));
    }

    /**
     * The image resized as {@link #resize(BufferedImage, int, int)} to dst's size, written into dst,
     * which is returned.
     *
     * @throws IllegalArgumentException if dst is not an image of the same type
     */
    public static BufferedImage resize(BufferedImage image, BufferedImage dst) {
        Pixels in = pixels("Images.resize", image);
        if (dst == null) {
            throw new NullPointerException("Images.resize: dst is null");
        }
        Target out = target("Images.resize", in, dst, image.getType(), dst.getWidth(), dst.getHeight(), in.channels);
        mymodule.resize(Interpolation.linear, in.data, in.width, in.height, in.stride, in.channels, out.data,
                dst.getWidth(), dst.getHeight(), out.stride, threads());
        return out.finish();
    }

    private static int threads() {
        return Math.min(256, Runtime.getRuntime().availableProcessors());
    }

    private static byte[] bytes(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    /** The image's pixels as bytes: the raster's own array where possible, else one copy. */
    private static Pixels pixels(String function, BufferedImage image) {
        requireSupported(function, image);
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
                throw new AssertionError(image.getType());  // requireSupported let it through
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

    /** A new image of the input's size, and of its type for type -1, for a result. */
    private static BufferedImage sameSize(String function, BufferedImage image, int type) {
        requireSupported(function, image);
        return new BufferedImage(image.getWidth(), image.getHeight(), type == -1 ? image.getType() : type);
    }

    /**
     * @throws NullPointerException if image is null
     * @throws IllegalArgumentException if its type is not one of the five supported
     */
    private static void requireSupported(String function, BufferedImage image) {
        if (image == null) {
            throw new NullPointerException(function + ": image is null");
        }
        switch (image.getType()) {
            case BufferedImage.TYPE_BYTE_GRAY:
            case BufferedImage.TYPE_3BYTE_BGR:
            case BufferedImage.TYPE_4BYTE_ABGR:
            case BufferedImage.TYPE_INT_RGB:
            case BufferedImage.TYPE_INT_ARGB:
                return;
            default:
                throw new IllegalArgumentException(function + ": unsupported BufferedImage type " + image.getType()
                        + "; supported: TYPE_BYTE_GRAY, TYPE_3BYTE_BGR, TYPE_4BYTE_ABGR, TYPE_INT_RGB, TYPE_INT_ARGB");
        }
    }

    /** Where native code writes a result: dst's own array and row stride, or bytes converted once into an int image. */
    private static final class Target {
        final BufferedImage image;
        final byte[] data;
        final int stride;

        Target(BufferedImage image, byte[] data, int stride) {
            this.image = image;
            this.data = data;
            this.stride = stride;
        }

        /** Converts what native code wrote into an int image's pixels (nothing to do for byte images). */
        BufferedImage finish() {
            if (image.getRaster().getDataBuffer() instanceof DataBufferInt) {
                int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
                boolean alpha = image.getType() == BufferedImage.TYPE_INT_ARGB;
                for (int i = 0, o = 0; i < pixels.length; i++) {
                    int p = (data[o++] & 0xFF) | (data[o++] & 0xFF) << 8 | (data[o++] & 0xFF) << 16;
                    pixels[i] = alpha ? p | (data[o++] & 0xFF) << 24 : p;
                }
            }
            return image;
        }
    }

    /**
     * Checks a destination image and finds where to write into it.
     *
     * @throws IllegalArgumentException if dst is not of the type and size wanted, is a sub-image or the input itself
     */
    private static Target target(String function, Pixels in, BufferedImage dst, int type, int width, int height, int channels) {
        if (dst == null) {
            throw new NullPointerException(function + ": dst is null");
        }
        if (dst.getType() != type || dst.getWidth() != width || dst.getHeight() != height) {
            throw new IllegalArgumentException(function + ": dst must be a " + width + "x" + height + " image of type "
                    + type + ", got a " + dst.getWidth() + "x" + dst.getHeight() + " image of type " + dst.getType());
        }
        Raster raster = dst.getRaster();
        if (raster.getDataBuffer() instanceof DataBufferInt) {
            return new Target(dst, new byte[samples(function, width, height, channels)], width * channels);
        }
        if (raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
                || raster.getDataBuffer().getOffset() != 0) {
            throw new IllegalArgumentException(function + ": dst must be a whole image, not a sub-image");
        }
        byte[] data = bytes(dst);
        if (data == in.data) {  // refused here: the kernel would only see it where the JVM pins (not under -Xcheck:jni)
            throw new IllegalArgumentException(function + ": dst must be another image than the input");
        }
        return new Target(dst, data, ((ComponentSampleModel) raster.getSampleModel()).getScanlineStride());
    }
}
