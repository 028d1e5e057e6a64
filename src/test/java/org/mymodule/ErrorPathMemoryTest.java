package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No allocation survives a failing call: every method that takes a Java array, called 4 times per
 * way of failing (a null or closed enum/object argument, a closed receiver, numbers C++ refuses) with
 * 8 MiB arrays, in a child JVM ({@link ErrorPathMemory}) with a fixed, pre-touched heap and glibc
 * returning every freed block of 128 KiB or more to the system at once (MALLOC_MMAP_THRESHOLD_), so
 * that the resident set measures what native code kept. A JNI copy of an array left unreleased on an
 * error path costs 8 MiB per call: 32 MiB per method here. JavaCPP's counters and liveObjects() must
 * come back too. No -Xcheck:jni: the product path is measured. Natively only. The log is target/error-path-memory.log.
 */
class ErrorPathMemoryTest {
    /** Per method and way of failing: far below the 64 MiB of one leaked copy per call, above the noise (up to 2 MiB seen). */
    static final long METHOD_LIMIT_KIB = 4096;
    static final long TOTAL_LIMIT_KIB = 16384;
    /** Calls per method and way of failing: one leaked 8 MiB copy per call is then 32 MiB. */
    static final int CALLS = 4;

    @Test void failingCallsWithLargeArraysKeepNoMemory() throws Exception {
        assumeTrue(ChildJvm.native_(), "runs natively only, not under emulation");
        assumeTrue(Files.exists(Paths.get("/proc/self/status")), "needs /proc/self/status for the resident set size");
        Path log = Paths.get("target", "error-path-memory.log").toAbsolutePath();
        List<String> command = ChildJvm.command(ErrorPathMemory.class.getName(), false, Arrays.asList("-Xms512m", "-Xmx512m",
                "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"), Integer.toString(CALLS));  // JavaCPP would stall on the leak, not report it
        int exit = ChildJvm.run(command, log, 600, Collections.singletonMap("MALLOC_MMAP_THRESHOLD_", "131072"));
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String replay = "\nreplay: " + ChildJvm.shell(command, Collections.singletonMap("MALLOC_MMAP_THRESHOLD_", "131072"));
        assertEquals(0, exit, "the child exited with " + exit + ", log " + log + replay);
        List<String> leaking = new ArrayList<>();
        int methods = 0, stopped = 0;
        String result = null;
        for (String line : lines) {
            if (line.startsWith("METHOD ")) {
                methods++;
                long growth = Long.parseLong(line.replaceAll(".*rssGrowthKiB=(-?[0-9]+).*", "$1"));
                if (growth > METHOD_LIMIT_KIB) {
                    leaking.add(line.substring("METHOD ".length()) + String.format(" (about %.1f MiB kept per failing call)", growth / 1024.0 / CALLS));
                }
            } else if (line.startsWith("STOPPED ") && stopped++ == 0) {
                leaking.add(line + " (and the rest)");
            } else if (line.startsWith("RESULT ")) {
                result = line;
            }
        }
        assertTrue(methods > 0, "no METHOD lines in " + log);
        assertTrue(leaking.isEmpty(), leaking.size() + " ways of failing keep memory (resident set growth over " + CALLS + " calls with 8 MiB arrays, limit "
                + METHOD_LIMIT_KIB + " KiB):\n" + String.join("\n", leaking) + "\n" + result + replay);
        assertTrue(result != null, "no RESULT line in " + log);
        long total = Long.parseLong(result.replaceAll(".*rssGrowthKiB=(-?[0-9]+).*", "$1"));
        assertTrue(total < TOTAL_LIMIT_KIB, "resident set grew by " + total + " KiB over all failing calls: " + result + replay);
        assertTrue(result.endsWith("counters=same"), result);
    }
}
