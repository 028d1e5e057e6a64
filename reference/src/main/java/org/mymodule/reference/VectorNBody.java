package org.mymodule.reference;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The N-body step written by hand with the JDK's Vector API ({@code jdk.incubator.vector}): the best
 * Java we know how to write for NBody's problem, which the benchmarks and the demo time it against.
 * The same physics as NBody (nbody.h): float32 structure of arrays, Plummer softening
 * {@code a_i = G sum_j m_j d / (d.d + eps^2)^1.5} with G = 1, a pair at the same position adding
 * nothing, kick-drift-kick leapfrog. Like the native kernels it vectorises over bodies i (a vector
 * of the CPU's widest float species, two vectors per pass so that each broadcast of body j serves
 * both), and it skips the coincident-pair test when no pair can overflow. {@code r^-3} is
 * {@code m / (r2 sqrt(r2))}: the Vector API has no approximate reciprocal square root, so this is
 * the cheapest correctly rounded form (sqrt, multiply, divide; within 1.5 ulp), as accurate as the
 * native kernels' refined rsqrt. With threads > 1 the bodies are split into that many ranges run on
 * the given pool.
 */
public final class VectorNBody {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int W = F.length();

    /** Bodies; the arrays are padded to a multiple of 2 vectors with massless bodies at the origin. */
    public final int n;
    public final float[] x, y, z, vx, vy, vz, ax, ay, az, m;
    final float eps2, dt;
    final boolean masked;
    final int threads;
    final ExecutorService pool;

    /** Equal masses m, like JavaNBody; see the other constructor. */
    public VectorNBody(float[] xyz, float[] vxyz, float m, float eps, float dt, int threads, ExecutorService pool) {
        this(xyz, vxyz, filled(xyz.length / 3, m), eps, dt, threads, pool);
    }

    /**
     * n = xyz.length / 3 bodies of masses m, softening eps, time step dt, the accelerations split over
     * {@code threads} ranges run on {@code pool} (unused, may be null, for 1 thread).
     */
    public VectorNBody(float[] xyz, float[] vxyz, float[] masses, float eps, float dt, int threads, ExecutorService pool) {
        n = xyz.length / 3;
        int padded = (n + 2 * W - 1) / (2 * W) * (2 * W);
        x = new float[padded]; y = new float[padded]; z = new float[padded];
        vx = new float[padded]; vy = new float[padded]; vz = new float[padded];
        ax = new float[padded]; ay = new float[padded]; az = new float[padded];
        m = Arrays.copyOf(masses, padded);
        for (int i = 0; i < n; i++) {
            x[i] = xyz[3 * i]; y[i] = xyz[3 * i + 1]; z[i] = xyz[3 * i + 2];
            vx[i] = vxyz[3 * i]; vy[i] = vxyz[3 * i + 1]; vz[i] = vxyz[3 * i + 2];
        }
        this.eps2 = eps * eps;
        this.dt = dt;
        float maxMass = 0;
        for (float mass : masses) maxMass = Math.max(maxMass, mass);
        // As NBody: without overflow a coincident pair (j = i included) adds m d s = 0 exactly, unmasked.
        masked = !(eps2 >= 1e-20f && (double) maxMass / ((double) eps2 * eps) < 1e30);
        this.threads = threads;
        this.pool = pool;
        accelerations();
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        Arrays.fill(a, value);
        return a;
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
        JavaNBody.split(pool, threads, x.length / (2 * W), this::accelerations);
    }

    /** Blocks [from, to) of 2 vectors of bodies i. */
    void accelerations(int from, int to) {
        FloatVector e2 = FloatVector.broadcast(F, eps2), zero = FloatVector.zero(F);
        for (int block = from; block < to; block++) {
            int i = 2 * W * block;
            FloatVector xi0 = FloatVector.fromArray(F, x, i), yi0 = FloatVector.fromArray(F, y, i), zi0 = FloatVector.fromArray(F, z, i);
            FloatVector xi1 = FloatVector.fromArray(F, x, i + W), yi1 = FloatVector.fromArray(F, y, i + W), zi1 = FloatVector.fromArray(F, z, i + W);
            FloatVector sx0 = zero, sy0 = zero, sz0 = zero, sx1 = zero, sy1 = zero, sz1 = zero;
            for (int j = 0; j < n; j++) {
                FloatVector xj = FloatVector.broadcast(F, x[j]), yj = FloatVector.broadcast(F, y[j]), zj = FloatVector.broadcast(F, z[j]);
                FloatVector mj = FloatVector.broadcast(F, m[j]);
                FloatVector dx0 = xj.sub(xi0), dy0 = yj.sub(yi0), dz0 = zj.sub(zi0);
                FloatVector dx1 = xj.sub(xi1), dy1 = yj.sub(yi1), dz1 = zj.sub(zi1);
                FloatVector r0 = dx0.fma(dx0, dy0.fma(dy0, dz0.fma(dz0, e2)));
                FloatVector r1 = dx1.fma(dx1, dy1.fma(dy1, dz1.fma(dz1, e2)));
                FloatVector s0 = mj.div(r0.mul(r0.lanewise(VectorOperators.SQRT)));
                FloatVector s1 = mj.div(r1.mul(r1.lanewise(VectorOperators.SQRT)));
                if (masked) {
                    s0 = zero.blend(s0, r0.compare(VectorOperators.GT, e2));
                    s1 = zero.blend(s1, r1.compare(VectorOperators.GT, e2));
                }
                sx0 = dx0.fma(s0, sx0); sy0 = dy0.fma(s0, sy0); sz0 = dz0.fma(s0, sz0);
                sx1 = dx1.fma(s1, sx1); sy1 = dy1.fma(s1, sy1); sz1 = dz1.fma(s1, sz1);
            }
            sx0.intoArray(ax, i); sy0.intoArray(ay, i); sz0.intoArray(az, i);  // G = 1
            sx1.intoArray(ax, i + W); sy1.intoArray(ay, i + W); sz1.intoArray(az, i + W);
        }
    }
}
