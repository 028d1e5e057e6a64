package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The array overloads of sum, sumFast, dot, dotFast and moments lend the Java array to C++ in place:
 * a child JVM calls each on 256 MB arrays and its peak resident memory (VmHWM) must not grow. A copy
 * (JNI's Get&lt;Type&gt;ArrayElements, malloc and memcpy) would add 256 MB per array.
 */
class LentArraysTest {
    private static final int FLOATS = 1 << 26, DOUBLES = 1 << 25;  // 256 MB each

    @Test void arrayOverloadsReadTheJavaArrayWithoutACopy() throws Exception {
        assumeTrue(ChildJvm.native_(), "a child JVM with 1.3 GB of heap: natively only, not under emulation");
        assumeTrue(Files.isReadable(Paths.get("/proc/self/status")), "VmHWM is Linux's");
        Path log = Paths.get("target", "lent-arrays", "child.log");
        // Without -Xcheck:jni, which hands out guarded copies even for critical regions (the suite's own
        // JVM runs these calls under it, where its warnings would show).
        List<String> command = ChildJvm.command(LentArraysTest.class.getName(), false, Arrays.asList("-Xmx1300m"));
        int exit = ChildJvm.run(command, log, 120);
        String out = new String(Files.readAllBytes(log));
        assertEquals(0, exit, out + "\nreplay: " + ChildJvm.shell(command));
        assertTrue(out.contains("peak grew by "), out);
        long grewMiB = Long.parseLong(out.replaceAll("(?s).*peak grew by (\\d+) MiB.*", "$1"));
        assertTrue(grewMiB < 32, "the calls raised the peak resident memory by " + grewMiB
                + " MiB: an array was copied\n" + out);
    }

    /** The child: every lending overload once on arrays of ones, the results checked, the peak reported. */
    public static void main(String[] args) throws IOException {
        float[] f = new float[FLOATS];
        double[] d = new double[DOUBLES];
        Arrays.fill(f, 1);
        Arrays.fill(d, 1);
        org.mymodule.global.mymodule.sum(new float[1]);  // loads the library before the baseline
        long before = peakKiB();
        double[] results = {
            org.mymodule.global.mymodule.sum(f), org.mymodule.global.mymodule.sumFast(f),
            org.mymodule.global.mymodule.dot(f, f), org.mymodule.global.mymodule.dotFast(f, f),
            org.mymodule.global.mymodule.sum(d), org.mymodule.global.mymodule.dot(d, d)};
        long counted;
        try (Moments a = org.mymodule.global.mymodule.moments(f, 0);
             Moments b = org.mymodule.global.mymodule.moments(d, 1);
             Moments c = new Moments()) {
            org.mymodule.global.mymodule.moments(f, 0, c);
            org.mymodule.global.mymodule.moments(d, 0, c);
            counted = a.count() + b.count() + c.count();
        }
        long after = peakKiB();
        double[] expected = {FLOATS, FLOATS, FLOATS, FLOATS, DOUBLES, DOUBLES};
        if (!Arrays.equals(results, expected) || counted != FLOATS + 2L * DOUBLES) {
            System.out.println("wrong results: " + Arrays.toString(results) + ", counts " + counted);
            System.exit(1);
        }
        System.out.println("peak grew by " + (after - before) / 1024 + " MiB (" + before / 1024 + " -> " + after / 1024 + ")");
    }

    private static long peakKiB() throws IOException {
        return ErrorPathMemory.statusKiB("VmHWM");
    }
}
