package org.mymodule.samples.hello;

import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;
import javax.imageio.ImageIO;
import org.mymodule.Images;
import org.mymodule.KMeans;
import org.mymodule.NBody;
import org.mymodule.Progress;
import org.mymodule.ProgressListener;

/**
 * The usage lines of the k-means, image and N-body issues, written as a user of mymodule-platform
 * writes them: {@code java org.mymodule.samples.hello.Kernels picture.png}.
 */
public class Kernels {
    public static void main(String[] args) throws Exception {
        // k-means on 4 blobs of 2-D points
        int n = 4000, d = 2;
        float[] data = new float[n * d];
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            data[i * d] = (float) (10 * (i % 2) + random.nextGaussian());
            data[i * d + 1] = (float) (10 * (i / 2 % 2) + random.nextGaussian());
        }
        try (KMeans km = new KMeans(4);
             ProgressListener progress = Progress.listener((done, total) -> true)) {
            km.seed(42).threads(4).maxIterations(100).tolerance(1e-4);
            km.fit(data, n, d);
            km.fit(data, n, d, progress);
            double inertia = km.inertia();
            int it = km.iterations();
            float[] c = new float[4 * d];
            km.getCentroids(c);
            int[] labels = new int[n];
            km.getLabels(labels);
            int[] labelsOut = new int[1];
            km.predict(new float[] {10, 10}, 1, labelsOut);
            System.out.printf("k-means: inertia %.1f after %d iterations; (10, 10) is in cluster %d, centred at (%.2f, %.2f)%n",
                    inertia, it, labelsOut[0], c[labelsOut[0] * d], c[labelsOut[0] * d + 1]);
        }

        // a blur of a picture read from a file
        BufferedImage blurred = Images.blur(ImageIO.read(new File(args[0])), 2.0);
        System.out.printf("image: blurred %dx%d%n", blurred.getWidth(), blurred.getHeight());

        // N-body: the circular binary for one period
        try (NBody sim = NBody.circularBinary()) {
            double e0 = sim.totalEnergy();
            sim.step(1000);
            double[] p = new double[3];
            sim.getMomentum(p);
            System.out.printf("nbody: energy drift %.1e after one orbit, momentum %.1e%n",
                    Math.abs((sim.totalEnergy() - e0) / e0), Math.abs(p[0]) + Math.abs(p[1]) + Math.abs(p[2]));
        }
    }
}
