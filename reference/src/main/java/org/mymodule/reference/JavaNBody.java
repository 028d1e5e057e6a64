package org.mymodule.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The straightforward pure-Java version of the N-body step that the demo and the benchmarks time:
 * the portable C++ kernel's algorithm (accelBaseline in src/main/cpp/src/nbody_simd.cpp) in Java,
 * float32 structure of arrays, Plummer softening, 1 / sqrt, kick-drift-kick leapfrog, G = 1. With
 * threads > 1 the bodies are split into that many ranges run on the given pool.
 */
public final class JavaNBody {
    public final int n;
    public final float[] x, y, z, vx, vy, vz, ax, ay, az;
    final float m, eps2, dt;
    final int threads;
    final ExecutorService pool;

    /** One thread: n = xyz.length / 3 bodies of mass m, softening eps, time step dt. */
    public JavaNBody(float[] xyz, float[] vxyz, float m, float eps, float dt) {
        this(xyz, vxyz, m, eps, dt, 1, null);
    }

    /** The accelerations split over {@code threads} ranges run on {@code pool} (unused, may be null, for 1 thread). */
    public JavaNBody(float[] xyz, float[] vxyz, float m, float eps, float dt, int threads, ExecutorService pool) {
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

    /** One leapfrog step: half kick, drift, new accelerations, half kick. */
    public void step() {
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
        split(pool, threads, n, this::accelerations);
    }

    /** Runs body(from, to) over [0, count) in {@code threads} equal parts on pool (inline for one), and waits for all. */
    static void split(ExecutorService pool, int threads, int count, Range body) {
        if (threads == 1) {
            body.run(0, count);
            return;
        }
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = (int) ((long) count * t / threads), to = (int) ((long) count * (t + 1) / threads);
            parts.add(pool.submit(() -> body.run(from, to)));
        }
        try {
            for (Future<?> part : parts) {
                part.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A part [from, to) of some work. */
    interface Range {
        void run(int from, int to);
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
