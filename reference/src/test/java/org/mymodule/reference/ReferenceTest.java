package org.mymodule.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The reference agrees with itself: the Vector API versions compute what the plain loops compute. */
class ReferenceTest {
    @Test void blobsAreAFunctionOfSeedRowAndColumn() {
        int n = 300, d = 5, centers = 7;
        float[] x = Blobs.points(n, d, centers, 3, 11);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) assertEquals(Blobs.value(11, centers, d, i, j, 3), x[i * d + j]);
        }
        assertArrayEquals(x, Blobs.points(n, d, centers, 3, 11));
        assertNotEquals(x[0], Blobs.points(n, d, centers, 3, 12)[0]);
        // Each row lies within spread / 2 of its centre, so rows of one centre within spread of each other;
        // rows of distinct centres are at least 20 - spread apart in some coordinate.
        for (int i = centers; i < n; i++) {
            for (int j = 0; j < d; j++) assertEquals(x[(i % centers) * d + j], x[i * d + j], 3.0f + 1e-4f);
        }
        for (int a = 0; a < centers; a++) {
            for (int b = a + 1; b < centers; b++) {
                double apart = 0;
                for (int j = 0; j < d; j++) apart = Math.max(apart, Math.abs(x[a * d + j] - x[b * d + j]));
                assertTrue(apart >= 20 - 3, "rows of centres " + a + " and " + b + " are " + apart + " apart");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Blobs.points(1, 1, 0, 1));
        assertThrows(ArithmeticException.class, () -> Blobs.points(1 << 16, 1 << 16, 1, 1));
    }

    @Test void theGreySobelIsTheGeneralOneForOneChannel() {
        int w = 13, h = 7;
        byte[] src = new byte[w * h];
        new Random(3).nextBytes(src);
        short[] dx = new short[w * h], dy = new short[w * h], gx = new short[w * h], gy = new short[w * h];
        JavaImage.sobel(src, dx, dy, w, h);
        JavaImage.sobel(src, w, w, h, 1, JavaImage.Border.reflect101, gx, gy);
        assertArrayEquals(gx, dx);
        assertArrayEquals(gy, dy);
    }

    @Test void vectorStatsMatchThePlainLoops() {
        Random random = new Random(1);
        for (int n : new int[] {0, 1, 7, 1000, 10_001}) {
            float[] x = new float[n], y = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) random.nextGaussian();
                y[i] = (float) random.nextGaussian();
            }
            double tolerance = 1e-9 * (n + 1);
            assertEquals(JavaStats.sum(x), VectorStats.sumAccurate(x), tolerance, "sum " + n);
            assertEquals(JavaStats.sum(x), VectorStats.sumPlain(x), 1e-4 * (n + 1), "sumPlain " + n);
            assertEquals(JavaStats.dot(x, y), VectorStats.dotAccurate(x, y), tolerance, "dot " + n);
            if (n < 2) continue;
            double[] plain = JavaStats.moments(x), vector = new double[4];
            VectorStats.momentsAccurate(x, 1, vector);
            for (int m = 0; m < 4; m++) assertEquals(plain[m], vector[m], 1e-9, "moment " + m + ", n " + n);
        }
    }

    @Test void vectorKMeansMatchesThePlainLoops() {
        int n = 2000, d = 4, k = 6;
        float[] x = Blobs.points(n, d, k, 2, 5);
        float[] start = java.util.Arrays.copyOf(x, k * d);  // rows 0..k-1: one per centre
        JavaKMeans plain = JavaKMeans.lloyd(x, n, d, k, start, 5, 1);
        VectorKMeans vector = VectorKMeans.lloyd(x, n, d, k, start, 5, 2);
        assertArrayEquals(plain.labels, vector.labels);
        assertArrayEquals(plain.centroids, vector.centroids, 1e-4f);
        assertEquals(plain.inertia, vector.inertia, 1e-5 * plain.inertia);
    }

    @Test void vectorNBodyMatchesThePlainLoops() {
        int n = 100;
        Random random = new Random(2);
        float[] xyz = new float[3 * n], vxyz = new float[3 * n];
        for (int i = 0; i < 3 * n; i++) xyz[i] = (float) random.nextGaussian();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            JavaNBody plain = new JavaNBody(xyz, vxyz, 1f / n, 0.01f, 0.001f);
            VectorNBody vector = new VectorNBody(xyz, vxyz, 1f / n, 0.01f, 0.001f, 2, pool);
            for (int s = 0; s < 3; s++) {
                plain.step();
                vector.step();
            }
            for (int i = 0; i < n; i++) {
                assertEquals(plain.x[i], vector.x[i], 1e-4f, "x " + i);
                assertEquals(plain.vz[i], vector.vz[i], 1e-3f * (1 + Math.abs(plain.vz[i])), "vz " + i);
            }
        } finally {
            pool.shutdown();
        }
    }
}
