package org.mymodule.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.bytedeco.javacpp.FloatPointer;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.mymodule.NBody;
import org.mymodule.Progress;
import org.mymodule.ProgressListener;
import org.mymodule.reference.VectorNBody;

/**
 * A Plummer star cluster and a binary star, stepped by NBody: energy conservation, speed, pictures. The Java
 * column is the same step written with the Vector API (VectorNBody), on 1 thread.
 */
final class NBodySection implements Section {
    @Override public String name() {
        return "nbody";
    }

    @Override public String title() {
        return "N-body gravity (leapfrog, direct summation)";
    }

    @Override public void run(Demo demo) throws Exception {
        int n = demo.size().pick(512, 4096, 16384);
        int steps = demo.size().pick(40, 300, 1000);
        int every = steps / 20;  // energy samples
        float[] start = new float[3 * n];
        XYSeries energy = new XYSeries("relative energy error");
        try (NBody sim = NBody.plummer(n, 1).timeStep(0.005).threads(demo.threads())) {  // 0.005: the cluster visibly moves
            sim.getPositions(start);
            double e0 = sim.totalEnergy(), worst = 0;
            energy.add(0.0, 0.0);
            long[] offset = {0};
            try (ProgressListener bar = demo.progress(String.format("%,d bodies, %d steps", n, steps));
                 ProgressListener chunk = Progress.listener((done, total) -> bar.onProgress(offset[0] + done, steps))) {
                for (int s = 0; s < steps; s += every) {
                    sim.step(every, chunk);
                    offset[0] += every;
                    double error = (sim.totalEnergy() - e0) / Math.abs(e0);
                    worst = Math.max(worst, Math.abs(error));
                    energy.add(sim.time(), error);
                }
            }
            demo.text(String.format("Plummer sphere of %,d bodies, %d steps of dt = %s (t = %.2f N-body time units), softening %s:",
                    n, steps, sim.getTimeStep(), sim.time(), sim.getSoftening()));
            demo.text(String.format("energy %.6f -> %.6f, largest relative drift %.2e (leapfrog: bounded, about (dt / t_dyn)^2)",
                    e0, sim.totalEnergy(), worst));

            float[] end = new float[3 * n];
            sim.getPositions(end);  // for the picture, before the timed steps below move the bodies on
            double endTime = sim.time();

            // One step timed alike on each side (the best of several): native on the demo's threads and on one, Java on one.
            double interactions = (double) n * n;
            double nativePerStep = Demo.best(() -> sim.step(1));
            double onePerStep = Double.NaN;
            if (demo.threads() > 1) {
                sim.threads(1);
                onePerStep = Demo.best(() -> sim.step(1));
                sim.threads(demo.threads());
            }
            double javaPerStep = Double.NaN;
            if (demo.java()) {
                float[] xyz = new float[3 * n], vxyz = new float[3 * n];
                sim.getPositions(xyz);
                sim.getVelocities(vxyz);
                VectorNBody java = new VectorNBody(xyz, vxyz, 1f / n, (float) sim.getSoftening(), (float) sim.getTimeStep(), 1, null);
                javaPerStep = Demo.best(java::step);
            }
            if (demo.threads() > 1) {
                demo.timing(String.format("one step, %,d bodies, 1 thread", n), onePerStep, javaPerStep, null, Double.NaN);
            }
            demo.timing(String.format("one step, %,d bodies, %d threads", n, demo.threads()), nativePerStep, javaPerStep,
                    null, Double.NaN);
            demo.text(String.format("body-body interactions per second: %.3g native (%d threads, SIMD), %.3g Vector API Java (1 thread)",
                    interactions / nativePerStep, demo.threads(), interactions / javaPerStep));

            demo.picture("nbody-plummer.png", String.format("The %,d bodies projected on the xy-plane: at the start (blue) and after t = %.2f (orange)",
                    n, endTime), bodies(start, end));
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Energy of the Plummer sphere", "time (N-body units)",
                "(E - E0) / |E0|", new XYSeriesCollection(energy), PlotOrientation.VERTICAL, false, false, false);
        demo.chart("nbody-energy.png", "Relative energy error over time: leapfrog keeps it bounded", chart, 640, 360);

        // The binary: one period of 1000 steps, read every step through the zero-copy view.
        try (NBody binary = NBody.circularBinary()) {
            FloatPointer view = binary.positionsView();  // valid while binary is open; refreshed by every step
            float[][] orbit = new float[1001][6];
            view.get(orbit[0]);
            for (int s = 1; s <= 1000; s++) {
                binary.step(1);
                view.get(orbit[s]);
            }
            float dx = orbit[1000][0] - orbit[0][0], dy = orbit[1000][1] - orbit[0][1];
            demo.text(String.format("circular binary: after one period (1000 steps) body 1 is %.1e from its start (dt = %.4f)",
                    Math.hypot(dx, dy), binary.getTimeStep()));
            demo.picture("nbody-binary.png", "The circular binary over one period (1000 steps, each read through positionsView()): both bodies on one circle",
                    orbitImage(orbit));
        }
    }

    /** Start positions in blue, end positions in orange, in the central square of side 4. */
    private static BufferedImage bodies(float[] start, float[] end) {
        int size = 600;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(10, 12, 24));
        g.fillRect(0, 0, size, size);
        double scale = size / 4.0;
        for (float[] xyz : new float[][] {start, end}) {
            g.setColor(xyz == start ? new Color(90, 140, 255, 140) : new Color(255, 170, 60, 160));
            for (int i = 0; i < xyz.length; i += 3) {
                int px = (int) Math.round(size / 2.0 + xyz[i] * scale), py = (int) Math.round(size / 2.0 - xyz[i + 1] * scale);
                g.fillRect(px, py, 2, 2);
            }
        }
        g.dispose();
        return image;
    }

    private static BufferedImage orbitImage(float[][] orbit) {
        int size = 400;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size);
        double scale = size / 1.5;
        for (int body = 0; body < 2; body++) {  // equal masses share one circle: the first drawn wide, the second narrow on it
            g.setStroke(new BasicStroke(body == 0 ? 7f : 2f));
            g.setColor(body == 0 ? new Color(240, 150, 120) : new Color(40, 90, 200));
            for (int s = 1; s < orbit.length; s++) {
                g.drawLine(px(orbit[s - 1][3 * body], scale, size), py(orbit[s - 1][3 * body + 1], scale, size),
                        px(orbit[s][3 * body], scale, size), py(orbit[s][3 * body + 1], scale, size));
            }
            g.fillOval(px(orbit[0][3 * body], scale, size) - 8, py(orbit[0][3 * body + 1], scale, size) - 8, 16, 16);
        }
        g.dispose();
        return image;
    }

    private static int px(float x, double scale, int size) {
        return (int) Math.round(size / 2.0 + x * scale);
    }

    private static int py(float y, double scale, int size) {
        return (int) Math.round(size / 2.0 - y * scale);
    }
}
