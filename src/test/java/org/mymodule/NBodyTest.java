package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mymodule.global.mymodule.liveObjects;

import java.util.concurrent.CancellationException;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/** nbody.h: the NBody simulation against physics the test derives itself and a pure-Java leapfrog in double. */
@ExtendWith(NativeLeakCheck.class)
class NBodyTest {
    /** The basic use, as a user writes it: positions, velocities, masses, steps (n = 64 keeps it fast). */
    @Test void basicUseRuns() {
        int n = 64;
        float[] xyz = new float[3 * n], vxyz = new float[3 * n], m = new float[n];
        for (int i = 0; i < n; i++) {
            xyz[3 * i] = (float) Math.cos(i);
            xyz[3 * i + 1] = (float) Math.sin(i);
            xyz[3 * i + 2] = 0.01f * i;
            m[i] = 1f / n;
        }
        long[] reports = {0};
        try (ProgressListener progress = Progress.listener((done, total) -> ++reports[0] > 0);
             NBody sim = new NBody(n)) {
            sim.positions(xyz).velocities(vxyz).masses(m);
            sim.gravity(1.0).softening(0.01).timeStep(1e-3).threads(2);
            sim.step(10);
            sim.step(10, progress);
            double e = sim.totalEnergy();
            double[] p = new double[3]; sim.getMomentum(p); sim.getCenterOfMass(p);
            float[] out = new float[3 * n]; sim.getPositions(out); sim.getVelocities(out);
            assertTrue(e < 0, "a bound cluster: " + e);
            assertEquals(20, sim.steps());
            assertEquals(10, reports[0]);
        }
        try (NBody a = NBody.plummer(n, 1); NBody b = NBody.circularBinary()) {
            assertEquals(n, a.size());
            assertEquals(2, b.size());
        }
    }

    /** The static factories return new objects that Java owns: counted while open, destroyed by close(). */
    @Test void factoriesReturnObjectsJavaOwns() {
        long before = liveObjects();
        NBody a = NBody.plummer(10, 1), b = NBody.circularBinary();
        assertEquals(before + 2, liveObjects());
        a.close();
        b.close();
        assertEquals(before, liveObjects());
        NBody.plummer(10, 2);  // dropped: NativeLeakCheck sees the garbage collector free it
        // One object, never an array or a cast (skipDefaults): the C++ constructor is the only Java one.
        assertEquals(1, NBody.class.getConstructors().length);
        assertArrayEquals(new Class<?>[] {int.class}, NBody.class.getConstructors()[0].getParameterTypes());
    }

    @Test void plummerIsReproducibleAndAtRest() {
        try (NBody a = NBody.plummer(100, 42); NBody b = NBody.plummer(100, 42); NBody c = NBody.plummer(100, 43)) {
            float[] pa = positions(a), pb = positions(b), pc = positions(c);
            assertArrayEquals(pa, pb);
            assertTrue(pa[0] != pc[0]);
            double[] p = new double[3], com = new double[3];
            a.getMomentum(p);
            a.getCenterOfMass(com);
            for (int k = 0; k < 3; k++) {
                assertEquals(0, p[k], 1e-6);
                assertEquals(0, com[k], 1e-6);
            }
            assertEquals(-0.25, a.totalEnergy(), 0.05);  // N-body units; 100 bodies sample it roughly
        }
    }

    /**
     * Two bodies of mass 0.5 at distance 1 (G = 1) circle with angular speed w = 1; the factory's time
     * step makes 1000 steps one period. Leapfrog is second order: after a period the position is off by
     * c r 2 pi (w dt)^2 with r = 0.5, where c measured 0.31-0.43 for 250 to 4000 steps per period
     * (halving dt quarters the error). The tolerance takes c = 1: 1.24e-4. Float rounding (1e-7 per step)
     * adds less than 1e-5.
     */
    @Test void circularBinaryReturnsToItsStartAfterOnePeriod() {
        try (NBody sim = NBody.circularBinary()) {
            float[] start = positions(sim);
            assertArrayEquals(new float[] {0.5f, 0, 0, -0.5f, 0, 0}, start);
            double wdt = sim.getTimeStep();
            assertEquals(2 * Math.PI / 1000, wdt, 1e-15);
            sim.step(1000);
            assertEquals(2 * Math.PI, sim.time(), 1e-9);
            double tolerance = 0.5 * 2 * Math.PI * wdt * wdt;
            float[] end = positions(sim);
            for (int k = 0; k < 6; k++) {
                assertEquals(start[k], end[k], tolerance, "coordinate " + k);
            }
            sim.step(500);  // half a period: the bodies have swapped places
            float[] half = positions(sim);
            assertEquals(-0.5, half[0], 2 * tolerance);
            assertEquals(0.5, half[3], 2 * tolerance);
        }
    }

    /**
     * Leapfrog is symplectic and second order: its energy error oscillates with amplitude about
     * (dt / t_dyn)^2 instead of growing, t_dyn being the dynamical time, about 1 in N-body units. The bound
     * is 10 dt^2 = 1e-5 relative, the factor 10 covering close encounters of a grainy 200-body sphere and the
     * float32 state (measured for seeds 1-3: 1.5-2.9e-6 for 200 bodies over 100 steps, 0.3-0.9e-6 for 1000 over
     * 1000; doubling dt quadruples it).
     */
    private static void checkEnergyDrift(int n, int steps) {
        try (NBody sim = NBody.plummer(n, 1)) {
            sim.threads(2);
            double dt = sim.getTimeStep(), e0 = sim.totalEnergy(), worst = 0;
            for (int s = 0; s < steps; s += steps / 10) {
                sim.step(steps / 10);
                worst = Math.max(worst, Math.abs(sim.totalEnergy() - e0) / Math.abs(e0));
            }
            assertTrue(worst < 10 * dt * dt, "relative energy drift " + worst);
        }
    }

    @Test void energyDriftOfASmallPlummerSphereIsBounded() {
        checkEnergyDrift(200, 100);  // 4e6 interactions: fast under emulation too
    }

    /** 1000 bodies over 1000 steps, 1e9 interactions: about a second natively, minutes under qemu, so not there. */
    @Test void energyDriftOfA1000BodyPlummerSphereOver1000StepsIsBounded() {
        Assumptions.assumeTrue(System.getProperty("mymodule.expectSimd") == null
                && !System.getProperty("os.arch").equals("aarch64"), "emulated CPU: the 200-body test covers it");
        checkEnergyDrift(1000, 1000);
    }

    /**
     * Forces are not exactly antisymmetric in float (each body sums its own), and velocities are floats
     * (ulp 6e-8 near 1): momentum, 0 at the start with total mass 1 and speeds near 1, stays within a few
     * float ulps summed over bodies and steps; 1e-6 is 16 ulps of 1 (measured: 3e-8).
     */
    @Test void momentumIsConservedToFloatRounding() {
        try (NBody sim = NBody.plummer(200, 5)) {
            double[] p0 = new double[3], p1 = new double[3];
            sim.getMomentum(p0);
            sim.step(50);
            sim.getMomentum(p1);
            for (int k = 0; k < 3; k++) {
                assertEquals(p0[k], p1[k], 1e-6);
            }
        }
    }

    /** The same 10 leapfrog steps in double, in Java: the float32 simulation agrees to float rounding. */
    @Test void agreesWithAPureJavaDoubleReferenceAfterTenSteps() {
        int n = 64;
        try (NBody sim = NBody.plummer(n, 3)) {
            sim.softening(0.05).gravity(1.5).timeStep(2e-3);
            double[] x = toDouble(positions(sim)), v = toDouble(velocities(sim)), m = new double[n];
            java.util.Arrays.fill(m, 1.0 / n);
            javaLeapfrog(x, v, m, 1.5, 0.05, 2e-3, 10);
            sim.step(10);
            float[] px = positions(sim), pv = velocities(sim);
            for (int k = 0; k < 3 * n; k++) {
                assertEquals(x[k], px[k], 2e-6, "position " + k);
                assertEquals(v[k], pv[k], 2e-5, "velocity " + k);
            }
        }
    }

    /** Kick-drift-kick with Plummer softening, all in double; coincident pairs exert nothing. */
    static void javaLeapfrog(double[] x, double[] v, double[] m, double g, double eps, double dt, int steps) {
        double[] a = javaAccelerations(x, m, g, eps);
        for (int s = 0; s < steps; s++) {
            for (int k = 0; k < x.length; k++) {
                v[k] += 0.5 * dt * a[k];
                x[k] += dt * v[k];
            }
            a = javaAccelerations(x, m, g, eps);
            for (int k = 0; k < x.length; k++) {
                v[k] += 0.5 * dt * a[k];
            }
        }
    }

    static double[] javaAccelerations(double[] x, double[] m, double g, double eps) {
        int n = m.length;
        double[] a = new double[3 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dx = x[3 * j] - x[3 * i], dy = x[3 * j + 1] - x[3 * i + 1], dz = x[3 * j + 2] - x[3 * i + 2];
                double d2 = dx * dx + dy * dy + dz * dz;
                if (d2 == 0) {
                    continue;
                }
                double s = g * m[j] / Math.pow(d2 + eps * eps, 1.5);
                a[3 * i] += dx * s;
                a[3 * i + 1] += dy * s;
                a[3 * i + 2] += dz * s;
            }
        }
        return a;
    }

    /** Each body's force is summed by one thread in index order: any thread count gives the same bits. */
    @Test void resultsAreIdenticalForEveryThreadCount() {
        try (NBody one = NBody.plummer(520, 9).threads(1); NBody three = NBody.plummer(520, 9).threads(3)) {  // over 512: threads
            one.step(2);
            three.step(2);
            assertArrayEquals(positions(one), positions(three));
            assertArrayEquals(velocities(one), velocities(three));
            assertEquals(one.totalEnergy(), three.totalEnergy());
        }
    }

    @Test void singleBodyMovesInAStraightLine() {
        try (NBody sim = new NBody(1)) {
            sim.velocities(new float[] {1, -2, 0.5f}).timeStep(0.25).step(8);
            assertArrayEquals(new float[] {2, -4, 1}, positions(sim));
            assertEquals(0.5 * 1 * (1 + 4 + 0.25), sim.totalEnergy(), 1e-12);  // mass 1/n = 1, no pairs
            double[] com = new double[3];
            sim.getCenterOfMass(com);
            assertArrayEquals(new double[] {2, -4, 1}, com);
        }
    }

    /** Softening keeps coincident bodies finite; without it they exert nothing on each other (documented). */
    @Test void coincidentBodiesStayFinite() {
        try (NBody sim = new NBody(3)) {
            float[] same = {1, 2, 3, 1, 2, 3, 1, 2, 3};
            for (double eps : new double[] {0.01, 0}) {
                sim.positions(same).softening(eps).step(5);
                for (float c : positions(sim)) {
                    assertTrue(Float.isFinite(c));
                }
                assertTrue(Double.isFinite(sim.totalEnergy()));
            }
            assertArrayEquals(same, positions(sim));  // at rest, no net force: they stay put
        }
    }

    /** A massless body is pulled by the other but pulls nothing: the massive one does not move. */
    @Test void zeroMassBodyFeelsButDoesNotPull() {
        try (NBody sim = new NBody(2)) {
            sim.positions(new float[] {0, 0, 0, 1, 0, 0}).masses(new float[] {1, 0}).softening(0).timeStep(0.01);
            sim.step(1);
            float[] x = positions(sim);
            assertArrayEquals(new float[] {0, 0, 0}, java.util.Arrays.copyOf(x, 3));
            assertEquals(1 - 0.5 * 0.01 * 0.01, x[3], 1e-6);  // x = x0 + a dt^2 / 2, a = -G m / r^2 = -1
            sim.masses(new float[] {0, 0}).step(3);
            x = positions(sim);
            double[] com = new double[3];
            sim.getCenterOfMass(com);  // every mass 0: the mean position
            assertEquals((x[0] + x[3]) / 2.0, com[0], 1e-7);
        }
    }

    @Test void cancelStopsBetweenStepsWithAConsistentState() {
        try (NBody sim = NBody.circularBinary(); NBody reference = NBody.circularBinary();
             ProgressListener stop = Progress.listener((done, total) -> done < 3)) {
            CancellationException e = assertThrows(CancellationException.class, () -> sim.step(10, stop));
            assertEquals("NBody.step: cancelled by the listener after 3 of 10 steps", e.getMessage());
            assertEquals(3, sim.steps());
            reference.step(3);
            assertArrayEquals(positions(reference), positions(sim));
            assertEquals(reference.totalEnergy(), sim.totalEnergy());
        }
    }

    /** The view is the simulation's own memory: 3n floats, updated by each step, no copy. */
    @Test void positionsViewIsZeroCopy() {
        try (NBody sim = NBody.circularBinary()) {
            FloatPointer view = sim.positionsView();
            assertEquals(6, view.limit());
            assertEquals(6, view.capacity());
            float[] seen = new float[6];
            view.get(seen);
            assertArrayEquals(positions(sim), seen);
            sim.step(250);  // a quarter period
            view.get(seen);
            assertArrayEquals(positions(sim), seen);
            assertEquals(sim.positionsView().address(), view.address());
            assertEquals(0.5, seen[1], 1e-3);
            view.close();  // owns nothing: closing it frees nothing
            assertEquals(0.5, positions(sim)[1], 1e-3);
        }
    }

    @Test void pointersWorkLikeArrays() {
        try (NBody sim = new NBody(2); FloatPointer xyz = new FloatPointer(0, 0, 0, 2, 0, 0);
             FloatPointer m = new FloatPointer(1f, 1f); DoublePointer p = new DoublePointer(3);
             FloatPointer out = new FloatPointer(6)) {
            sim.positions(xyz).masses(m).getCenterOfMass(p);
            assertEquals(1.0, p.get(0));
            sim.getPositions(out);
            assertEquals(2f, out.get(3));
        }
    }

    @Test void badInputThrowsAndLeavesTheStateUnchanged() {
        try (NBody sim = new NBody(2)) {
            float[] start = {0, 0, 0, 1, 0, 0};
            sim.positions(start).velocities(start);
            rejects("NBody: n must be in [1, 67108864], got 0", () -> new NBody(0));
            rejects("NBody: n must be in [1, 67108864], got -5", () -> new NBody(-5));
            rejects("NBody.plummer: n must be in [1, 67108864], got 0", () -> NBody.plummer(0, 1));
            rejects("NBody.positions: xyz must hold 6 floats (3n), got 5", () -> sim.positions(new float[5]));
            rejects("NBody.positions: xyz[4] must be finite, got nan", () -> sim.positions(new float[] {0, 0, 0, 1, Float.NaN, 0}));
            rejects("NBody.velocities: vxyz must hold 6 floats (3n), got 9", () -> sim.velocities(new float[9]));
            rejects("NBody.velocities: vxyz[0] must be finite, got inf", () -> sim.velocities(new float[] {Float.POSITIVE_INFINITY, 0, 0, 0, 0, 0}));
            rejects("NBody.masses: m must hold 2 floats (n), got 3", () -> sim.masses(new float[3]));
            rejects("NBody.masses: m[1] must be finite and >= 0, got -1", () -> sim.masses(new float[] {1, -1}));
            rejects("NBody.masses: m[0] must be finite and >= 0, got nan", () -> sim.masses(new float[] {Float.NaN, 1}));
            rejects("NBody.timeStep: dt must be finite and > 0, got 0", () -> sim.timeStep(0));
            rejects("NBody.timeStep: dt must be finite and > 0, got -0.1", () -> sim.timeStep(-0.1));
            rejects("NBody.timeStep: dt must be finite and > 0, got nan", () -> sim.timeStep(Double.NaN));
            rejects("NBody.softening: eps must be finite and >= 0, got -0.01", () -> sim.softening(-0.01));
            rejects("NBody.softening: eps must be finite and >= 0, got inf", () -> sim.softening(Double.POSITIVE_INFINITY));
            rejects("NBody.gravity: g must be finite, got nan", () -> sim.gravity(Double.NaN));
            rejects("NBody.threads: threads must be in [1, 256], got 0", () -> sim.threads(0));
            rejects("NBody.step: steps must be >= 0, got -1", () -> sim.step(-1));
            rejects("NBody.getMomentum: out must hold 3 doubles, got 2", () -> sim.getMomentum(new double[2]));
            rejects("NBody.getCenterOfMass: out must hold 3 doubles, got 4", () -> sim.getCenterOfMass(new double[4]));
            rejects("NBody.getPositions: xyz must hold 6 floats (3n), got 3", () -> sim.getPositions(new float[3]));
            rejects("NBody.getVelocities: vxyz must hold 6 floats (3n), got 7", () -> sim.getVelocities(new float[7]));
            assertThrows(NullPointerException.class, () -> sim.positions((float[]) null));
            assertThrows(NullPointerException.class, () -> sim.step(1, null));

            assertArrayEquals(start, positions(sim));
            assertArrayEquals(start, velocities(sim));
            assertEquals(0.001, sim.getTimeStep());
            assertEquals(0.01, sim.getSoftening());
            assertEquals(1.0, sim.getGravity());
            assertEquals(1, sim.getThreads());
            assertEquals(0, sim.steps());
        }
    }

    /** 2^31 - 1 bodies would need 120 GB: refused before any allocation, never a crash. */
    @Test void hugeSimulationIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NBody(Integer.MAX_VALUE));
        assertEquals("NBody: n must be in [1, 67108864], got 2147483647", e.getMessage());
    }

    @Test void callsAfterCloseThrowIllegalStateException() {
        NBody sim = NBody.circularBinary();
        sim.close();
        assertEquals("NBody.step: this NBody is closed", assertThrows(IllegalStateException.class, () -> sim.step(1)).getMessage());
        assertThrows(IllegalStateException.class, sim::totalEnergy);
        assertThrows(IllegalStateException.class, () -> sim.positions(new float[6]));
        assertThrows(IllegalStateException.class, sim::positionsView);
        sim.close();
    }

    @Test void positionsViewKeepsItsMemoryAfterClose() {
        NBody sim = NBody.circularBinary();
        float[] expected = positions(sim);
        try (FloatPointer view = sim.positionsView()) {
            sim.close();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], view.get(i));  // the view holds the positions, not the closed simulation
            }
        }
    }

    private static void rejects(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    private static float[] positions(NBody sim) {
        float[] xyz = new float[3 * sim.size()];
        sim.getPositions(xyz);
        return xyz;
    }

    private static float[] velocities(NBody sim) {
        float[] vxyz = new float[3 * sim.size()];
        sim.getVelocities(vxyz);
        return vxyz;
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
