package org.mymodule.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.DataBufferByte;
import java.awt.image.Kernel;
import org.mymodule.Images;
import org.mymodule.ProgressListener;
import org.mymodule.global.mymodule;
import org.mymodule.global.mymodule.Border;
import org.mymodule.global.mymodule.ChannelOrder;
import org.mymodule.global.mymodule.Interpolation;

/** A drawn test picture through grey, Gaussian blur, Sobel edges and bilinear resize: native vs pure Java vs ConvolveOp. */
final class ImageSection implements Section {
    private static final double SIGMA = 3;

    @Override public String name() {
        return "image";
    }

    @Override public String title() {
        return "Image processing (grey, Gaussian blur, Sobel edges, resize; pixel-compatible with OpenCV)";
    }

    @Override public void run(Demo demo) throws Exception {
        int w = demo.size().pick(640, 1920, 3840), h = demo.size().pick(360, 1080, 2160);
        BufferedImage picture = testPicture(w, h);
        byte[] bgr = ((DataBufferByte) picture.getRaster().getDataBuffer()).getData();
        int t = demo.threads();

        // The pictures, through the BufferedImage API.
        demo.picture("image-original.png", String.format("The test picture, %dx%d, drawn procedurally (TYPE_3BYTE_BGR)", w, h), picture);
        demo.picture("image-gray.png", "Images.gray: BT.601, the same bytes as OpenCV's cvtColor", Images.gray(picture));
        demo.picture("image-blurred.png", "Images.blur(picture, " + SIGMA + "): OpenCV's 8-bit Gaussian, reflect-101 borders",
                Images.blur(picture, SIGMA));
        demo.picture("image-edges.png", "Images.sobel: magnitude of the 3x3 Sobel gradient of the grey picture", Images.sobel(picture));
        demo.picture("image-resized.png", "Images.resize to a third: bilinear, pixel centres aligned (note the aliased rings)",
                Images.resize(picture, w / 3, h / 3));

        // The timings: the functions of image.h on the picture's own array (JNI copies it in and out),
        // demo.threads() threads; each the best of 2 or 3 runs, the pure-Java blur of 1.
        byte[] gray = new byte[w * h], out = new byte[3 * w * h], javaOut = new byte[3 * w * h];
        boolean withJava = demo.java();
        double g = best(3, () -> mymodule.toGray(bgr, w, h, 3 * w, 3, ChannelOrder.bgr, gray, w, t));
        double gj = withJava ? best(2, () -> JavaImage.gray(bgr, javaOut, w * h)) : Double.NaN;
        demo.timing(String.format("grey, %dx%d BGR", w, h), g, gj, null, Double.NaN);

        try (ProgressListener bar = demo.progress(String.format("blur, sigma %s", SIGMA))) {  // a first run, shown
            mymodule.gaussianBlur(bgr, w, h, 3 * w, 3, SIGMA, Border.reflect101, out, 3 * w, t, bar);
        }
        double[] blur = {best(2, () -> mymodule.gaussianBlur(bgr, w, h, 3 * w, 3, SIGMA, Border.reflect101, out, 3 * w, t))};
        int[] kernel = JavaImage.kernel(SIGMA);
        double bj = withJava ? Demo.seconds(() -> JavaImage.blur(bgr, javaOut, w, h, 3, kernel)) : Double.NaN;
        if (withJava && !java.util.Arrays.equals(out, javaOut)) {
            throw new IllegalStateException("image: the pure-Java blur differs from the native one");
        }
        ConvolveOp[] passes = JavaImage.convolveOps(kernel);
        double bc = best(2, () -> passes[1].filter(passes[0].filter(picture, null), null));
        demo.timing(String.format("Gaussian blur, sigma %s (%d taps), %dx%d BGR", SIGMA, kernel.length, w, h), blur[0], bj,
                "ConvolveOp", bc);

        double s = best(3, () -> mymodule.sobelMagnitude(gray, w, h, w, 1, Border.reflect101, out, w, t));
        double sj = withJava ? best(2, () -> JavaImage.sobelMagnitude(gray, javaOut, w, h)) : Double.NaN;
        demo.timing(String.format("Sobel magnitude, %dx%d grey", w, h), s, sj, null, Double.NaN);

        int rw = w * 3 / 2, rh = h * 3 / 2;
        byte[] big = new byte[3 * rw * rh];
        double r = best(3, () -> mymodule.resize(bgr, w, h, 3 * w, 3, Interpolation.linear, big, rw, rh, 3 * rw, t));
        double rj = withJava ? best(2, () -> JavaImage.resize(bgr, w, h, 3, big, rw, rh)) : Double.NaN;
        demo.timing(String.format("bilinear resize to 1.5x, %dx%d BGR", w, h), r, rj, null, Double.NaN);

        demo.text(String.format("blur: %.0f MPixel/s native (%d threads), %s pure Java, %.1f ConvolveOp (both 1 thread)",
                w * h / blur[0] / 1e6, t, withJava ? String.format("%.1f", w * h / bj / 1e6) : "(not run)", w * h / bc / 1e6));
    }

    /** The fastest of a few runs (the first pays for page faults, thread start-up and the JIT). */
    private static double best(int runs, Demo.Task task) throws Exception {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < runs; i++) best = Math.min(best, Demo.seconds(task));
        return best;
    }

    /** Gradient sky, coloured discs, a checkerboard, fine concentric rings (a zone plate) and text. */
    static BufferedImage testPicture(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(30, 60, 140), 0, h, new Color(250, 200, 120)));
        g.fillRect(0, 0, w, h);
        int cell = Math.max(4, w / 64);
        for (int y = h * 2 / 3; y < h; y += cell) {
            for (int x = 0; x < w / 2; x += cell) {
                g.setColor(((x + y) / cell) % 2 == 0 ? Color.WHITE : Color.DARK_GRAY);
                g.fillRect(x, y, cell, cell);
            }
        }
        Color[] colours = {new Color(220, 40, 40), new Color(40, 180, 70), new Color(40, 90, 220), new Color(240, 220, 40)};
        for (int i = 0; i < colours.length; i++) {
            g.setColor(colours[i]);
            int d = h / 4;
            g.fillOval(w / 16 + i * d * 2 / 3, h / 8 + (i % 2) * d / 2, d, d);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(Math.max(1, w / 400f)));
        g.drawLine(0, h / 2, w / 2, h / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, h / 12)));
        g.drawString("mymodule", w / 16, h * 3 / 5);
        g.dispose();
        // Zone plate on the right half: cos(k r^2), rings ever finer towards the edge.
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int cx = w * 3 / 4, cy = h / 2, radius = Math.min(w / 4, h / 2);
        double k = Math.PI / (2.0 * radius);
        for (int y = cy - radius; y < cy + radius; y++) {
            for (int x = cx - radius; x < cx + radius; x++) {
                double r2 = (double) (x - cx) * (x - cx) + (double) (y - cy) * (y - cy);
                if (r2 >= (double) radius * radius) continue;
                int v = (int) Math.round(127.5 + 127.5 * Math.cos(k * r2));
                int i = 3 * (y * w + x);
                data[i] = data[i + 1] = data[i + 2] = (byte) v;
            }
        }
        return image;
    }

    /** Straightforward pure-Java versions, one thread, the same arithmetic as the native kernels. */
    static final class JavaImage {
        private JavaImage() {}

        static void gray(byte[] bgr, byte[] gray, int pixels) {
            for (int i = 0; i < pixels; i++) {
                int b = bgr[3 * i] & 0xFF, g = bgr[3 * i + 1] & 0xFF, r = bgr[3 * i + 2] & 0xFF;
                gray[i] = (byte) ((9798 * r + 19235 * g + 3735 * b + 16384) >> 15);
            }
        }

        static int reflect101(int p, int len) {
            if (len == 1) return 0;
            while (p < 0 || p >= len) p = p < 0 ? -p : 2 * (len - 1) - p;
            return p;
        }

        /** OpenCV's 8-bit Gaussian kernel: round(6 sigma + 1) | 1 taps in 1/256, rounding errors carried. */
        static int[] kernel(double sigma) {
            int n = (int) Math.rint(sigma * 6 + 1) | 1, half = n / 2;
            double[] e = new double[half];
            double sum = 0;
            for (int i = 0; i < half; i++) {
                double x = 2.0 * (i - half);
                sum += e[i] = Math.exp(x * x * (-0.125 / (sigma * sigma)));
            }
            double inverse = 1 / (sum * 2 + 1), error = 0;
            int[] k = new int[n];
            int total = 0;
            for (int i = 0; i < half; i++) {
                double v = e[i] * inverse * 256 + error, r = Math.rint(v);
                error = v - r;
                k[i] = k[n - 1 - i] = (int) r;
                total += (int) r;
            }
            k[half] = 256 - 2 * total;
            return k;
        }

        static void blur(byte[] src, byte[] dst, int w, int h, int cn, int[] k) {
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
        static ConvolveOp[] convolveOps(int[] k) {
            float[] f = new float[k.length];
            for (int i = 0; i < k.length; i++) f[i] = k[i] / 256f;
            return new ConvolveOp[] {new ConvolveOp(new Kernel(k.length, 1, f), ConvolveOp.EDGE_NO_OP, null),
                    new ConvolveOp(new Kernel(1, k.length, f), ConvolveOp.EDGE_NO_OP, null)};
        }

        static void sobelMagnitude(byte[] src, byte[] dst, int w, int h) {
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

        static void resize(byte[] src, int sw, int sh, int cn, byte[] dst, int dw, int dh) {
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
}
