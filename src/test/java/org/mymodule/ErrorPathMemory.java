package org.mymodule;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;

/**
 * The error-path memory test's child JVM: every public method of ours that takes a Java array (found
 * by {@link Api}, so new ones are covered) is called many times with 8 MiB arrays in such a way that
 * it must fail: an enum or one of our objects passed as null or closed (the call fails after JNI has
 * copied the arrays), a closed receiver, or numbers C++ refuses. Nothing may stay behind: the resident
 * set (from /proc/self/status, after malloc_trim) and JavaCPP's and our counters must come back.
 *
 * <p>Prints {@code METHOD <member> <variant> calls=n threw=<types> rssGrowthKiB=k} per member and
 * variant, then {@code RESULT rssGrowthKiB=k counters=same|...}. Run by ErrorPathMemoryTest:
 * {@code MALLOC_MMAP_THRESHOLD_=131072 java -Xms512m -Xmx512m -XX:+AlwaysPreTouch -cp <test class path> org.mymodule.ErrorPathMemory 4}.
 */
public final class ErrorPathMemory {
    static final int BYTES = 8 << 20;
    private final Map<Class<?>, Object> arrays = new LinkedHashMap<>();
    private final Fuzz fuzz = new Fuzz(17, System.out, true);

    public static void main(String[] args) throws Exception {
        int calls = Integer.parseInt(args[0]);
        new ErrorPathMemory().run(calls);
        System.exit(0);
    }

    /** The members that take at least one primitive array. */
    static List<Executable> members() {
        List<Executable> found = new ArrayList<>();
        for (Executable m : Api.members(Api.classes())) {
            boolean array = false;
            for (Class<?> t : m.getParameterTypes()) {
                array |= t.isArray() && t.getComponentType().isPrimitive();
            }
            if (array && (m instanceof Method || !Modifier.isAbstract(m.getDeclaringClass().getModifiers()))) {
                found.add(m);
            }
        }
        return found;
    }

    /** How a call is made to fail: which arguments are null or closed, or which numbers are wrong. */
    enum Variant {
        NULL_OBJECT, CLOSED_OBJECT, CLOSED_RECEIVER, BAD_NUMBERS;

        boolean applies(Executable m) {
            boolean objects = false;
            for (Class<?> t : m.getParameterTypes()) {
                objects |= t.isEnum() || NativeObject.class.isAssignableFrom(t);
            }
            boolean instance = m instanceof Method && !Modifier.isStatic(m.getModifiers());
            switch (this) {
                case NULL_OBJECT: return objects;
                case CLOSED_OBJECT: return objectsOfOurs(m);
                case CLOSED_RECEIVER: return instance;
                default: return true;
            }
        }

        private static boolean objectsOfOurs(Executable m) {
            for (Class<?> t : m.getParameterTypes()) {
                if (NativeObject.class.isAssignableFrom(t)) {
                    return true;
                }
            }
            return false;
        }
    }

    void run(int calls) throws Exception {
        List<Executable> members = members();
        // Warm-up: every call once, so that JIT, class loading and JavaCPP's caches are at their size.
        for (Executable m : members) {
            for (Variant v : Variant.values()) {
                if (v.applies(m)) {
                    call(m, v);
                    fuzz.closeGarbage();
                }
            }
        }
        NativeLeakCheck.Counters baseline = NativeLeakCheck.settle(new NativeLeakCheck.Counters());
        Pointer.trimMemory();
        long start = rssKiB();
        System.out.println("START rssKiB=" + start + " counters=" + baseline + " members=" + members.size());
        for (Executable m : members) {
            for (Variant v : Variant.values()) {
                if (!v.applies(m)) {
                    continue;
                }
                if (rssKiB() - start > (512 << 10)) {
                    System.out.println("STOPPED after 512 MiB of growth (spares a shared machine): not measured: " + Api.describe(m) + " " + v);
                    continue;
                }
                Pointer.trimMemory();
                long before = rssKiB();
                Map<String, Integer> thrown = new LinkedHashMap<>();
                for (int i = 0; i < calls; i++) {
                    thrown.merge(call(m, v), 1, Integer::sum);
                    fuzz.closeGarbage();
                }
                Pointer.trimMemory();
                System.out.println("METHOD " + Api.describe(m) + " " + v + " calls=" + calls + " threw=" + thrown
                        + " rssGrowthKiB=" + (rssKiB() - before));
                System.out.flush();
            }
        }
        NativeLeakCheck.Counters after = NativeLeakCheck.settle(baseline);
        Pointer.trimMemory();
        System.out.println("RESULT rssGrowthKiB=" + (rssKiB() - start) + " counters="
                + (after.equals(baseline) ? "same" : "before: " + baseline + ", after: " + after));
    }

    /** One failing call; what it threw (or "returned"). */
    String call(Executable m, Variant v) throws IllegalAccessException, InstantiationException {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        boolean first = true;
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            if (t.isArray() && t.getComponentType().isPrimitive()) {
                args[i] = arrays.computeIfAbsent(t, k -> big(k.getComponentType()));
            } else if (t.isPrimitive()) {
                args[i] = number(t, v == Variant.BAD_NUMBERS ? -1 : 1);
            } else if (t.isEnum()) {
                args[i] = v == Variant.NULL_OBJECT ? null : t.getEnumConstants()[0];
            } else if (NativeObject.class.isAssignableFrom(t)) {
                Object o = v == Variant.NULL_OBJECT && first ? null : fuzz.construct(t);
                if (v == Variant.CLOSED_OBJECT && first && o != null) {
                    ((Pointer) o).close();
                }
                if (NativeObject.class.isAssignableFrom(t)) {
                    first = false;
                }
                args[i] = o;
            } else {
                args[i] = fuzz.value(t, false, Api.describe(m));
            }
        }
        Object receiver = null;
        if (m instanceof Method && !Modifier.isStatic(m.getModifiers())) {
            receiver = fuzz.construct(m.getDeclaringClass());
            if (receiver == null) {
                return "no receiver";
            }
            if (v == Variant.CLOSED_RECEIVER) {
                ((Pointer) receiver).close();
            }
        }
        try {
            Object r = m instanceof Constructor ? ((Constructor<?>) m).newInstance(args) : ((Method) m).invoke(receiver, args);
            if (r instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) r).close();
                } catch (Exception ignored) {
                    // not what this test measures
                }
            }
            return "returned";
        } catch (InvocationTargetException e) {
            return e.getCause().getClass().getSimpleName();
        }
    }

    private static Object number(Class<?> t, int value) {
        if (t == int.class) return value;
        if (t == long.class) return (long) value;
        if (t == double.class) return (double) value;
        if (t == float.class) return (float) value;
        if (t == short.class) return (short) value;
        if (t == byte.class) return (byte) value;
        if (t == char.class) return (char) Math.max(value, 0);
        return value > 0;
    }

    /** An 8 MiB array of the component type, every page written (so that a copy of it is resident). */
    private static Object big(Class<?> component) {
        int size = component == byte.class || component == boolean.class ? 1 : component == short.class || component == char.class ? 2
                : component == int.class || component == float.class ? 4 : 8;
        Object a = Array.newInstance(component, BYTES / size);
        for (int i = 0; i < Array.getLength(a); i += 512) {
            if (component == boolean.class) {
                Array.setBoolean(a, i, true);
            } else if (component == char.class) {
                Array.setChar(a, i, 'x');
            } else {
                Array.set(a, i, number(component, 1));
            }
        }
        return a;
    }

    static long rssKiB() throws IOException {
        return statusKiB("VmRSS");
    }

    /** A memory field of /proc/self/status (VmRSS: resident now, VmHWM: its peak), in KiB. */
    static long statusKiB(String field) throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.UTF_8)) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no " + field + " in /proc/self/status");
    }
}
