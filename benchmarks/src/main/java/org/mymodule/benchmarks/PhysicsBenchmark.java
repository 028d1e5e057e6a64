package org.mymodule.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.mymodule.NBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One leapfrog step of n bodies (n^2 body-body interactions): NBody against the same algorithm in
 * pure Java (float32 structure of arrays, Plummer softening, kick-drift-kick, bodies split over the
 * same number of threads). summarize.py turns ns per step into interactions per second, and with
 * the FP32 FMA peak that {@code cpp/nbody_bench} measures in the same run, into % of peak
 * (20 FLOP per interaction).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class PhysicsBenchmark {
    @Param({"1024", "4096", "16384"})
    int n;

    @Param({"1", "2"})
    int threads;

    NBody sim;
    JavaNBody java;
    ExecutorService pool;

    @Setup
    public void setUp() {
        sim = NBody.plummer(n, 1).threads(threads);
        float[] xyz = new float[3 * n], vxyz = new float[3 * n];
        sim.getPositions(xyz);
        sim.getVelocities(vxyz);
        pool = Executors.newFixedThreadPool(threads);
        java = new JavaNBody(xyz, vxyz, 1f / n, (float) sim.getSoftening(), (float) sim.getTimeStep(), threads, pool);

        // Both must compute the same physics: compare one step from the same state.
        sim.step(1);
        java.step();
        float[] now = new float[3 * n];
        sim.getPositions(now);
        for (int i = 0; i < n; i++) {
            if (Math.abs(now[3 * i] - java.x[i]) > 1e-4f) {
                throw new IllegalStateException("body " + i + ": native x " + now[3 * i] + " != Java x " + java.x[i]);
            }
        }
    }

    @TearDown
    public void tearDown() {
        sim.close();
        pool.shutdown();
    }

    @Benchmark
    public double step_native() {
        sim.step(1);
        return sim.time();
    }

    @Benchmark
    public double step_java() {
        java.step();
        return java.x[0];
    }

    /** The portable C++ kernel (accelBaseline in src/main/cpp/src/physics_simd.cpp) in Java: float32, 1 / sqrt. */
    static final class JavaNBody {
        final int n;
        final float[] x, y, z, vx, vy, vz, ax, ay, az;
        final float m, eps2, dt;
        final int threads;
        final ExecutorService pool;

        JavaNBody(float[] xyz, float[] vxyz, float m, float eps, float dt, int threads, ExecutorService pool) {
            n = xyz.length / 3;
            x = new float[n]; y = new float[n]; z = new float[n];
            vx = new float[n]; vy = new float[n]; vz = new float[n];
            ax = new float[n]; ay = new float[n]; az = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = xyz[3 * i]; y[i] = xyz[3 * i + 1]; z[i] = xyz[3 * i + 2];
                vx[i] = vxyz[3 * i]; vy[i] = vxyz[3 * i + 1]; vz[i] = vxyz[3 * i + 2];
            }
            this.m = m;
            this.eps2 = eps * eps;
            this.dt = dt;
            this.threads = threads;
            this.pool = pool;
            accelerations();
        }

        void step() {
            float half = 0.5f * dt;
            for (int i = 0; i < n; i++) {
                vx[i] += half * ax[i]; vy[i] += half * ay[i]; vz[i] += half * az[i];
                x[i] += dt * vx[i]; y[i] += dt * vy[i]; z[i] += dt * vz[i];
            }
            accelerations();
            for (int i = 0; i < n; i++) {
                vx[i] += half * ax[i]; vy[i] += half * ay[i]; vz[i] += half * az[i];
            }
        }

        void accelerations() {
            if (threads == 1) {
                accelerations(0, n);
                return;
            }
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int from = (int) ((long) n * t / threads), to = (int) ((long) n * (t + 1) / threads);
                parts.add(pool.submit(() -> accelerations(from, to)));
            }
            try {
                for (Future<?> part : parts) {
                    part.get();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        void accelerations(int from, int to) {
            for (int i = from; i < to; i++) {
                float xi = x[i], yi = y[i], zi = z[i], sx = 0, sy = 0, sz = 0;
                for (int j = 0; j < n; j++) {
                    float dx = x[j] - xi, dy = y[j] - yi, dz = z[j] - zi;
                    float r2 = dx * dx + (dy * dy + (dz * dz + eps2));
                    float inv = r2 > eps2 ? 1f / (float) Math.sqrt(r2) : 0f;
                    float s = m * (inv * inv * inv);
                    sx += dx * s; sy += dy * s; sz += dz * s;
                }
                ax[i] = sx; ay[i] = sy; az[i] = sz;  // G = 1
            }
        }
    }
}
