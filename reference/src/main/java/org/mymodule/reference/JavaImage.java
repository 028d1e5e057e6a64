package org.mymodule.reference;

import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;

/**
 * The straightforward pure-Java version of the image kernels: the tests' oracle and what the demo and
 * the benchmarks time. 8-bit pixels, one thread, the same arithmetic as mymodule's and OpenCV's
 * (BT.601 in 1/32768, OpenCV's 8-bit Gaussian kernel in 1/256 applied separably with integer sums,
 * 3x3 Sobel, bilinear with 11-bit weights computed as cv::resize does), written as the obvious loops.
 * Borders: any {@link Border} for blur and Sobel (reflect-101 for the packed forms), clamped for resize.
 * Stateless and thread-safe.
 */
public final class JavaImage {
    private JavaImage() {}

    /** How blur and Sobel read outside the image, named as mymodule's Border: OpenCV's BORDER_REFLECT_101, BORDER_REPLICATE, BORDER_CONSTANT (zeros). */
    public enum Border { reflect101, replicate, constant }

    /** Index p of a row or column of len pixels under border, in [0, len); -1 stands for the constant 0 (OpenCV's borderInterpolate). */
    public static int borderIndex(int p, int len, Border border) {
        if (p >= 0 && p < len) return p;
        if (border == Border.constant) return -1;
        if (border == Border.replicate) return p < 0 ? 0 : len - 1;
        return reflect101(p, len);
    }

    /** BT.601 grey of one pixel, in 1/32768 rounded: OpenCV's fixed-point weights. */
    public static int gray(int r, int g, int b) {
        return (9798 * r + 19235 * g + 3735 * b + 16384) >> 15;
    }

    /** BT.601 grey of {@code pixels} packed RGB pixels. */
    public static void grayRgb(byte[] rgb, byte[] gray, int pixels) {
        for (int i = 0; i < pixels; i++) {
            gray[i] = (byte) gray(rgb[3 * i] & 0xFF, rgb[3 * i + 1] & 0xFF, rgb[3 * i + 2] & 0xFF);
        }
    }

    /** BT.601 grey of {@code pixels} packed BGR pixels (BufferedImage.TYPE_3BYTE_BGR). */
    public static void grayBgr(byte[] bgr, byte[] gray, int pixels) {
        for (int i = 0; i < pixels; i++) {
            gray[i] = (byte) gray(bgr[3 * i + 2] & 0xFF, bgr[3 * i + 1] & 0xFF, bgr[3 * i] & 0xFF);
        }
    }

    /** Index p reflected into [0, len) without repeating the edge (OpenCV's BORDER_REFLECT_101). */
    public static int reflect101(int p, int len) {
        if (len == 1) return 0;
        while (p < 0 || p >= len) p = p < 0 ? -p : 2 * (len - 1) - p;
        return p;
    }

    /** OpenCV's 8-bit Gaussian kernel for ksize 0: round(6 sigma + 1) | 1 taps summing to 256, rounding errors carried. */
    public static int[] kernel(double sigma) {
        int n = (int) Math.rint(sigma * 6 + 1) | 1, half = n / 2;
        double[] g = new double[half];
        double sum = 0;
        for (int i = 0; i < half; i++) {
            double x = 2.0 * (i - half);
            sum += g[i] = Math.exp(x * x * (-0.125 / (sigma * sigma)));
        }
        double inverse = 1 / (sum * 2 + 1), error = 0;
        int[] k = new int[n];
        int total = 0;
        for (int i = 0; i < half; i++) {
            double v = g[i] * inverse * 256 + error, r = Math.rint(v);
            error = v - r;
            k[i] = k[n - 1 - i] = (int) r;
            total += (int) r;
        }
        k[half] = 256 - 2 * total;
        return k;
    }

    /** Separable Gaussian blur of w x h packed pixels of cn channels, reflect-101 borders. */
    public static void blur(byte[] src, byte[] dst, int w, int h, int cn, int[] k) {
        blur(src, w * cn, dst, w, h, cn, k, Border.reflect101);
    }

    /**
     * Separable Gaussian blur of w x h pixels of cn channels, source rows {@code srcStride} bytes apart,
     * into packed dst: a horizontal pass into an int image, a vertical pass rounded once.
     */
    public static void blur(byte[] src, int srcStride, byte[] dst, int w, int h, int cn, int[] k, Border border) {
        int r = k.length / 2, row = w * cn;
        int[] tmp = new int[h * row];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < cn; c++) {
                    int sum = 0;
                    for (int i = -r; i <= r; i++) {
                        int sx = borderIndex(x + i, w, border);
                        if (sx >= 0) sum += k[i + r] * (src[y * srcStride + sx * cn + c] & 0xFF);
                    }
                    tmp[y * row + x * cn + c] = sum;
                }
            }
        }
        for (int y = 0; y < h; y++) {
            for (int e = 0; e < row; e++) {
                int sum = 0;
                for (int j = -r; j <= r; j++) {
                    int sy = borderIndex(y + j, h, border);
                    if (sy >= 0) sum += k[j + r] * tmp[sy * row + e];
                }
                dst[y * row + e] = (byte) ((sum + 32768) >> 16);
            }
        }
    }

    /** The blur as java.awt does it: two 1-D ConvolveOps with the same kernel (edges left as they are). */
    public static ConvolveOp[] convolveOps(int[] k) {
        float[] f = new float[k.length];
        for (int i = 0; i < k.length; i++) f[i] = k[i] / 256f;
        return new ConvolveOp[] {new ConvolveOp(new Kernel(k.length, 1, f), ConvolveOp.EDGE_NO_OP, null),
                new ConvolveOp(new Kernel(1, k.length, f), ConvolveOp.EDGE_NO_OP, null)};
    }

    /**
     * 3x3 Sobel derivatives of a packed grey image, reflect-101 borders: the loop a Java programmer
     * writes for this case (three times faster than the general form below, which the tests use).
     */
    public static void sobel(byte[] src, short[] dx, short[] dy, int w, int h) {
        for (int y = 0; y < h; y++) {
            int ya = reflect101(y - 1, h) * w, yb = y * w, yc = reflect101(y + 1, h) * w;
            for (int x = 0; x < w; x++) {
                int xa = reflect101(x - 1, w), xc = reflect101(x + 1, w);
                int p00 = src[ya + xa] & 0xFF, p01 = src[ya + x] & 0xFF, p02 = src[ya + xc] & 0xFF;
                int p10 = src[yb + xa] & 0xFF, p12 = src[yb + xc] & 0xFF;
                int p20 = src[yc + xa] & 0xFF, p21 = src[yc + x] & 0xFF, p22 = src[yc + xc] & 0xFF;
                dx[yb + x] = (short) (p02 + 2 * p12 + p22 - p00 - 2 * p10 - p20);
                dy[yb + x] = (short) (p20 + 2 * p21 + p22 - p00 - 2 * p01 - p02);
            }
        }
    }

    /** 3x3 Sobel derivatives, per channel, source rows {@code srcStride} bytes apart, into packed dx and dy. */
    public static void sobel(byte[] src, int srcStride, int w, int h, int cn, Border border, short[] dx, short[] dy) {
        for (int y = 0; y < h; y++) {
            int ya = borderIndex(y - 1, h, border), yc = borderIndex(y + 1, h, border);
            for (int x = 0; x < w; x++) {
                int xa = borderIndex(x - 1, w, border), xc = borderIndex(x + 1, w, border);
                for (int c = 0; c < cn; c++) {
                    int p00 = pixel(src, srcStride, cn, c, ya, xa), p01 = pixel(src, srcStride, cn, c, ya, x), p02 = pixel(src, srcStride, cn, c, ya, xc);
                    int p10 = pixel(src, srcStride, cn, c, y, xa), p12 = pixel(src, srcStride, cn, c, y, xc);
                    int p20 = pixel(src, srcStride, cn, c, yc, xa), p21 = pixel(src, srcStride, cn, c, yc, x), p22 = pixel(src, srcStride, cn, c, yc, xc);
                    dx[(y * w + x) * cn + c] = (short) (p02 + 2 * p12 + p22 - p00 - 2 * p10 - p20);
                    dy[(y * w + x) * cn + c] = (short) (p20 + 2 * p21 + p22 - p00 - 2 * p01 - p02);
                }
            }
        }
    }

    /** Channel c of the pixel at (row, col); 0 where either is -1 (a constant border). */
    private static int pixel(byte[] src, int stride, int cn, int c, int row, int col) {
        return row < 0 || col < 0 ? 0 : src[row * stride + col * cn + c] & 0xFF;
    }

    /** Magnitude of the 3x3 Sobel gradient of a grey image, rounded and saturated to 255. */
    public static void sobelMagnitude(byte[] src, byte[] dst, int w, int h) {
        for (int y = 0; y < h; y++) {
            int ya = reflect101(y - 1, h) * w, yb = y * w, yc = reflect101(y + 1, h) * w;
            for (int x = 0; x < w; x++) {
                int xa = reflect101(x - 1, w), xc = reflect101(x + 1, w);
                int p00 = src[ya + xa] & 0xFF, p01 = src[ya + x] & 0xFF, p02 = src[ya + xc] & 0xFF;
                int p10 = src[yb + xa] & 0xFF, p12 = src[yb + xc] & 0xFF;
                int p20 = src[yc + xa] & 0xFF, p21 = src[yc + x] & 0xFF, p22 = src[yc + xc] & 0xFF;
                int gx = p02 + 2 * p12 + p22 - p00 - 2 * p10 - p20, gy = p20 + 2 * p21 + p22 - p00 - 2 * p01 - p02;
                dst[yb + x] = (byte) Math.min(255, Math.round(Math.sqrt(gx * gx + gy * gy)));
            }
        }
    }

    /**
     * Bilinear resize of sw x sh to dw x dh packed pixels of cn channels, pixel centres aligned, edges
     * clamped, 11-bit weights computed in float as cv::resize does (so the bytes are OpenCV's).
     */
    public static void resize(byte[] src, int sw, int sh, int cn, byte[] dst, int dw, int dh) {
        int[] ay = new int[4], ax = new int[4];
        for (int y = 0; y < dh; y++) {
            axis(sh, dh, y, ay);
            for (int x = 0; x < dw; x++) {
                axis(sw, dw, x, ax);
                for (int c = 0; c < cn; c++) {
                    long top = (long) (src[(ay[0] * sw + ax[0]) * cn + c] & 0xFF) * ax[2] + (src[(ay[0] * sw + ax[1]) * cn + c] & 0xFF) * ax[3];
                    long bottom = (long) (src[(ay[1] * sw + ax[0]) * cn + c] & 0xFF) * ax[2] + (src[(ay[1] * sw + ax[1]) * cn + c] & 0xFF) * ax[3];
                    dst[(y * dw + x) * cn + c] = (byte) ((top * ay[2] + bottom * ay[3] + (1 << 21)) >> 22);
                }
            }
        }
    }

    /** Output index i of d from s source pixels: {first source index, second, weight of first, weight of second}. */
    private static void axis(int s, int d, int i, int[] out) {
        double scale = 1.0 / ((double) d / s);
        float f = (float) ((i + 0.5) * scale - 0.5);
        int i0 = (int) Math.floor(f);
        f -= i0;
        if (i0 < 0) { f = 0; i0 = 0; }
        if (i0 >= s - 1) { f = 0; i0 = s - 1; }
        out[0] = i0;
        out[1] = Math.min(i0 + 1, s - 1);
        out[2] = (int) Math.rint((1f - f) * 2048f);
        out[3] = (int) Math.rint(f * 2048f);
    }
}
