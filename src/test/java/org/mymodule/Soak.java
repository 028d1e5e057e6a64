package org.mymodule;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;

/**
 * The soak's child JVM: for each native class (a public NativeObject subclass, found by {@link Api}),
 * {@code cycles} times: construct it (its simplest public constructor, sane arguments), call one of
 * its methods, close it; then {@code cycles} objects dropped without close for the garbage collector.
 * Prints {@code RESULT rssGrowthKiB=... counters=same|...} after comparing with the state after a
 * warm-up of a tenth of the cycles. SoakTest runs it: {@code java -cp <test class path> org.mymodule.Soak 1000000}.
 */
public final class Soak {
    private final Fuzz arguments = new Fuzz(42, System.out, true);
    private final Random random = new Random(42);
    private final List<Constructor<?>> constructors = new ArrayList<>();
    private final List<List<Method>> methods = new ArrayList<>();

    /** Soaks the native classes whose name contains {@code only} (all with ""). */
    Soak(String only) {
        for (Class<?> cls : Api.classes()) {
            if (!cls.getName().contains(only) || !NativeObject.class.isAssignableFrom(cls) || Modifier.isAbstract(cls.getModifiers())
                    || cls.getConstructors().length == 0) {
                continue;
            }
            Constructor<?> simplest = null;
            for (Constructor<?> c : cls.getConstructors()) {
                boolean cast = c.getParameterCount() == 1 && Pointer.class.isAssignableFrom(c.getParameterTypes()[0]);
                if (!cast && (simplest == null || c.getParameterCount() < simplest.getParameterCount())) {
                    simplest = c;  // a Pointer cast constructor (the base class's) refuses every Pointer
                }
            }
            if (simplest == null) {
                continue;
            }
            List<Method> own = new ArrayList<>();
            for (Class<?> c = cls; c != NativeObject.class; c = c.getSuperclass()) {
                for (Method m : c.getDeclaredMethods()) {
                    if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && !m.isSynthetic()) {
                        own.add(m);
                    }
                }
            }
            own.sort(Comparator.comparing(Api::describe));
            constructors.add(simplest);
            methods.add(own);
        }
    }

    public static void main(String[] args) throws Exception {
        long cycles = Long.parseLong(args[0]);
        Soak soak = new Soak(args.length > 1 ? args[1] : "");
        for (Constructor<?> c : soak.constructors) {
            System.out.println("CLASS " + Api.describe(c));
        }
        NativeLeakCheck.Counters baseline = new NativeLeakCheck.Counters();
        soak.run(cycles / 10);  // warm-up: JIT, heap, malloc arenas and JavaCPP's caches reach their working size
        NativeLeakCheck.Counters warm = NativeLeakCheck.settle(baseline);
        Pointer.trimMemory();  // malloc_trim: what glibc keeps after a peak is not a leak
        long rss = rssKiB();
        System.out.println("WARM rssKiB=" + rss + " " + status() + " counters=" + warm);
        nativeMemory("baseline");
        long start = System.nanoTime();
        soak.run(cycles);
        NativeLeakCheck.Counters after = NativeLeakCheck.settle(baseline);
        long untrimmed = rssKiB() - rss;
        Pointer.trimMemory();
        long growth = rssKiB() - rss;
        System.out.println("END rssKiB=" + (rss + growth) + " " + status() + " counters=" + after);
        nativeMemory("summary.diff");
        System.out.printf("RESULT cycles=%d seconds=%.1f untrimmedGrowthKiB=%d rssGrowthKiB=%d counters=%s%n", cycles,
                (System.nanoTime() - start) / 1e9, untrimmed, growth, after.equals(baseline) ? "same" : "before: " + baseline + ", after: " + after);
        System.exit(0);
    }

    /** cycles create/use/close of each class, then cycles objects left to the garbage collector. */
    private static final boolean TRACE = Boolean.getBoolean("mymodule.soak.trace");

    void run(long cycles) throws ReflectiveOperationException, IOException {
        for (int k = 0; k < constructors.size(); k++) {
            for (long i = 0; i < cycles; i++) {
                try (Pointer p = create(k)) {
                    use(k, p);
                }
                arguments.closeGarbage();
                if (TRACE && i % 100_000 == 0) {
                    System.out.println("TRACE class " + k + " cycle " + i + " " + status());
                }
            }
        }
        for (long i = 0; i < cycles; i++) {
            create((int) (i % constructors.size()));  // dropped: JavaCPP's deallocator frees it after a GC
            arguments.closeGarbage();
            if (i % 20_000 == 19_999) {
                // A collection now and then bounds the objects waiting for one, so that the peak (and what
                // malloc keeps of it) is the same in the warm-up as later; the GC-free path is what is tested.
                System.gc();
                Pointer.deallocateReferences();
            }
            if (TRACE && i % 100_000 == 0) {
                System.out.println("TRACE dropped " + i + " " + status());
            }
        }
    }

    private Pointer create(int k) throws ReflectiveOperationException {
        Constructor<?> c = constructors.get(k);
        return (Pointer) c.newInstance(arguments.saneArguments(c));
    }

    private void use(int k, Pointer p) throws IllegalAccessException {
        List<Method> candidates = methods.get(k);
        if (candidates.isEmpty()) {
            return;
        }
        Executable m = candidates.get(random.nextInt(candidates.size()));
        try {
            Object result = ((Method) m).invoke(p, arguments.saneArguments(m));
            if (result instanceof Pointer && result != p) {
                ((Pointer) result).close();
            }
        } catch (InvocationTargetException e) {
            // an exception is fine here (the fuzzer judges them); only memory counts
        }
    }

    /** With -XX:NativeMemoryTracking=summary, the JVM's own account of its native memory (to tell JVM growth from ours). */
    static void nativeMemory(String command) throws Exception {
        if (!java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().toString().contains("NativeMemoryTracking")) {
            return;
        }
        Object out = java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                new Object[] {new String[] {command}}, new String[] {String[].class.getName()});
        System.out.println(out);
    }

    /** The resident set's parts (anonymous, file-backed, shared) from /proc/self/status. */
    static String status() throws IOException {
        StringBuilder s = new StringBuilder();
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("Rss")) {
                s.append(s.length() > 0 ? " " : "").append(line.replaceAll("\\s+", ""));
            }
        }
        return s.toString();
    }

    /** This process's resident set size, from /proc/self/status. */
    static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
