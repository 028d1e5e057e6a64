package org.mymodule.reference;

import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;

/**
 * The straightforward pure-Java version of the image kernels that the demo and the benchmarks time:
 * packed 8-bit pixels, one thread, the same arithmetic as mymodule's (BT.601 in 1/32768, OpenCV's
 * 8-bit Gaussian kernel in 1/256 applied separably with integer sums, 3x3 Sobel, bilinear with 11-bit
 * weights), written as the obvious loops. Borders: reflect-101 (blur, Sobel), clamped (resize).
 */
public final class JavaImage {
    private JavaImage() {}

    /** BT.601 grey of {@code pixels} packed RGB pixels. */
    public static void grayRgb(byte[] rgb, byte[] gray, int pixels) {
        for (int i = 0; i < pixels; i++) {
            int r = rgb[3 * i] & 0xFF, g = rgb[3 * i + 1] & 0xFF, b = rgb[3 * i + 2] & 0xFF;
            gray[i] = (byte) ((9798 * r + 19235 * g + 3735 * b + 16384) >> 15);
        }
    }

    /** BT.601 grey of {@code pixels} packed BGR pixels (BufferedImage.TYPE_3BYTE_BGR). */
    public static void grayBgr(byte[] bgr, byte[] gray, int pixels) {
        for (int i = 0; i < pixels; i++) {
            int b = bgr[3 * i] & 0xFF, g = bgr[3 * i + 1] & 0xFF, r = bgr[3 * i + 2] & 0xFF;
            gray[i] = (byte) ((9798 * r + 19235 * g + 3735 * b + 16384) >> 15);
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

    /** Separable Gaussian blur of w x h pixels of cn channels: a horizontal pass into an int image, a vertical pass rounded once. */
    public static void blur(byte[] src, byte[] dst, int w, int h, int cn, int[] k) {
        int r = k.length / 2, row = w * cn;
        int[] tmp = new int[h * row];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < cn; c++) {
                    int sum = 0;
                    for (int i = -r; i <= r; i++) sum += k[i + r] * (src[y * row + reflect101(x + i, w) * cn + c] & 0xFF);
                    tmp[y * row + x * cn + c] = sum;
                }
            }
        }
        for (int y = 0; y < h; y++) {
            for (int e = 0; e < row; e++) {
                int sum = 0;
                for (int j = -r; j <= r; j++) sum += k[j + r] * tmp[reflect101(y + j, h) * row + e];
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

    /** 3x3 Sobel derivatives of a grey image. */
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

    /** Bilinear resize of sw x sh to dw x dh pixels of cn channels, pixel centres aligned, edges clamped, 11-bit weights. */
    public static void resize(byte[] src, int sw, int sh, int cn, byte[] dst, int dw, int dh) {
        double sx = (double) sw / dw, sy = (double) sh / dh;
        for (int y = 0; y < dh; y++) {
            float fy = (float) ((y + 0.5) * sy - 0.5);
            int y0 = (int) Math.floor(fy);
            fy -= y0;
            if (y0 < 0) { y0 = 0; fy = 0; }
            if (y0 >= sh - 1) { y0 = sh - 1; fy = 0; }
            int y1 = Math.min(y0 + 1, sh - 1), b1 = Math.round(fy * 2048), b0 = 2048 - b1;
            for (int x = 0; x < dw; x++) {
                float fx = (float) ((x + 0.5) * sx - 0.5);
                int x0 = (int) Math.floor(fx);
                fx -= x0;
                if (x0 < 0) { x0 = 0; fx = 0; }
                if (x0 >= sw - 1) { x0 = sw - 1; fx = 0; }
                int x1 = Math.min(x0 + 1, sw - 1), a1 = Math.round(fx * 2048), a0 = 2048 - a1;
                for (int c = 0; c < cn; c++) {
                    long top = (long) (src[(y0 * sw + x0) * cn + c] & 0xFF) * a0 + (src[(y0 * sw + x1) * cn + c] & 0xFF) * a1;
                    long bottom = (long) (src[(y1 * sw + x0) * cn + c] & 0xFF) * a0 + (src[(y1 * sw + x1) * cn + c] & 0xFF) * a1;
                    dst[(y * dw + x) * cn + c] = (byte) ((top * b0 + bottom * b1 + (1 << 21)) >> 22);
                }
            }
        }
    }
}
