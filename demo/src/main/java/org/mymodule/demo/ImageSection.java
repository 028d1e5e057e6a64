package org.mymodule.demo;

import boofcv.abst.distort.FDistort;
import boofcv.struct.border.ImageBorder_S32;
import boofcv.struct.image.GrayS16;
import boofcv.struct.image.GrayU8;
import boofcv.struct.image.InterleavedU8;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.DataBufferByte;
import org.mymodule.Images;
import org.mymodule.ProgressListener;
import org.mymodule.reference.BoofImage;
import org.mymodule.reference.JavaImage;
import org.mymodule.global.mymodule;
import org.mymodule.global.mymodule.Border;
import org.mymodule.global.mymodule.ChannelOrder;
import org.mymodule.global.mymodule.Interpolation;

/**
 * A drawn test picture through grey, Gaussian blur, Sobel edges and bilinear resize: native vs the
 * plain pure-Java loops and vs BoofCV, the best pure-Java image library (on the same threads).
 */
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
        demo.picture("image-edges.png", "Images.sobelMagnitude: magnitude of the 3x3 Sobel gradient of the grey picture", Images.sobelMagnitude(picture));
        demo.picture("image-resized.png", "Images.resize to a third: bilinear, pixel centres aligned (note the aliased rings)",
                Images.resize(picture, w / 3, h / 3));

        // The timings: the functions of image.h on the picture's own array (JNI copies it in and out),
        // demo.threads() threads; each the best of 2 or 3 runs, the pure-Java blur of 1. BoofCV runs
        // on images over the same arrays, with as many threads.
        byte[] gray = new byte[w * h], out = new byte[3 * w * h], javaOut = new byte[3 * w * h];
        boolean withJava = demo.java();
        BoofImage.threads(t);
        InterleavedU8 bgrB = BoofImage.interleaved(bgr, w, h, 3);
        InterleavedU8 outB = new InterleavedU8(w, h, 3);
        InterleavedU8 storageB = new InterleavedU8(w, h, 3);
        GrayU8 grayB = BoofImage.gray(gray, w, h), grayOutB = new GrayU8(w, h);
        double g = Demo.best(() -> mymodule.toGray(ChannelOrder.bgr, bgr, w, h, 3 * w, 3, gray, w, t));
        double gj = withJava ? Demo.best(() -> JavaImage.grayBgr(bgr, javaOut, w * h)) : Double.NaN;
        double gb = Demo.best(() -> BoofImage.gray(bgrB, grayOutB));
        demo.timing(String.format("grey, %dx%d BGR", w, h), g, gj, "BoofCV", gb);

        try (ProgressListener bar = demo.progress(String.format("blur, sigma %s", SIGMA))) {  // a first run, shown
            mymodule.gaussianBlur(Border.reflect101, bgr, w, h, 3 * w, 3, SIGMA, out, 3 * w, t, bar);
        }
        double[] blur = {Demo.best(() -> mymodule.gaussianBlur(Border.reflect101, bgr, w, h, 3 * w, 3, SIGMA, out, 3 * w, t))};
        int[] kernel = JavaImage.kernel(SIGMA);
        double bj = withJava ? Demo.best(() -> JavaImage.blur(bgr, javaOut, w, h, 3, kernel)) : Double.NaN;
        if (withJava && !java.util.Arrays.equals(out, javaOut)) {
            throw new IllegalStateException("image: the pure-Java blur differs from the native one");
        }
        double bb = Demo.best(() -> BoofImage.blur(bgrB, outB, storageB, SIGMA));
        ConvolveOp[] passes = JavaImage.convolveOps(kernel);
        double bc = Demo.best(() -> passes[1].filter(passes[0].filter(picture, null), null));
        demo.timing(String.format("Gaussian blur, sigma %s (%d taps), %dx%d BGR", SIGMA, kernel.length, w, h), blur[0], bj,
                "BoofCV", bb);

        double s = Demo.best(() -> mymodule.sobelMagnitude(Border.reflect101, gray, w, h, w, 1, out, w, t));
        double sj = withJava ? Demo.best(() -> JavaImage.sobelMagnitude(gray, javaOut, w, h)) : Double.NaN;
        GrayS16 dxB = new GrayS16(w, h), dyB = new GrayS16(w, h);
        ImageBorder_S32<GrayU8> reflect = BoofImage.reflect();
        double sb = Demo.best(() -> BoofImage.sobel(grayB, dxB, dyB, reflect));
        demo.timing(String.format("Sobel magnitude, %dx%d grey", w, h), s, sj, "BoofCV dx, dy only", sb);

        int rw = w * 3 / 2, rh = h * 3 / 2;
        byte[] big = new byte[3 * rw * rh];
        double r = Demo.best(() -> mymodule.resize(Interpolation.linear, bgr, w, h, 3 * w, 3, big, rw, rh, 3 * rw, t));
        double rj = withJava ? Demo.best(() -> JavaImage.resize(bgr, w, h, 3, big, rw, rh)) : Double.NaN;
        FDistort resizer = BoofImage.resizer(bgrB, new InterleavedU8(rw, rh, 3));
        double rb = Demo.best(resizer::apply);
        demo.timing(String.format("bilinear resize to 1.5x, %dx%d BGR", w, h), r, rj, "BoofCV", rb);

        demo.text(String.format("blur: %.0f MPixel/s native (%d threads), %.1f BoofCV (%d threads), %s pure Java, %.1f "
                        + "ConvolveOp (both 1 thread)", w * h / blur[0] / 1e6, t, w * h / bb / 1e6, t,
                withJava ? String.format("%.1f", w * h / bj / 1e6) : "(not run)", w * h / bc / 1e6));
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
}
