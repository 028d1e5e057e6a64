package org.mymodule.demo;

import static org.mymodule.global.mymodule.histogram;
import static org.mymodule.global.mymodule.moments;
import static org.mymodule.global.mymodule.parallelSum;
import static org.mymodule.global.mymodule.quantiles;
import static org.mymodule.global.mymodule.sum;

import java.util.SplittableRandom;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYBarDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.mymodule.HistogramOutliers;
import org.mymodule.Moments;
import org.mymodule.Progress;
import org.mymodule.ProgressListener;
import org.mymodule.reference.JavaStats;
import org.mymodule.reference.VectorStats;

/**
 * Vector statistics of a few million values: the compensated sum of floats (also on worker threads, with a
 * progress bar) and of doubles, moments, quantiles and a histogram, native vs Java. The Java column of sum
 * and moments is the Vector API (VectorStats, the same compensated algorithms); quantiles and the histogram
 * have no vector form and are timed against plain loops (JavaStats).
 */
final class StatsSection implements Section {
    private static final double[] QS = {0.01, 0.25, 0.5, 0.75, 0.99};
    private static final int BINS = 80;
    private static final double LO = -4, HI = 8;

    @Override public String name() {
        return "stats";
    }

    @Override public String title() {
        return "vector statistics: sum, moments, quantiles, histogram";
    }

    @Override public void run(Demo demo) throws Exception {
        int n = demo.size().pick(1 << 20, 1 << 22, 1 << 25);
        // Two overlapping bells (70% around 0, 30% around 4) and a few far outliers.
        SplittableRandom random = new SplittableRandom(7);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            x[i] = u < 0.7 ? gaussian(random) : 4 + 0.6 * gaussian(random);
            if (u > 0.9999) x[i] = 1e3 * (random.nextDouble() - 0.5);
        }
        try (DoublePointer values = new DoublePointer(x);
             DoublePointer qs = new DoublePointer(QS);
             DoublePointer q = new DoublePointer(QS.length);
             LongPointer counts = new LongPointer(BINS)) {
            String of = String.format(" of %,d doubles", n);

            double[] sums = new double[2];
            double[] javaMoments = new double[4];
            double nativeSum = Demo.best(() -> sums[0] = sum(values));
            double javaSum = demo.java() ? Demo.best(() -> sums[1] = VectorStats.sumAccurate(x)) : Double.NaN;
            demo.timing("sum (compensated; Java: Vector API)" + of, nativeSum, javaSum, null, Double.NaN);

            Moments[] m = new Moments[1];
            double nativeMoments = Demo.best(() -> {
                if (m[0] != null) m[0].close();  // each run makes a new result
                m[0] = moments(values, 1);
            });
            double javaTime = demo.java() ? Demo.best(() -> VectorStats.momentsAccurate(x, 1, javaMoments)) : Double.NaN;
            demo.timing("moments (Java: Vector API)" + of, nativeMoments, javaTime, null, Double.NaN);

            double nativeQuantiles = Demo.best(() -> quantiles(values, qs, q));
            double[] javaQ = new double[QS.length];
            double javaQuantiles = demo.java() ? Demo.best(() -> JavaStats.quantiles(x, QS, javaQ)) : Double.NaN;
            demo.timing(QS.length + " quantiles" + of, nativeQuantiles, javaQuantiles, null, Double.NaN);

            HistogramOutliers[] outside = new HistogramOutliers[1];
            long[] javaCounts = new long[BINS + 2];
            double nativeHistogram = Demo.best(() -> {
                if (outside[0] != null) outside[0].close();
                outside[0] = histogram(values, LO, HI, counts);
            });
            double javaHistogram = demo.java() ? Demo.best(() -> JavaStats.histogram(x, LO, HI, javaCounts)) : Double.NaN;
            demo.timing(BINS + "-bin histogram" + of, nativeHistogram, javaHistogram, null, Double.NaN);

            try (Moments mo = m[0]; HistogramOutliers out = outside[0]) {
                demo.text(String.format("sum = %.10g; mean = %.6f, sample variance = %.6f, min = %.3f, max = %.3f",
                        sums[0], mo.mean(), mo.variance(), mo.min(), mo.max()));
                StringBuilder line = new StringBuilder("quantiles (numpy's linear rule):");
                for (int i = 0; i < QS.length; i++) {
                    line.append(String.format(" q%s = %.4f", QS[i], q.get(i)));
                }
                demo.text(line.toString());
                demo.text(String.format("histogram over [%s, %s): %,d values below, %,d at or above", LO, HI, out.below(), out.above()));
                if (demo.java()) {
                    demo.text(String.format("pure Java agrees: mean %.6f, variance %.6f, median %.4f, below %,d",
                            javaMoments[0], javaMoments[1], javaQ[2], javaCounts[BINS]));
                }
                XYSeries series = new XYSeries("count");
                double width = (HI - LO) / BINS;
                for (int k = 0; k < BINS; k++) {
                    series.add(LO + (k + 0.5) * width, counts.get(k));
                }
                JFreeChart chart = ChartFactory.createXYBarChart(String.format("histogram(values, %s, %s, counts[%d])", LO, HI, BINS),
                        "value", false, "count", new XYBarDataset(new XYSeriesCollection(series), width),
                        PlotOrientation.VERTICAL, false, false, false);
                demo.chart("stats-histogram.png", String.format("%,d values in %d equal bins; %,d outliers counted apart",
                        n, BINS, out.below() + out.above()), chart, 800, 400);
            }
        }
        sumOfFloats(demo, x);  // after the doubles: the JIT compiles the Vector API's double sum worse after its float one
    }

    /** The same values as floats: the SIMD sum on native memory, then parallelSum on the demo's threads. */
    private static void sumOfFloats(Demo demo, double[] x) throws Exception {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        try (FloatPointer values = new FloatPointer(f)) {
            double[] sums = new double[3];
            String of = String.format(" of %,d floats", f.length);
            double nativeSum = Demo.best(() -> sums[0] = sum(values));
            double javaSum = demo.java() ? Demo.best(() -> sums[1] = VectorStats.sumAccurate(f)) : Double.NaN;
            demo.timing("sum (compensated; Java: Vector API)" + of, nativeSum, javaSum, null, Double.NaN);
            try (ProgressListener progress = demo.progress("parallelSum")) {  // a first run, shown
                parallelSum(values, demo.threads(), 1 << 20, progress);
            }
            double threaded;
            try (ProgressListener quiet = Progress.listener((done, total) -> true)) {
                threaded = Demo.best(() -> sums[2] = parallelSum(values, demo.threads(), 1 << 20, quiet));
            }
            demo.timing(String.format("parallelSum, %d threads", demo.threads()) + of, threaded, javaSum, null, Double.NaN);
            demo.text(String.format("sum of the floats = %.10g natively, %.10g on %d threads%s", sums[0], sums[2], demo.threads(),
                    demo.java() ? String.format(", %.10g with the Vector API", sums[1]) : ""));
        }
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble(), v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
