package org.mymodule.reference;

/**
 * The one generator of clustered points, shared by the tests, the demo, the benchmarks and the Spark
 * sample: n rows of d floats, row i around centre {@code i % centers}, row-major. Every value is a
 * function of (seed, i, j) alone, so a Spark executor generates its rows and the driver the whole
 * array, and they agree bit for bit.
 *
 * <p>The centres lie on a grid of spacing 20 in [0, 200] and are distinct for {@code centers < 121}
 * (11 for d = 1): clusters are separated for {@code spread} below about 10. The noise is uniform in
 * [-spread/2, spread/2) around the centre, independently per value.
 *
 * <p>Stateless and thread-safe.
 */
public final class Blobs {
    private Blobs() {}

    /** Value j of row i: {@link #value(long, int, int, long, int, double)} with spread 1. */
    public static float value(long seed, int centers, int d, long i, int j) {
        return value(seed, centers, d, i, j, 1);
    }

    /** Value j of row i of the points {@link #points(int, int, int, double, long)} makes. */
    public static float value(long seed, int centers, int d, long i, int j, double spread) {
        long z = seed * 0x9E3779B97F4A7C15L + i * d + j + 1;  // splitmix64 of the value's index
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        double noise = (z >>> 11) * 0x1.0p-53 - 0.5;  // uniform in [-0.5, 0.5)
        long c = i % centers, c0 = c % 11, c1 = c / 11 % 11;
        return (float) (20.0 * ((c0 * 7 + (j % 2) * c1 * 5 + j * 3) % 11) + spread * noise);
    }

    /** n rows of d floats around {@code centers} centres, with noise of width 1. */
    public static float[] points(int n, int d, int centers, long seed) {
        return points(n, d, centers, 1, seed);
    }

    /**
     * n rows of d floats around {@code centers} centres, with uniform noise of width {@code spread}.
     *
     * @throws IllegalArgumentException if n or d is negative, centers is not positive or n * d overflows
     */
    public static float[] points(int n, int d, int centers, double spread, long seed) {
        if (n < 0 || d < 0 || centers <= 0) {
            throw new IllegalArgumentException("points: need n >= 0, d >= 0 and centers > 0, got n " + n + ", d " + d
                    + ", centers " + centers);
        }
        float[] x = new float[Math.multiplyExact(n, d)];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) x[i * d + j] = value(seed, centers, d, i, j, spread);
        }
        return x;
    }
}
