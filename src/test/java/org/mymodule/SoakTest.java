package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 1e6 create/use/close cycles of each native class and 1e6 objects freed by the garbage collector,
 * in a child JVM ({@link Soak}) with a fixed heap: JavaCPP's counters and liveObjects() come back to
 * where they were after a warm-up and the resident set grows by less than 2 MB, both measured after
 * {@code Pointer.trimMemory()} (malloc_trim): objects waiting for a GC make a peak of native memory
 * (about 20 MB here) that glibc keeps without it, which is not a leak. Natively only; no -Xcheck:jni
 * (its warning about JavaCPP's virtualized allocate() would flood the log).
 * {@code -Dmymodule.soak.cycles=1000000}; the child's output is in target/soak/soak.log.
 */
class SoakTest {
    @Test void memoryReturnsToBaseline() throws Exception {
        assumeTrue(ChildJvm.native_(), "the soak runs natively only, not under emulation");
        assumeTrue(Files.exists(Paths.get("/proc/self/status")), "needs /proc/self/status for the resident set size");
        long cycles = Long.getLong("mymodule.soak.cycles", 1_000_000);
        Path log = Paths.get("target", "soak", "soak.log").toAbsolutePath();
        // A fixed, pre-touched heap and one GC thread: heap growth must not pass for native growth.
        List<String> command = ChildJvm.command(Soak.class.getName(), false, Arrays.asList("-Xms96m", "-Xmx96m", "-XX:+AlwaysPreTouch",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), Long.toString(cycles));
        int exit = ChildJvm.run(command, log, 600);
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String result = lines.stream().filter(l -> l.startsWith("RESULT ")).findFirst().orElse(null);
        assertEquals(0, exit, "soak child exited with " + exit + ", log " + log + "\nreplay: " + ChildJvm.shell(command));
        assertTrue(result != null, "no RESULT line in " + log);
        assertTrue(result.endsWith("counters=same"), result);
        long growth = Long.parseLong(result.replaceAll(".*rssGrowthKiB=(-?[0-9]+).*", "$1"));
        assertTrue(growth < 2048, "resident set grew by " + growth + " KiB: " + result);
    }
}
