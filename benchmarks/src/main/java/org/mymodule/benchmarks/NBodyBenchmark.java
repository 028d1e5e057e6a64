package org.mymodule.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.mymodule.NBody;
import org.mymodule.reference.JavaNBody;
import org.mymodule.reference.VectorNBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * same number of threads), and against {@link VectorNBody}, the same step written with the Vector API
 * (the best Java: 16 bodies per vector, correctly rounded sqrt and divide). summarize.py turns ns per step into interactions per second, and with
 * the FP32 FMA peak that {@code cpp/nbody_bench} measures in the same run, into % of peak
 * (20 FLOP per interaction).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class NBodyBenchmark {
    @Param({"1024", "4096", "8192", "16384"})
    int n;

    @Param({"1", "2"})
    int threads;

    NBody sim;
    JavaNBody java;
    VectorNBody vector;
    ExecutorService pool;

    @Setup
    public void setUp() {
        sim = NBody.plummer(n, 1).threads(threads);
        float[] xyz = new float[3 * n], vxyz = new float[3 * n];
        sim.getPositions(xyz);
        sim.getVelocities(vxyz);
        pool = Executors.newFixedThreadPool(threads);
        java = new JavaNBody(xyz, vxyz, 1f / n, (float) sim.getSoftening(), (float) sim.getTimeStep(), threads, pool);
        vector = new VectorNBody(xyz, vxyz, 1f / n, (float) sim.getSoftening(), (float) sim.getTimeStep(), threads, pool);

        // Both must compute the same physics: compare one step from the same state.
        sim.step(1);
        java.step();
        vector.step();
        float[] now = new float[3 * n];
        sim.getPositions(now);
        for (int i = 0; i < n; i++) {
            if (Math.abs(now[3 * i] - java.x[i]) > 1e-4f || Math.abs(now[3 * i] - vector.x[i]) > 1e-4f) {
                throw new IllegalStateException("body " + i + ": native x " + now[3 * i] + ", Java x " + java.x[i]
                        + ", Vector API x " + vector.x[i]);
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
    public double step_vector() {
        vector.step();
        return vector.x[0];
    }

    @Benchmark
    public double step_java() {
        java.step();
        return java.x[0];
    }
}
