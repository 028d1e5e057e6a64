package org.mymodule.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYDotRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.mymodule.KMeans;
import org.mymodule.ProgressListener;
import org.mymodule.reference.Blobs;
import org.mymodule.reference.VectorKMeans;

/** k-means on synthetic blobs: a 2-D picture coloured by cluster, then native vs the Vector API Java version at d = 16, k = 32. */
final class KMeansSection implements Section {
    @Override public String name() {
        return "kmeans";
    }

    @Override public String title() {
        return "k-means clustering (k-means++ seeding, Lloyd iterations)";
    }

    @Override public void run(Demo demo) throws Exception {
        // A 2-D run, drawn.
        int n2 = demo.size().pick(20_000, 200_000, 2_000_000), k2 = 8;
        float[] points = Blobs.points(n2, 2, k2, 12, 7);  // wide blobs, still apart, to draw
        float[] centroids = new float[k2 * 2];
        int[] labels = new int[n2];
        try (KMeans km = new KMeans(k2); ProgressListener progress = demo.progress("k-means, 2-D blobs")) {
            km.seed(42).threads(demo.threads()).maxIterations(100).tolerance(1e-6);
            double seconds = Demo.seconds(() -> km.fit(points, n2, 2, progress));
            km.getCentroids(centroids);
            km.getLabels(labels);
            demo.text(String.format("%,d points in 2-D, k = %d: %d Lloyd iterations, inertia %.4g, %.1f ms on %d threads",
                    n2, k2, km.iterations(), km.inertia(), seconds * 1e3, demo.threads()));
        }
        demo.chart("kmeans-blobs.png", String.format("k-means, k = %d, on %,d 2-D points (%,d drawn), coloured by cluster; black rings: centroids",
                k2, n2, Math.min(n2, 20_000)), scatter(points, labels, centroids, k2, Math.min(n2, 20_000)), 800, 640);

        // The benchmark's shape, smaller: d = 16, k = 32, 20 fixed iterations.
        int n = demo.size().pick(10_000, 100_000, 1_000_000), d = 16, k = 32, iterations = 20;
        float[] x = Blobs.points(n, d, k, 7, 11);  // the benchmark's spread: clusters apart, not trivially
        float[] seeds = new float[k * d];
        double nativeSeconds, nativeInertia;
        try (KMeans km = new KMeans(k)) {
            km.seed(1).threads(demo.threads()).maxIterations(iterations).tolerance(0);
            try (ProgressListener progress = demo.progress("k-means, d = 16, k = 32")) {  // a first run, shown
                km.fit(x, n, d, progress);
            }
            nativeSeconds = Demo.best(() -> km.fit(x, n, d));
            km.getInitialCentroids(seeds);
            nativeInertia = km.inertia();
        }
        double javaSeconds = Double.NaN;
        if (demo.java()) {  // the best Java we can write: the Vector API, from the same seeds, on as many threads
            double[] javaInertia = new double[1];
            javaSeconds = Demo.best(() -> javaInertia[0] = VectorKMeans.lloyd(x, n, d, k, seeds, iterations, demo.threads()).inertia);
            demo.text(String.format("inertia: native %.6g, Vector API Java from the same seeds %.6g (relative difference %.1e)",
                    nativeInertia, javaInertia[0], Math.abs(nativeInertia - javaInertia[0]) / javaInertia[0]));
        }
        demo.timing(String.format("k-means n = %,d, d = %d, k = %d, %d iterations, %d threads (Java: Vector API, the same seeds, no seeding)",
                n, d, k, iterations, demo.threads()), nativeSeconds, javaSeconds, null, Double.NaN);
        demo.text(String.format("native assignment rate: %.1f GFLOP/s (2*n*k*d flops per iteration, %d + 1 assignments, seeding included in the time)",
                2.0 * n * k * d * (iterations + 1) / nativeSeconds / 1e9, iterations));
    }

    private static JFreeChart scatter(float[] x, int[] labels, float[] centroids, int k, int drawn) {
        XYSeriesCollection clusters = new XYSeriesCollection();
        XYSeries[] series = new XYSeries[k];
        for (int c = 0; c < k; c++) clusters.addSeries(series[c] = new XYSeries("cluster " + c, false, true));
        // The first rows: Blobs deals rows to the centres in turn, so a stride could skip whole clusters.
        for (int i = 0; i < Math.min(drawn, labels.length); i++) series[labels[i]].add(x[2 * i], x[2 * i + 1], false);
        XYDotRenderer dots = new XYDotRenderer();
        dots.setDotWidth(2);
        dots.setDotHeight(2);
        for (int c = 0; c < k; c++) dots.setSeriesPaint(c, Color.getHSBColor((float) c / k, 0.85f, 0.85f));
        XYPlot plot = new XYPlot(clusters, new NumberAxis("x"), new NumberAxis("y"), dots);

        XYSeriesCollection centres = new XYSeriesCollection();
        XYSeries centreSeries = new XYSeries("centroids", false, true);
        for (int c = 0; c < k; c++) centreSeries.add(centroids[2 * c], centroids[2 * c + 1]);
        centres.addSeries(centreSeries);
        XYLineAndShapeRenderer rings = new XYLineAndShapeRenderer(false, true);
        rings.setSeriesShape(0, new Ellipse2D.Double(-7, -7, 14, 14));
        rings.setSeriesPaint(0, Color.BLACK);
        rings.setSeriesShapesFilled(0, false);
        rings.setUseOutlinePaint(false);
        rings.setSeriesStroke(0, new BasicStroke(2.5f));
        rings.setDrawOutlines(true);
        plot.setDataset(1, centres);
        plot.setRenderer(1, rings);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);  // centroids on top of the points
        JFreeChart chart = new JFreeChart("k-means on 2-D blobs", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
