package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The concurrency and lifetime fuzzer ({@link ConcurrencyFuzz}): one child JVM per class of boundary
 * bug (threads, callbacks, views and the GC, the inherited Pointer API, Pointer and buffer
 * arguments, finite extremes on every SIMD path this CPU has) and one with everything mixed, all under
 * -Xcheck:jni, two at a time, about 1e5 operations in all. glibc fills freed memory
 * (MALLOC_PERTURB_) and unmaps freed blocks of 32 KiB and more (MALLOC_MMAP_THRESHOLD_), so that a
 * read of freed memory gives garbage or a crash instead of yesterday's values.
 *
 * <p>Fails on any crash, hang, leak, -Xcheck:jni warning or contract violation, and says which class
 * of bug each one belongs to (the mode of the child that crashed; the class each violation names).
 * Options: {@code -Dmymodule.cfuzz.ops=100000}, {@code -Dmymodule.cfuzz.seed=<seed>} (the same seed
 * gives each thread the same operations; the interleaving differs from run to run). The summary and
 * every child's replay command go to target/cfuzz/summary.txt. Natively only.
 */
class ConcurrencyFuzzTest {
    /** One child JVM: its mode, its share of the operations, its SIMD cap (null: the best this CPU has). */
    static final class Child {
        final ConcurrencyFuzz.Mode mode;
        final double share;
        final String simd;

        Child(ConcurrencyFuzz.Mode mode, double share, String simd) {
            this.mode = mode;
            this.share = share;
            this.simd = simd;
        }

        String name() {
            return mode + (simd == null ? "" : "-" + simd);
        }
    }

    static final List<Child> CHILDREN = Arrays.asList(
            new Child(ConcurrencyFuzz.Mode.threads, 0.18, null),
            new Child(ConcurrencyFuzz.Mode.callbacks, 0.14, null),
            new Child(ConcurrencyFuzz.Mode.views, 0.06, null),
            new Child(ConcurrencyFuzz.Mode.pointerApi, 0.12, null),
            new Child(ConcurrencyFuzz.Mode.arguments, 0.12, null),
            new Child(ConcurrencyFuzz.Mode.extremes, 0.06, null),
            new Child(ConcurrencyFuzz.Mode.extremes, 0.06, "avx2"),
            new Child(ConcurrencyFuzz.Mode.extremes, 0.06, "baseline"),
            new Child(ConcurrencyFuzz.Mode.mixed, 0.20, null));

    @Test void sharedObjectsSurviveThreadsCloseCallbacksViewsAndTheGc() throws Exception {
        assumeTrue(ChildJvm.native_(), "the fuzzer runs natively only, not under emulation");
        long ops = Long.getLong("mymodule.cfuzz.ops", 100_000);
        long seed = Long.getLong("mymodule.cfuzz.seed", System.nanoTime() & 0xffffffffL);
        Path dir = Paths.get("target", "cfuzz").toAbsolutePath();
        if (Files.isDirectory(dir)) {
            try (java.util.stream.Stream<Path> old = Files.list(dir)) {
                for (Path f : (Iterable<Path>) old::iterator) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(dir);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Result> results = new ArrayList<>();
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (Child child : CHILDREN) {
                long childOps = Math.max(1, Math.round(ops * child.share));
                futures.add(pool.submit(() -> Result.run(dir, child, seed, childOps)));
            }
            for (Future<Result> f : futures) {
                results.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, List<String>> byClass = new TreeMap<>();
        long total = 0;
        StringBuilder summary = new StringBuilder("seed " + seed + ", " + CHILDREN.size() + " child JVMs, "
                + String.format("%.1f s", (System.nanoTime() - started) / 1e9) + "\n");
        for (Result r : results) {
            total += r.ops;
            summary.append(String.format("%-22s %7d ops %6.1f s  exit %d  %s%n", r.child.name(), r.ops, r.seconds, r.exit, r.log));
            summary.append("  replay: ").append(r.replay).append('\n');
            r.problems.forEach((cls, list) -> byClass.computeIfAbsent(cls, k -> new ArrayList<>()).addAll(list));
        }
        StringBuilder report = new StringBuilder();
        int count = 0;
        for (Map.Entry<String, List<String>> e : byClass.entrySet()) {
            count += e.getValue().size();
            report.append(describe(e.getKey(), e.getValue()));
        }
        summary.append(report);
        byClass.forEach((cls, list) -> list.forEach(p -> summary.append(cls).append(" | ").append(p).append('\n')));
        Files.write(dir.resolve("summary.txt"), summary.toString().getBytes(StandardCharsets.UTF_8));
        if (count > 0) {
            fail(count + " problems in " + byClass.size() + " classes of boundary bug (seed " + seed + "; all of them and the replay"
                    + " commands in " + dir.resolve("summary.txt") + "):" + report);
        }
        assertTrue(total >= ops, "operations made: " + total + " of " + ops);
    }

    /**
     * One class's problems, for people: crashes, hangs, leaks and JNI errors first, then each kind of
     * contract violation once (numbers, addresses and array contents taken out) with how often it came.
     */
    static String describe(String cls, List<String> problems) {
        List<String> severe = new ArrayList<>();
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        for (String p : problems) {
            if (p.contains("the child JVM ") || p.contains("HANG ") || p.contains("LEAK ") || p.contains("-Xcheck:jni")) {
                severe.add(p);
            } else {
                String kind = p.replaceAll("\\{[^}]*\\}", "{...}").replaceAll("@[0-9a-f]+", "").replaceAll("-?[0-9][0-9.E+-]*", "N");
                kinds.computeIfAbsent(kind, k -> new ArrayList<>()).add(p);
            }
        }
        StringBuilder b = new StringBuilder("\n").append(cls).append(": ").append(severe.size()).append(" crash(es), hang(s), leak(s) or JNI error(s), ")
                .append(problems.size() - severe.size()).append(" contract violation(s) of ").append(kinds.size()).append(" kind(s)\n");
        severe.stream().distinct().limit(6).forEach(p -> b.append("    ").append(cut(p)).append('\n'));
        kinds.entrySet().stream().sorted((x, y) -> y.getValue().size() - x.getValue().size()).limit(8)
                .forEach(k -> b.append("    ").append(k.getValue().size()).append(" x ").append(cut(k.getValue().get(0))).append('\n'));
        return b.toString();
    }

    private static String cut(String p) {
        return p.length() > 600 ? p.substring(0, 600) + "..." : p;
    }

    /** One child's run and what its output says, problems grouped by class of bug. */
    static final class Result {
        Child child;
        long ops;
        int exit;
        double seconds;
        Path log;
        String replay;
        final Map<String, List<String>> problems = new LinkedHashMap<>();

        void add(String cls, String problem) {
            problems.computeIfAbsent(cls, k -> new ArrayList<>()).add(problem);
        }

        static Result run(Path dir, Child child, long seed, long ops) throws Exception {
            Result r = new Result();
            r.child = child;
            r.log = dir.resolve(child.name() + ".log");
            List<String> command = ChildJvm.command(ConcurrencyFuzz.class.getName(), false, Arrays.asList("-Xcheck:jni", "-Xmx256m",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ErrorLogTimeout=10",  // a crash report may hang on corrupted memory
                    "-XX:ErrorFile=" + dir.resolve("hs_err_" + child.name() + "_pid%p.log")),
                    child.mode.name(), Long.toString(seed), Long.toString(ops));
            Map<String, String> env = new LinkedHashMap<>();
            env.put("MALLOC_PERTURB_", "165");
            env.put("MALLOC_MMAP_THRESHOLD_", "32768");
            if (child.simd != null) {
                env.put("MYMODULE_SIMD", child.simd);
            }
            r.replay = ChildJvm.shell(command, env);
            long start = System.nanoTime();
            r.exit = ChildJvm.run(command, r.log, 600, env);
            r.seconds = (System.nanoTime() - start) / 1e9;
            List<String> lines = Files.readAllLines(r.log, StandardCharsets.ISO_8859_1);
            String modeClass = child.mode.bug == null ? "[mixed: every class]" : child.mode.bug.toString();
            Map<String, String> lastOps = new TreeMap<>();
            List<String> other = new ArrayList<>();
            String frame = null;
            boolean ended = false;
            java.util.Set<Integer> taken = new java.util.HashSet<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("OP ")) {
                    r.ops++;
                    String[] parts = line.split(" ", 4);
                    lastOps.put("thread " + parts[1], line);
                } else if (line.startsWith("BAD [")) {
                    int close = line.indexOf(']');
                    r.add(line.substring(4, close + 1), child.name() + ": " + line.substring(close + 2));
                } else if (line.startsWith("BAD ")) {
                    r.add(modeClass, child.name() + ": " + line.substring(4));
                } else if (line.startsWith("LEAK ") || line.startsWith("HANG ")) {
                    r.add(modeClass, child.name() + ": " + line);
                } else if (line.startsWith("WARNING in native method") || line.startsWith("FATAL ERROR in native method")) {
                    if (!knownWarning(lines, i, taken)) {
                        // a call from native code into Java (a listener, the translation of its exception) is about listeners
                        boolean callback = line.contains("CallObjectMethod") || line.contains("CallBooleanMethod");
                        r.add(callback ? ConcurrencyFuzz.Bug.LISTENER_EXCEPTIONS.toString() : modeClass,
                                child.name() + ": -Xcheck:jni: " + line + nextFrame(lines, i));
                    }
                } else if (line.startsWith("END ")) {
                    ended = true;
                } else if (line.startsWith("# Problematic frame:") && i + 1 < lines.size()) {
                    frame = lines.get(i + 1).substring(1).trim();
                } else if (!line.startsWith("#") && !line.startsWith("SEED ") && !line.trim().startsWith("at ") && !line.trim().isEmpty()
                        && !line.startsWith("STAT ")) {
                    other.add(line.trim());  // glibc's "double free", "malloc(): corrupted ...", and the like
                }
            }
            if (r.exit != 0 || !ended) {
                String how = r.exit == -1 ? "timed out" : r.exit == 3 ? "found a hang" : r.exit == 134 ? "aborted (SIGABRT)" : "exited with " + r.exit;
                r.add(modeClass, child.name() + ": the child JVM " + how + (frame != null ? " in " + frame : "")
                        + (other.isEmpty() ? "" : "; it said: " + String.join(" / ", other.subList(Math.max(0, other.size() - 3), other.size())))
                        + "; last operations: " + lastOps.values() + " (log " + r.log + ")");
            }
            if (r.problems.isEmpty()) {
                List<String> kept = new ArrayList<>();  // the operation log only names a crash
                for (String line : lines) {
                    if (!line.startsWith("OP ")) {
                        kept.add(line);
                    }
                }
                Files.write(r.log, kept, StandardCharsets.ISO_8859_1);
            }
            return r;
        }

        /**
         * JavaCPP's one known -Xcheck:jni warning (see FuzzTest.knownJavaCppWarning). Here other threads print
         * between a warning and its stack, even inside another warning's stack: a warning's own frame is the
         * first native frame of ours after it that no earlier warning took.
         */
        static boolean knownWarning(List<String> lines, int i, java.util.Set<Integer> taken) {
            for (int j = i + 1; j < Math.min(lines.size(), i + 80); j++) {
                String l = lines.get(j).trim();
                if (l.startsWith("at org.mymodule.") && l.endsWith("(Native Method)") && taken.add(j)) {
                    return FuzzTest.knownJavaCppWarning(Arrays.asList(lines.get(i), lines.get(j)), 0);
                }
            }
            return false;
        }

        static String nextFrame(List<String> lines, int i) {
            for (int j = i + 1; j < Math.min(lines.size(), i + 8); j++) {
                if (lines.get(j).trim().startsWith("at ")) {
                    return " " + lines.get(j).trim();
                }
            }
            return "";
        }
    }
}
