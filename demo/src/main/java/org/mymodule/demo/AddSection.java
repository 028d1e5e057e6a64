package org.mymodule.demo;

import static org.mymodule.global.mymodule.add;
import static org.mymodule.global.mymodule.parallelSum;
import static org.mymodule.global.mymodule.sum;

import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.mymodule.ProgressListener;

/** The first example, add(3, 4), and what one native call costs next to a kernel that does real work. */
final class AddSection implements Section {
    @Override public String name() {
        return "add";
    }

    @Override public String title() {
        return "add(3, 4) and the cost of a call";
    }

    @Override public void run(Demo demo) throws Exception {
        demo.text("add(3, 4) = " + add(3, 4));

        // A call to add does almost nothing, so it measures the JNI crossing: slower than Java's a + b.
        int calls = demo.size().pick(1_000_000, 10_000_000, 50_000_000);
        int[] result = new int[1];
        result[0] = addNative(calls / 10) + addJava(calls / 10);  // warm-up
        double nativeAdd = Demo.seconds(() -> result[0] += addNative(calls));
        double javaAdd = demo.java() ? Demo.seconds(() -> result[0] += addJava(calls)) : Double.NaN;
        demo.timing(String.format("%,d calls of add", calls), nativeAdd, javaAdd, null, Double.NaN);
        demo.text(String.format("One call of add costs %.1f ns from Java (checksum %d): a kernel must do real work per call.",
                nativeAdd / calls * 1e9, result[0]));

        // Summing floats does real work: the SIMD kernel on native memory, then on worker threads with a progress bar.
        int n = demo.size().pick(1 << 22, 1 << 26, 1 << 28);
        SplittableRandom random = new SplittableRandom(1);
        try (FloatPointer values = new FloatPointer(n)) {
            float[] chunk = new float[1 << 16];
            for (int i = 0; i < n; i += chunk.length) {
                for (int j = 0; j < chunk.length; j++) {
                    chunk[j] = (float) random.nextDouble();
                }
                values.position(i).put(chunk, 0, Math.min(chunk.length, n - i));
            }
            values.position(0);
            float[] heap = new float[n];
            values.get(heap);
            double[] sums = new double[3];
            sum(values);
            sumJava(heap);  // warm-up
            double nativeSum = Demo.seconds(() -> sums[0] = sum(values));
            double javaSum = demo.java() ? Demo.seconds(() -> sums[1] = sumJava(heap)) : Double.NaN;
            demo.timing(String.format("sum of %,d floats", n), nativeSum, javaSum, null, Double.NaN);
            double threaded;
            try (ProgressListener progress = demo.progress("parallelSum")) {
                threaded = Demo.seconds(() -> sums[2] = parallelSum(values, demo.threads(), 1 << 20, progress));
            }
            demo.timing(String.format("parallelSum, %d threads", demo.threads()), threaded, javaSum, null, Double.NaN);
            demo.text(String.format("sum = %.6e natively, %.6e in Java, %.6e on %d threads",
                    sums[0], sums[1], sums[2], demo.threads()));
        }
    }

    private static int addNative(int calls) {
        int s = 0;
        for (int i = 0; i < calls; i++) {
            s = add(s & 0xFFFF, i & 0xFFFF);
        }
        return s;
    }

    private static int addJava(int calls) {
        int s = 0;
        for (int i = 0; i < calls; i++) {
            s = (s & 0xFFFF) + (i & 0xFFFF);
        }
        return s;
    }

    /** The portable C++ kernel's algorithm: four double accumulators. */
    private static double sumJava(float[] x) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= x.length; i += 4) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
        }
        for (; i < x.length; i++) {
            s0 += x[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
