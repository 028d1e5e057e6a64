package org.mymodule;

import java.awt.image.BufferedImage;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import org.bytedeco.javacpp.BoolPointer;
import org.bytedeco.javacpp.BooleanPointer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.CLongPointer;
import org.bytedeco.javacpp.CharPointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * The bad-input fuzzer's child JVM: calls every public constructor and method of mymodule (found
 * by {@link Api}) with random and boundary arguments, and checks that each call returns or throws
 * one of the contract's exception types with a message. FuzzTest runs it in batches and turns a
 * crash into a failure naming the call: each call is printed, flushed, before it is made.
 *
 * <p>Replay a batch: {@code java -Xcheck:jni -cp <test class path> org.mymodule.Fuzz <seed> <calls>}
 * (FuzzTest prints the exact command); add {@code quiet} to print only problems.
 *
 * <p>Output lines: {@code CALL n description} before each call, {@code BAD description -> exception}
 * for a contract violation, {@code SKIP member: reason} for members it cannot call, {@code LEAK ...},
 * {@code STAT member calls returned exceptions...}, and last {@code END calls=n bad=m}.
 */
public final class Fuzz {
    /** The exception types the contract allows (docs/how-it-works.md, Safety), plus the listener's own exception. */
    static final List<Class<? extends Throwable>> CONTRACT = Arrays.asList(
            NullPointerException.class, IllegalArgumentException.class, IndexOutOfBoundsException.class,
            IllegalStateException.class, ArithmeticException.class, CancellationException.class,
            OutOfMemoryError.class, UnsupportedOperationException.class, ListenerFailure.class);

    /**
     * Findings the fuzzer would otherwise hit on every run, reported and waiting for their owners: these
     * members get only sane (small) numbers; every other argument is still fuzzed. Remove an entry once
     * the kernel refuses what makes it run "forever".
     */
    static final Map<String, String> BOUNDED_NUMBERS = new TreeMap<>();

    static {
        String step = "runs steps x n^2 interactions with no upper bound on steps: step(2^31) on a valid system takes"
                + " hours and cannot be stopped without a listener (fuzzer finding)";
        BOUNDED_NUMBERS.put("NBody.step(int)", step);
        BOUNDED_NUMBERS.put("NBody.step(int, ProgressListener)", step);
        BOUNDED_NUMBERS.put("NBody.plummer(int, long)", "accepts any n >= 1: plummer(6e7) fills 1.7 GB and took over"
                + " 20 s here, larger n more (fuzzer finding)");
        BOUNDED_NUMBERS.put("new NBody(int)", "accepts n up to 2^26: new NBody(5.5e7) fills 3.3 GB, whose page faults"
                + " took over 20 s here on a loaded machine");
        BOUNDED_NUMBERS.put("Images.resize(BufferedImage, int, int)", "accepts any size whose image fits the heap:"
                + " resize(4x21 grey, 160011239, 1) builds 16 bytes of coordinate tables per output column (2.5 GB)"
                + " and took over 20 s (fuzzer finding, seed 1833570777)");
    }

    /** One call longer than this is reported as a hang and ends the batch. */
    static final long HANG_NANOS = 20_000_000_000L;

    /** What the fuzzer's listeners throw on purpose; the call must rethrow this very object. */
    static final class ListenerFailure extends RuntimeException {
        ListenerFailure() {
            super("fuzz listener threw on purpose");
        }
    }

    private final Random random;
    private final PrintStream out;
    private final boolean quiet;
    private final List<Executable> members;
    /** Concrete classes, by the type they can stand for (a class and its public superclasses of ours). */
    private final Map<Class<?>, List<Class<?>>> implementations = new LinkedHashMap<>();
    /** Everything created for the current call, closed after it. */
    private final List<AutoCloseable> garbage = new ArrayList<>();
    private final Map<String, int[]> stats = new TreeMap<>();
    private final Map<String, Map<String, Integer>> thrown = new TreeMap<>();
    private final Map<String, String> skipped = new TreeMap<>();
    private volatile String current = "";
    private volatile long startedAt = 0;
    private long calls;
    private long bad;

    Fuzz(long seed, PrintStream out, boolean quiet) {
        this.random = new Random(seed);
        this.out = out;
        this.quiet = quiet;
        List<Class<?>> classes = Api.classes();
        this.members = Api.members(classes);
        for (Class<?> cls : classes) {
            if (cls.isInterface() || Modifier.isAbstract(cls.getModifiers()) || cls.getConstructors().length == 0) {
                continue;
            }
            for (Class<?> c = cls; c != null && c.getName().startsWith("org.mymodule."); c = c.getSuperclass()) {
                implementations.computeIfAbsent(c, k -> new ArrayList<>()).add(cls);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        long seed = Long.parseLong(args[0]);
        long calls = Long.parseLong(args[1]);
        boolean quiet = args.length > 2 && args[2].equals("quiet");
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, "UTF-8");
        Fuzz fuzz = new Fuzz(seed, out, quiet);
        fuzz.watchdog();
        out.println("SEED " + seed + " CALLS " + calls + " MEMBERS " + fuzz.members.size());
        fuzz.run(calls);
        fuzz.report();
        out.flush();
        System.exit(0);
    }

    /** Ends the JVM (exit code 3) when one call runs longer than {@link #HANG_NANOS}. */
    void watchdog() {
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                long started = startedAt;
                if (started != 0 && System.nanoTime() - started > HANG_NANOS) {
                    out.println("HANG " + current);
                    out.flush();
                    Runtime.getRuntime().halt(3);
                }
            }
        }, "fuzz-watchdog");
        t.setDaemon(true);
        t.start();
    }

    void run(long n) throws InterruptedException {
        NativeLeakCheck.Counters baseline = new NativeLeakCheck.Counters();
        for (Executable m : members) {
            stats.put(Api.describe(m), new int[2]);
        }
        while (calls < n) {
            Executable member = members.get(random.nextInt(members.size()));
            if (member instanceof Method && !Modifier.isStatic(member.getModifiers())) {
                // A receiver gets a short sequence of calls, so later calls see the state earlier ones left.
                Object receiver = receiver(member.getDeclaringClass(), Api.describe(member));
                if (receiver == null) {
                    continue;
                }
                int sequence = 1 + random.nextInt(4);
                for (int i = 0; i < sequence && calls < n; i++) {
                    call(member, receiver);
                    member = sameClassMethod(receiver.getClass());
                }
            } else {
                call(member, null);
            }
            closeGarbage();
        }
        NativeLeakCheck.Counters after = NativeLeakCheck.settle(baseline);
        if (!after.equals(baseline)) {
            out.println("LEAK before: " + baseline + ", after: " + after);
        }
    }

    /** Another public instance method declared by cls or one of its superclasses of ours. */
    private Executable sameClassMethod(Class<?> cls) {
        List<Executable> candidates = new ArrayList<>();
        for (Executable m : members) {
            if (m instanceof Method && !Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass().isAssignableFrom(cls)) {
                candidates.add(m);
            }
        }
        return candidates.get(random.nextInt(candidates.size()));
    }

    /** An instance to call methods of {@code type} on: built with sane arguments, sometimes closed. */
    private Object receiver(Class<?> type, String forMember) {
        Object receiver = construct(type);
        if (receiver == null) {
            skipped.putIfAbsent(forMember, "no receiver: no public constructor of " + type.getSimpleName()
                    + " or a subclass accepted sane arguments");
            return null;
        }
        if (receiver instanceof Pointer && random.nextInt(10) == 0) {
            ((Pointer) receiver).close();  // used after close
        }
        return receiver;
    }

    /** A new instance of type (or a concrete subclass) from its constructors with sane arguments, or null. */
    Object construct(Class<?> type) {
        if (type.isEnum()) {
            return constant(type);
        }
        List<Class<?>> classes = implementations.get(type);
        if (classes == null) {
            return null;
        }
        for (int attempt = 0; attempt < 8; attempt++) {
            Class<?> cls = classes.get(random.nextInt(classes.size()));
            Constructor<?>[] constructors = cls.getConstructors();
            Constructor<?> c = constructors[random.nextInt(constructors.length)];
            Object[] args = arguments(c, -1, true);
            try {
                Object o = c.newInstance(args);
                if (o instanceof AutoCloseable) {
                    garbage.add((AutoCloseable) o);
                }
                return o;
            } catch (ReflectiveOperationException | RuntimeException e) {
                // try other sane arguments
            }
        }
        return null;
    }

    /** One of an enum's constants (the generated C++ enums). */
    private Object constant(Class<?> type) {
        Object[] constants = type.getEnumConstants();
        return constants[random.nextInt(constants.length)];
    }

    /** One call: arguments chosen, described, printed and flushed, then made and judged. */
    private void call(Executable member, Object receiver) {
        String name = Api.describe(member);
        // Mostly one wild argument among sane ones (so each check is reached on its own), sometimes all wild.
        int parameters = member.getParameterCount();
        int mode = random.nextInt(10);
        int wild = parameters == 0 ? -1 : mode < 6 ? random.nextInt(parameters) : mode < 8 ? -2 : -1;
        Object[] args = arguments(member, wild, false);
        StringBuilder d = new StringBuilder();
        if (receiver != null) {
            d.append('[').append(describe(receiver)).append("] ");
        }
        d.append(name).append(" <- (");
        for (int i = 0; i < args.length; i++) {
            d.append(i > 0 ? ", " : "").append(describe(args[i]));
        }
        d.append(')');
        String description = d.toString();
        calls++;
        current = description;
        if (!quiet) {
            out.println("CALL " + calls + " " + description);
            out.flush();
        }
        int[] s = stats.get(name);
        s[0]++;
        startedAt = System.nanoTime();
        Throwable failure = null;
        Object result = null;
        try {
            if (member instanceof Constructor) {
                result = ((Constructor<?>) member).newInstance(args);
            } else {
                result = ((Method) member).invoke(receiver, args);
            }
        } catch (InvocationTargetException e) {
            failure = e.getCause();
        } catch (IllegalAccessException | InstantiationException | IllegalArgumentException e) {
            failure = new AssertionError("the fuzzer could not invoke it: " + e, e);
        } finally {
            startedAt = 0;
        }
        if (result instanceof AutoCloseable) {
            garbage.add((AutoCloseable) result);
        }
        if (failure == null) {
            s[1]++;
            return;
        }
        thrown.computeIfAbsent(name, k -> new TreeMap<>()).merge(failure.getClass().getSimpleName(), 1, Integer::sum);
        boolean allowed = false;
        for (Class<? extends Throwable> type : CONTRACT) {
            allowed |= type.isInstance(failure);
        }
        String message = failure.getMessage();
        if (!allowed || message == null || message.trim().isEmpty()) {
            bad++;
            out.println("BAD " + description + " -> " + failure
                    + (allowed ? " (empty message)" : " (not a contract type)"));
            out.flush();
        }
    }

    /**
     * Arguments for member: sane ones, except parameter {@code wild} (-2: all wild, -1: none) which
     * gets a random or boundary value.
     */
    private Object[] arguments(Executable member, int wild, boolean sane) {
        Class<?>[] types = member.getParameterTypes();
        Object[] args = new Object[types.length];
        boolean bounded = BOUNDED_NUMBERS.containsKey(Api.describe(member));
        for (int i = 0; i < types.length; i++) {
            boolean w = !sane && (wild == -2 || wild == i) && !(bounded && types[i].isPrimitive());
            args[i] = value(types[i], w, Api.describe(member));
        }
        return args;
    }

    private static final int[] INTS = {0, 1, -1, 2, 3, 7, 255, 256, 257, 1 << 16, 1 << 30, Integer.MAX_VALUE,
            Integer.MAX_VALUE - 1, Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -7};
    private static final long[] LONGS = {0, 1, -1, 2, 3, 256, 1L << 31, 1L << 32, 1L << 40, 1L << 62,
            Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE, Long.MIN_VALUE + 1, Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final double[] DOUBLES = {0.0, -0.0, 1, -1, 0.5, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Float.MAX_VALUE,
            Float.MIN_VALUE, 1e-30, 1e30, -1e30};

    /** A value of type t: sane (small positive sizes, finite numbers, live objects) or wild. */
    Object value(Class<?> t, boolean wild, String member) {
        if (t == int.class || t == Integer.class) {
            return wild ? (random.nextBoolean() ? INTS[random.nextInt(INTS.length)] : random.nextInt()) : 1 + random.nextInt(8);
        } else if (t == long.class || t == Long.class) {
            return wild ? (random.nextBoolean() ? LONGS[random.nextInt(LONGS.length)] : random.nextLong()) : 1L + random.nextInt(64);
        } else if (t == double.class || t == Double.class) {
            return wild ? wildDouble() : 0.25 + 4 * random.nextDouble();
        } else if (t == float.class || t == Float.class) {
            return (float) (double) (wild ? wildDouble() : 0.25 + 4 * random.nextDouble());
        } else if (t == boolean.class || t == Boolean.class) {
            return random.nextBoolean();
        } else if (t == byte.class || t == Byte.class) {
            return (byte) random.nextInt();
        } else if (t == short.class || t == Short.class) {
            return (short) (wild ? random.nextInt() : 1 + random.nextInt(8));
        } else if (t == char.class || t == Character.class) {
            return (char) random.nextInt(1 << 16);
        } else if (t == String.class) {
            if (!wild) {
                return "fuzz";
            }
            String[] strings = {null, "", "x", "\u0000", "\u00e9\u4e2d\ud83d\ude00", new String(new char[5000]).replace('\0', 'z')};
            return strings[random.nextInt(strings.length)];
        } else if (t.isArray() && t.getComponentType().isPrimitive()) {
            return array(t.getComponentType(), wild);
        } else if (t.isArray()) {
            if (wild && random.nextInt(3) == 0) {
                return random.nextBoolean() ? null : Array.newInstance(t.getComponentType(), 0);
            }
            int n = 1 + random.nextInt(4);
            Object a = Array.newInstance(t.getComponentType(), n);
            for (int i = 0; i < n; i++) {
                Array.set(a, i, value(t.getComponentType(), wild && random.nextInt(4) == 0, member));
            }
            return a;
        } else if (Pointer.class.isAssignableFrom(t) && t.getName().startsWith("org.bytedeco.javacpp.")) {
            return pointer(t, wild);
        } else if (Buffer.class.isAssignableFrom(t)) {
            return buffer(t, wild);
        } else if (t.isEnum()) {
            return wild && random.nextInt(4) == 0 ? null : constant(t);
        } else if (t.isInterface() && t.getName().startsWith("org.mymodule.")) {
            return wild && random.nextInt(4) == 0 ? null : callback(t, wild);
        } else if (t.getName().startsWith("org.mymodule.")) {
            return object(t, wild, member);
        } else if (t == BufferedImage.class) {
            return image(wild);
        }
        skipped.putIfAbsent(member + " parameter " + t.getName(), "no generator for this type: passes null only");
        return null;
    }

    private static final int[] IMAGE_TYPES = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_3BYTE_BGR,
            BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB};
    private static final int[] OTHER_IMAGE_TYPES = {BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_BYTE_BINARY,
            BufferedImage.TYPE_BYTE_INDEXED, BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_4BYTE_ABGR_PRE,
            BufferedImage.TYPE_USHORT_565_RGB};

    /**
     * An image of random pixels: sane (a type Images supports, 1 to 24 pixels a side) or wild (null,
     * another type, one pixel, one long row or column, a sub-image that starts inside its raster).
     */
    private BufferedImage image(boolean wild) {
        int type = IMAGE_TYPES[random.nextInt(IMAGE_TYPES.length)];
        int w = 1 + random.nextInt(24), h = 1 + random.nextInt(24);
        boolean sub = false;
        if (wild) {
            switch (random.nextInt(6)) {
                case 0: return null;
                case 1: type = OTHER_IMAGE_TYPES[random.nextInt(OTHER_IMAGE_TYPES.length)]; break;
                case 2: w = h = 1; break;
                case 3: w = 1 + random.nextInt(4096); h = 1; break;
                case 4: w = 1; h = 1 + random.nextInt(4096); break;
                default: sub = true; break;
            }
        }
        BufferedImage image = new BufferedImage(w, h, type);
        int[] argb = new int[w * h];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = random.nextInt();
        }
        image.setRGB(0, 0, w, h, argb, 0, w);
        if (!sub) {
            return image;
        }
        int x = random.nextInt(w), y = random.nextInt(h);
        return image.getSubimage(x, y, 1 + random.nextInt(w - x), 1 + random.nextInt(h - y));
    }

    private double wildDouble() {
        switch (random.nextInt(3)) {
            case 0: return random.nextGaussian() * 1e3;
            default: return DOUBLES[random.nextInt(DOUBLES.length)];
        }
    }

    /** A primitive array: sane (1 to 32 finite values) or wild (null, empty, short, long, NaN and infinities). */
    private Object array(Class<?> component, boolean wild) {
        int length;
        if (!wild) {
            length = 1 + random.nextInt(32);
        } else {
            switch (random.nextInt(6)) {
                case 0: return null;
                case 1: length = 0; break;
                case 2: length = 1; break;
                case 3: length = 2 + random.nextInt(2); break;
                case 4: length = random.nextInt(1024); break;
                default: length = random.nextInt(64); break;
            }
        }
        Object a = Array.newInstance(component, length);
        for (int i = 0; i < length; i++) {
            Array.set(a, i, element(component, wild && random.nextInt(4) == 0));
        }
        return a;
    }

    private Object element(Class<?> c, boolean wild) {
        if (c == float.class) {
            return (float) (wild ? wildDouble() : random.nextDouble() * 20 - 10);
        } else if (c == double.class) {
            return wild ? wildDouble() : random.nextDouble() * 20 - 10;
        } else if (c == int.class) {
            return wild ? INTS[random.nextInt(INTS.length)] : random.nextInt(16);
        } else if (c == long.class) {
            return wild ? LONGS[random.nextInt(LONGS.length)] : (long) random.nextInt(16);
        } else if (c == byte.class) {
            return (byte) random.nextInt();
        } else if (c == short.class) {
            return (short) (wild ? random.nextInt() : random.nextInt(16));
        } else if (c == char.class) {
            return (char) random.nextInt(1 << 16);
        } else {
            return random.nextBoolean();
        }
    }

    /** The JavaCPP Pointer type for each primitive array type (its element type). */
    private static final Map<Class<?>, Class<?>> POINTER_ELEMENTS = new LinkedHashMap<>();

    static {
        POINTER_ELEMENTS.put(FloatPointer.class, float.class);
        POINTER_ELEMENTS.put(DoublePointer.class, double.class);
        POINTER_ELEMENTS.put(IntPointer.class, int.class);
        POINTER_ELEMENTS.put(LongPointer.class, long.class);
        POINTER_ELEMENTS.put(ShortPointer.class, short.class);
        POINTER_ELEMENTS.put(CharPointer.class, char.class);
        POINTER_ELEMENTS.put(BytePointer.class, byte.class);
        POINTER_ELEMENTS.put(BooleanPointer.class, boolean.class);
        POINTER_ELEMENTS.put(BoolPointer.class, boolean.class);
        POINTER_ELEMENTS.put(SizeTPointer.class, long.class);
        POINTER_ELEMENTS.put(CLongPointer.class, long.class);
        POINTER_ELEMENTS.put(Pointer.class, byte.class);
    }

    /**
     * A JavaCPP Pointer: sane (1 to 32 values) or wild: null, address 0, closed, empty (position ==
     * limit), short, position past the limit, or a random length with NaN and infinities.
     */
    private Object pointer(Class<?> t, boolean wild) {
        Class<?> element = POINTER_ELEMENTS.get(t);
        if (element == null) {
            return null;
        }
        if (wild) {
            switch (random.nextInt(7)) {
                case 0: return null;
                case 1: return keep(newPointer(t, null));  // address 0
                case 2: {
                    Pointer p = newPointer(t, array(element, false));
                    p.close();
                    return p;
                }
                case 3: {
                    Pointer p = newPointer(t, array(element, false));
                    return p.position(p.limit());
                }
                case 4: {
                    Pointer p = newPointer(t, Array.newInstance(element, 3));
                    return p.position(4 + random.nextInt(100));  // past the limit
                }
                default: {
                    Object values = array(element, true);
                    return newPointer(t, values == null ? Array.newInstance(element, 1 + random.nextInt(3)) : values);
                }
            }
        }
        Pointer p = newPointer(t, array(element, false));
        return random.nextInt(4) == 0 ? p.position(random.nextInt((int) p.limit())) : p;
    }

    /** new T(values...) (T(Pointer) null when values is null), closed after the call. */
    private Pointer newPointer(Class<?> t, Object values) {
        try {
            if (t == Pointer.class) {
                t = BytePointer.class;
            }
            Pointer p;
            if (values == null) {
                p = (Pointer) t.getConstructor(Pointer.class).newInstance((Pointer) null);
            } else if (t == BoolPointer.class || t == SizeTPointer.class || t == CLongPointer.class) {
                int n = Array.getLength(values);
                p = (Pointer) t.getConstructor(long.class).newInstance((long) Math.max(n, 1));
                p.limit(n);
            } else {
                p = (Pointer) t.getConstructor(values.getClass()).newInstance(values);
            }
            return keep(p);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + t.getSimpleName(), e);
        }
    }

    private <T extends AutoCloseable> T keep(T o) {
        garbage.add(o);
        return o;
    }

    /** An NIO buffer: direct or heap, sliced, at its end, read-only, or null. */
    private Object buffer(Class<?> t, boolean wild) {
        int n = wild ? random.nextInt(5) : 1 + random.nextInt(32);
        boolean direct = random.nextBoolean();
        Buffer b;
        ByteBuffer bytes = (direct ? ByteBuffer.allocateDirect(8 * n + 8) : ByteBuffer.allocate(8 * n + 8)).order(ByteOrder.nativeOrder());
        if (t == FloatBuffer.class) {
            b = bytes.asFloatBuffer();
        } else if (t == DoubleBuffer.class) {
            b = bytes.asDoubleBuffer();
        } else if (t == IntBuffer.class) {
            b = bytes.asIntBuffer();
        } else if (t == LongBuffer.class) {
            b = bytes.asLongBuffer();
        } else if (t == ShortBuffer.class) {
            b = bytes.asShortBuffer();
        } else if (t == CharBuffer.class) {
            b = bytes.asCharBuffer();
        } else if (t == ByteBuffer.class || t == Buffer.class) {
            b = bytes;
        } else {
            return null;
        }
        if (t == FloatBuffer.class && !direct && random.nextBoolean()) {
            float[] a = new float[n + 2];
            b = FloatBuffer.wrap(a, 1, n).slice();  // arrayOffset != 0
        }
        if (!wild) {
            return b;
        }
        switch (random.nextInt(5)) {
            case 0: return null;
            case 1: return b.position(b.limit());
            case 2: return b.limit(0);
            case 3: return b instanceof FloatBuffer ? ((FloatBuffer) b).asReadOnlyBuffer() : b;
            default: return b.position(Math.min(1, b.limit()));
        }
    }

    /** One of our classes as argument: sane (a live instance) or wild (null, closed, or a listener that cancels or throws). */
    private Object object(Class<?> t, boolean wild, String member) {
        if (ProgressListener.class.isAssignableFrom(t) && t.isAssignableFrom(ProgressListener.class) && random.nextInt(3) > 0) {
            Progress.Callback callback = (Progress.Callback) callback(Progress.Callback.class, wild);
            return keep(Progress.listener(callback));
        }
        Object o = construct(t);
        if (o == null) {
            skipped.putIfAbsent(member + " parameter " + t.getSimpleName(), "cannot construct one: passes null only");
            return null;
        }
        if (wild) {
            switch (random.nextInt(3)) {
                case 0: return null;
                case 1:
                    if (o instanceof Pointer) {
                        ((Pointer) o).close();
                    }
                    return o;
                default: return o;
            }
        }
        return o;
    }

    /** An implementation of one of our interfaces: returns go-on values (sane), or cancels or throws at once (wild). */
    private Object callback(Class<?> t, boolean wild) {
        int behaviour = wild ? random.nextInt(3) : 0;  // 0: go on, 1: return false/0 at once, 2: throw at once
        return Proxy.newProxyInstance(t.getClassLoader(), new Class<?>[] {t}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                switch (method.getName()) {
                    case "equals": return proxy == args[0];
                    case "hashCode": return System.identityHashCode(proxy);
                    default: return "fuzz " + t.getSimpleName();
                }
            }
            if (behaviour == 2) {
                throw new ListenerFailure();
            }
            Class<?> r = method.getReturnType();
            if (r == boolean.class) {
                return behaviour == 0;
            } else if (r == void.class) {
                return null;
            } else if (r.isPrimitive()) {
                return r == float.class ? (Object) 0f : r == double.class ? (Object) 0.0 : r == long.class ? (Object) 0L
                        : r == char.class ? (Object) '\0' : r == byte.class ? (Object) (byte) 0 : r == short.class ? (Object) (short) 0 : (Object) 0;
            }
            return null;
        });
    }

    /** Short, readable: {@code float[3]{1.0, NaN, ...}}, {@code FloatPointer[position=4, limit=3]}. */
    static String describe(Object o) {
        if (o == null) {
            return "null";
        } else if (o instanceof String) {
            String s = (String) o;
            return s.length() > 20 ? "String(" + s.length() + " chars)" : "\"" + s.replace("\0", "\\0") + "\"";
        } else if (o.getClass().isArray()) {
            int n = Array.getLength(o);
            StringBuilder b = new StringBuilder(o.getClass().getComponentType().getSimpleName()).append('[').append(n).append("]{");
            for (int i = 0; i < Math.min(n, 4); i++) {
                b.append(i > 0 ? ", " : "").append(describe(Array.get(o, i)));
            }
            return b.append(n > 4 ? ", ...}" : "}").toString();
        } else if (o instanceof Pointer) {
            Pointer p = (Pointer) o;
            if (p.isNull()) {
                return o.getClass().getSimpleName() + "[address 0/closed]";
            }
            return o.getClass().getSimpleName() + "[position=" + p.position() + ", limit=" + p.limit() + ", capacity=" + p.capacity() + "]";
        } else if (o instanceof Buffer) {
            Buffer b = (Buffer) o;
            return o.getClass().getSimpleName() + "[position=" + b.position() + ", limit=" + b.limit() + (b.isDirect() ? ", direct" : "") + "]";
        } else if (Proxy.isProxyClass(o.getClass())) {
            return o.toString();
        } else if (o instanceof Float || o instanceof Double || o instanceof Number || o instanceof Boolean) {
            return String.valueOf(o);
        } else if (o instanceof Character) {
            return "'\\u" + String.format("%04x", (int) (Character) o) + "'";
        } else if (o instanceof BufferedImage) {
            BufferedImage image = (BufferedImage) o;
            return "BufferedImage[type=" + image.getType() + ", " + image.getWidth() + "x" + image.getHeight()
                    + (image.getRaster().getParent() != null ? ", sub-image" : "") + "]";
        }
        return o.getClass().getSimpleName();
    }

    /** Sane arguments for member (Soak uses them); what they allocate goes at the next {@link #closeGarbage()}. */
    Object[] saneArguments(Executable member) {
        return arguments(member, -1, true);
    }

    /** Takes o out of what {@link #closeGarbage()} closes: the caller owns it now. */
    void disown(Object o) {
        garbage.remove(o);
    }

    void closeGarbage() {
        for (int i = garbage.size() - 1; i >= 0; i--) {
            try {
                garbage.get(i).close();
            } catch (Exception e) {
                out.println("BAD close() of " + describe(garbage.get(i)) + " threw " + e);
                bad++;
            }
        }
        garbage.clear();
    }

    private void report() {
        for (Map.Entry<String, String> e : BOUNDED_NUMBERS.entrySet()) {
            skipped.put(e.getKey() + " numbers", "sane values only: " + e.getValue());
        }
        for (Map.Entry<String, String> e : skipped.entrySet()) {
            out.println("SKIP " + e.getKey() + ": " + e.getValue());
        }
        for (Map.Entry<String, int[]> e : stats.entrySet()) {
            out.println("STAT " + e.getKey() + " calls=" + e.getValue()[0] + " returned=" + e.getValue()[1]
                    + " threw=" + thrown.getOrDefault(e.getKey(), new TreeMap<>()));
        }
        out.println("END calls=" + calls + " bad=" + bad);
    }
}
