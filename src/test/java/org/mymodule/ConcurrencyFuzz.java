package org.mymodule;

import static org.mymodule.global.mymodule.liveObjects;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.mymodule.global.mymodule;
import org.mymodule.reference.Blobs;

/**
 * The concurrency and lifetime fuzzer's child JVM: two or more threads make random interleavings of
 * calls on SHARED native objects (one pool of each class {@link Api} finds, so a new class is covered),
 * close them from any thread, drop them for the garbage collector, call JavaCPP's inherited Pointer
 * methods on them, use views after their owner is gone, pass listeners that close, re-enter, cancel or
 * throw, and Pointer and NIO buffer arguments that are inconsistent or odd; between those rounds come
 * rounds whose results are compared with a serial run. {@link ConcurrencyFuzzTest} runs one child per
 * {@link Mode} under -Xcheck:jni and turns a crash, hang, leak or JNI warning into a failure tagged
 * with the {@link Bug} class of that mode.
 *
 * <p>The contract it enforces: no crash; every exception is IllegalArgumentException,
 * IllegalStateException (use during or after close(), or a conflicting concurrent call on one
 * object), NullPointerException only for a null argument, IndexOutOfBoundsException,
 * UnsupportedOperationException (inherited Pointer methods that would change our objects),
 * CancellationException, ArithmeticException, or exactly the Throwable one of this call's listeners
 * threw during this call; successful results equal a serial run; close() returns or throws
 * IllegalStateException, and is idempotent. Not generated (the caller's responsibility, like FFM's
 * restricted methods): alias pointers made with {@code new XPointer(ourObject)}, and the static
 * Pointer.free/memcpy/memset on our objects.
 *
 * <p>Replay: {@code java -Xcheck:jni -cp <test class path> org.mymodule.ConcurrencyFuzz <mode> <seed> <ops> [threads]}
 * (the test prints the exact command). The seed fixes each thread's sequence of operations, not the
 * interleaving. Output: {@code SEED}, {@code OP thread n description} flushed before each call,
 * {@code BAD [class] description}, {@code HANG}, {@code LEAK}, last {@code END ops=n bad=m}.
 */
public final class ConcurrencyFuzz {
    /** The classes of boundary bug this fuzzer tells apart (7, error-path leaks, is ErrorPathMemoryTest's); each failure names one. */
    enum Bug {
        EXTREMES("1 finite extreme values"),
        THREADS("2 one object, two threads (use, close, conflicting calls)"),
        CALLBACKS("3 callbacks that close or re-enter"),
        VIEWS("4 views and the GC"),
        POINTER_API("5 inherited Pointer API on our objects"),
        ARGUMENTS("6 Pointer and NIO buffer arguments"),
        LEAKS("7 error paths leak"),
        LISTENER_EXCEPTIONS("8 listener exceptions");

        final String label;

        Bug(String label) {
            this.label = label;
        }

        @Override public String toString() {
            return "[" + label + "]";
        }
    }

    /** What one child JVM fuzzes: one class of bug each, so a crash is attributed; mixed has them all. */
    enum Mode {
        threads(Bug.THREADS), callbacks(Bug.CALLBACKS), views(Bug.VIEWS), pointerApi(Bug.POINTER_API),
        arguments(Bug.ARGUMENTS), extremes(Bug.EXTREMES), mixed(null);

        final Bug bug;

        Mode(Bug bug) {
            this.bug = bug;
        }
    }

    /** One call longer than this is a hang (a deadlock, most likely) and ends the child. */
    static final long HANG_NANOS = 30_000_000_000L;

    /** Thrown by the fuzzer's listeners on purpose (an Error, which must reach the caller as well). */
    static final class ListenerError extends Error {
        ListenerError() {
            super("fuzz listener threw an Error on purpose");
        }
    }

    /** Who threw a listener's Throwable, at which total and when. */
    static final class Thrown {
        final ProgressListener listener;
        final long total;
        final long seq;

        Thrown(ProgressListener listener, long total, long seq) {
            this.listener = listener;
            this.total = total;
            this.seq = seq;
        }
    }

    static final AtomicLong CLOCK = new AtomicLong();
    /** The last Throwable a fuzz listener threw on this thread: a direct onProgress call must not swallow it. */
    static final ThreadLocal<Throwable> THROWN_ON_THIS_THREAD = new ThreadLocal<>();
    /** Every Throwable a fuzz listener threw (identity), and those a call has already received. */
    static final Map<Throwable, Thrown> THROWN = Collections.synchronizedMap(new IdentityHashMap<>());
    static final Set<Throwable> DELIVERED = Collections.newSetFromMap(Collections.synchronizedMap(new IdentityHashMap<>()));

    final Mode mode;
    final long seed;
    final int threads;
    final PrintStream out;
    final Ctx[] ctxs;
    /** For calls made from inside a listener (judged, never printed as operations). */
    final Ctx reentry;
    final Random random;
    final AtomicLong ops = new AtomicLong();
    final AtomicLong bad = new AtomicLong();
    final List<Executable> members;
    /** Concrete native classes (public NativeObject subclasses we can make) and their shared slots. */
    final Map<Class<?>, AtomicReferenceArray<Object>> pool = new LinkedHashMap<>();
    final AtomicReferenceArray<FloatPointer> views = new AtomicReferenceArray<>(3);
    final Map<ProgressListener, Logic> logics = Collections.synchronizedMap(new IdentityHashMap<>());
    /** Every object the pool ever held, closed at the end (dropped ones too, unless collected). */
    final List<Object> everything = Collections.synchronizedList(new ArrayList<>());

    /** One worker's state: its random sequence, its own value generator, what it is doing now. */
    final class Ctx {
        final int index;
        final Random r;
        final Fuzz fuzz;
        volatile String current = "";
        volatile long startedAt;
        long n;

        Ctx(int index) {
            this.index = index;
            this.r = new Random(seed * 1_000_003L + index);
            this.fuzz = new Fuzz(seed * 7919L + index, out, true);
        }
    }

    /** One call being judged. */
    final class Call {
        final Ctx c;
        final Bug bug;
        final String description;
        final List<ProgressListener> listeners = new ArrayList<>();
        boolean nullArgument;
        long expectedTotal = -1;
        long startSeq;

        Call(Ctx c, Bug bug, String description) {
            this.c = c;
            this.bug = bug;
            this.description = description;
        }

        Call listener(ProgressListener l, Object target, long total) {
            if (l != null) {
                listeners.add(l);
                Logic logic = logics.get(l);
                if (logic != null) {
                    logic.target = target;
                }
            }
            expectedTotal = total;
            return this;
        }
    }

    static final Object FAILED = new Object();

    ConcurrencyFuzz(Mode mode, long seed, int threads, PrintStream out) {
        this.mode = mode;
        this.seed = seed;
        this.threads = threads;
        this.out = out;
        this.random = new Random(seed);
        List<Class<?>> classes = Api.classes();
        this.members = Api.members(classes);
        for (Class<?> cls : classes) {
            if (NativeObject.class.isAssignableFrom(cls) && !Modifier.isAbstract(cls.getModifiers()) && cls.getConstructors().length > 0) {
                pool.put(cls, new AtomicReferenceArray<>(2));
            }
        }
        this.ctxs = new Ctx[Math.max(3, threads)];  // rounds may use one more thread than the chaos
        for (int i = 0; i < ctxs.length; i++) {
            ctxs[i] = new Ctx(i);
        }
        this.reentry = new Ctx(-1);
    }

    public static void main(String[] args) throws Exception {
        Mode mode = Mode.valueOf(args[0]);
        long seed = Long.parseLong(args[1]);
        long ops = Long.parseLong(args[2]);
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, "UTF-8");
        ConcurrencyFuzz fuzz = new ConcurrencyFuzz(mode, seed, threads, out);
        out.println("SEED " + seed + " MODE " + mode + " OPS " + ops + " THREADS " + threads + " SIMD " + mymodule.simdPath()
                + " CLASSES " + fuzz.pool.keySet().stream().map(Class::getSimpleName).reduce((a, b) -> a + "," + b).orElse(""));
        out.flush();
        fuzz.watchdog();
        NativeLeakCheck.Counters baseline = new NativeLeakCheck.Counters();
        fuzz.run(ops);
        fuzz.finish(baseline);
        out.println("END ops=" + fuzz.ops.get() + " bad=" + fuzz.bad.get());
        out.flush();
        System.exit(0);
    }

    // ---------------------------------------------------------------------------------------------
    // Driver: rounds of random operations on the shared pool, and rounds checked against a serial run.

    void run(long target) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            int round = 0;
            while (ops.get() < target) {
                round++;
                if (round % 4 == 0 && mode != Mode.extremes && mode != Mode.arguments) {
                    consistencyRound();
                } else {
                    chaosRound(workers);
                }
            }
        } finally {
            workers.shutdownNow();
        }
    }

    /** Each thread makes 40 random operations of this mode on the shared pool. */
    void chaosRound(ExecutorService workers) throws Exception {
        inParallel(workers, c -> {
            for (int i = 0; i < 40; i++) {
                operation(c);
                c.fuzz.closeGarbage();
            }
        });
    }

    void inParallel(ExecutorService workers, Consumer<Ctx> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (Ctx c : Arrays.asList(ctxs).subList(0, threads)) {
            futures.add(workers.submit(() -> {
                start.await();
                task.accept(c);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    /** Runs one task per given index on its own thread, all started together; returns when all end. */
    void together(List<Consumer<Ctx>> tasks) throws Exception {
        CyclicBarrier start = new CyclicBarrier(tasks.size());
        List<Thread> ts = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int i = 0; i < tasks.size(); i++) {
            Ctx c = ctxs[i];
            Consumer<Ctx> task = tasks.get(i);
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    task.accept(c);
                } catch (Throwable e) {
                    failure[0] = e;
                }
            }, "fuzz-round-" + i);
            t.setDaemon(true);
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        if (failure[0] != null) {
            throw new IllegalStateException("a round's task failed in the fuzzer itself", failure[0]);
        }
    }

    /** A random operation from this mode's table. */
    void operation(Ctx c) {
        Random r = c.r;
        switch (mode) {
            case threads:
                pickOf(c, new int[] {6, 6, 4, 5, 2, 6, 4, 4, 3, 8, 3, 1}, this::kmFit, this::kmRead, this::nbStep, this::nbRead,
                        this::nbSet, this::rsAdd, this::rsRead, this::psum, this::momentsInto, this::reflectSane, this::closeAny,
                        this::replace);
                break;
            case callbacks:
                pickOf(c, new int[] {6, 6, 8, 2, 6, 3, 2, 2, 2, 2}, this::kmFit, this::nbStep, this::psum, this::directOnProgress,
                        this::reflectSane, this::closeListener, this::closeAny, this::kmRead, this::nbRead, this::rsAdd);
                break;
            case views:
                pickOf(c, new int[] {4, 10, 2, 3, 3, 1, 2}, this::view, this::viewRead, this::nbStep, this::closeNBody,
                        this::replaceNBody, this::gc, this::reflectSane);
                break;
            case pointerApi:
                pickOf(c, new int[] {10, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3}, this::inherited, this::kmFit, this::kmRead, this::nbStep,
                        this::nbRead, this::rsAdd, this::rsRead, this::psum, this::momentsInto, this::closeAny, this::replace,
                        this::reflectSane);
                break;
            case arguments:
                pickOf(c, new int[] {10, 8, 6, 1}, this::badPointerArgument, this::buffers, this::reflectWild, this::rsAdd);
                break;
            case extremes:
                pickOf(c, new int[] {6, 4, 4, 3, 1}, this::extremeKMeans, this::extremeAssign, this::extremeStats, this::extremeSum,
                        this::extremeNBody);
                break;
            default:
                pickOf(c, new int[] {4, 4, 3, 3, 3, 4, 2, 4, 2, 5, 2, 1, 2, 3, 1, 3, 3, 3, 2, 1, 1, 2, 2},
                        this::kmFit, this::kmRead, this::nbStep, this::nbRead, this::nbSet, this::rsAdd, this::rsRead, this::psum,
                        this::momentsInto, this::reflectSane, this::closeAny, this::replace, this::directOnProgress, this::closeListener,
                        this::gc, this::view, this::viewRead, this::inherited, this::badPointerArgument, this::buffers,
                        this::extremeKMeans, this::extremeAssign, this::reflectWild);
                break;
        }
    }

    @SafeVarargs
    private final void pickOf(Ctx c, int[] weights, Consumer<Ctx>... operations) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int x = c.r.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                operations[i].accept(c);
                return;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Calls and their judgement.

    /** Makes one call: printed and flushed first, then run and judged; its result, or FAILED. */
    Object attempt(Call call, Callable<Object> body) {
        Ctx c = call.c;
        long n = ops.incrementAndGet();
        c.n++;
        out.println("OP " + c.index + " " + n + " " + call.description);
        out.flush();
        c.current = call.description;
        call.startSeq = CLOCK.incrementAndGet();
        c.startedAt = System.nanoTime();
        Object result;
        Throwable failure = null;
        try {
            result = body.call();
        } catch (InvocationTargetException e) {
            failure = e.getCause();
            result = FAILED;
        } catch (Throwable e) {
            failure = e;
            result = FAILED;
        } finally {
            c.startedAt = 0;
        }
        if (failure != null) {
            judge(call, failure);
        }
        // A shared listener's throw in another thread's operation cannot be told from one in this call unless
        // the totals differ; sharedListenerRound checks that a call whose listener threw does not return.
        return result;
    }

    void judge(Call call, Throwable t) {
        Thrown info = THROWN.get(t);
        if (info != null) {
            String why = null;
            if (!call.listeners.contains(info.listener)) {
                why = "a Throwable thrown by a listener this call was not given (stale, or another operation's)";
            } else if (info.seq < call.startSeq) {
                why = "a stale Throwable, thrown by the listener before this call began";
            } else if (call.expectedTotal >= 0 && info.total != call.expectedTotal) {
                why = "another operation's Throwable: thrown at total " + info.total + ", this call reports total " + call.expectedTotal;
            } else if (!DELIVERED.add(t)) {
                why = "a Throwable another call already received";
            }
            if (why != null) {
                bad(Bug.LISTENER_EXCEPTIONS, call.description + " -> " + t + ": " + why);
            }
            return;
        }
        for (Throwable cause = t.getCause(); cause != null; cause = cause.getCause()) {
            if (THROWN.containsKey(cause)) {
                bad(Bug.LISTENER_EXCEPTIONS, call.description + " -> " + t + ": the listener's Throwable wrapped, not rethrown as the same object");
                return;
            }
        }
        String message = t.getMessage();
        if (!call.listeners.isEmpty() && message != null && (message.contains("fuzz listener threw") || message.contains(ListenerError.class.getSimpleName()))) {
            bad(Bug.LISTENER_EXCEPTIONS, call.description + " -> " + t + ": a copy of the listener's Throwable, not the same object");
            return;
        }
        if (t instanceof NullPointerException) {
            if (!call.nullArgument) {
                bad(call.bug, call.description + " -> " + t + ": NullPointerException without a null argument"
                        + (message != null && message.contains("address is NULL") ? " (a closed object read as a NULL address; expected IllegalStateException)" : ""));
            }
            return;
        }
        // OutOfMemoryError as in Fuzz.CONTRACT: Images.resize(img, 186204904, 3) asks for a 558 MB image, more than the child's heap.
        boolean typed = t instanceof IllegalArgumentException || t instanceof IllegalStateException || t instanceof IndexOutOfBoundsException
                || t instanceof UnsupportedOperationException || t instanceof CancellationException || t instanceof ArithmeticException
                || t instanceof OutOfMemoryError;
        if (!typed) {
            bad(call.bug, call.description + " -> " + t + ": not a contract type" + where(t));
        } else if (message == null || message.trim().isEmpty()) {
            bad(call.bug, call.description + " -> " + t + ": no message" + where(t));
        }
    }

    private static String where(Throwable t) {
        StackTraceElement[] s = t.getStackTrace();
        return s.length == 0 ? "" : " at " + s[0];
    }

    void bad(Bug bug, String what) {
        bad.incrementAndGet();
        synchronized (out) {
            out.println("BAD " + bug + " " + what);
            out.flush();
        }
    }

    /** Whether a value counts as a null argument: null, or one of JavaCPP's Pointers (not ours) at address 0. */
    static boolean nullish(Object o) {
        return o == null || (o instanceof Pointer && !(o instanceof NativeObject) && ((Pointer) o).isNull());
    }

    static String describe(Object o) {
        if (o instanceof NativeObject) {
            return o.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(o));
        }
        return Fuzz.describe(o);
    }

    // ---------------------------------------------------------------------------------------------
    // The shared pool.

    @SuppressWarnings("unchecked")
    <T> T pick(Ctx c, Class<T> type) {
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> cls : pool.keySet()) {
            if (type.isAssignableFrom(cls)) {
                candidates.add(cls);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        Class<?> cls = candidates.get(c.r.nextInt(candidates.size()));
        AtomicReferenceArray<Object> slots = pool.get(cls);
        int i = c.r.nextInt(slots.length());
        Object o = slots.get(i);
        if (o == null) {
            Object made = fresh(c, cls);
            if (made == null) {
                return null;
            }
            if (!slots.compareAndSet(i, null, made)) {
                close(made);
            }
            o = slots.get(i);
        }
        return (T) o;
    }

    Object pickAny(Ctx c) {
        return pick(c, NativeObject.class);
    }

    /** A new object of cls, set up for the fuzz: small, valid, its listener logic registered. */
    Object fresh(Ctx c, Class<?> cls) {
        Random r = c.r;
        Object o;
        if (cls == KMeans.class) {
            o = new KMeans(3).seed(r.nextInt(100)).threads(1 + r.nextInt(2)).maxIterations(5 + r.nextInt(15));
        } else if (cls == NBody.class) {
            o = NBody.plummer(mode == Mode.views ? 3000 : 8 + r.nextInt(40), r.nextInt(100)).threads(1 + r.nextInt(2));
        } else if (cls == ProgressListener.class) {
            o = listener(r.nextBoolean());
        } else {
            o = c.fuzz.construct(cls);
            c.fuzz.disown(o);  // the pool owns it; its constructor's arguments stay garbage of the current call
        }
        if (o != null) {
            everything.add(o);
        }
        return o;
    }

    ProgressListener listener(boolean subclass) {
        Logic logic = new Logic();
        ProgressListener l = subclass ? new FuzzListener(logic) : Progress.listener(logic::onProgress);
        logic.self = l;
        logics.put(l, logic);
        return l;
    }

    static void close(Object o) {
        if (o instanceof AutoCloseable) {
            try {
                ((AutoCloseable) o).close();
            } catch (Exception ignored) {
                // judged where it matters
            }
        }
    }

    /** A Java subclass of ProgressListener (not a lambda): its exceptions must reach the caller too. */
    static final class FuzzListener extends ProgressListener {
        final Logic logic;

        FuzzListener(Logic logic) {
            this.logic = logic;
        }

        @Override public boolean onProgress(long done, long total) {
            return logic.onProgress(done, total);
        }
    }

    /** What a fuzz listener does on each report: goes on, cancels, throws, closes itself or the target, re-enters. */
    final class Logic {
        volatile ProgressListener self;
        volatile Object target;
        final AtomicInteger depth = new AtomicInteger();

        boolean onProgress(long done, long total) {
            int[] w = mode == Mode.callbacks || mode == Mode.mixed ? new int[] {60, 4, 6, 4, 4, 6} : new int[] {400, 1, 0, 0, 0, 0};
            int sum = 0;
            for (int x : w) {
                sum += x;
            }
            int x = ThreadLocalRandom.current().nextInt(sum), action = 0;
            while (x >= w[action]) {
                x -= w[action++];
            }
            switch (action) {
                case 1:
                    return false;
                case 2: {
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        throw thrown(new Fuzz.ListenerFailure(), total);
                    }
                    throw thrown(new ListenerError(), total);
                }
                case 3:
                    return closeInside(self, total, "the listener itself");
                case 4:
                    return closeInside(target, total, "the object being worked on");
                case 5:
                    reenter(total);
                    return true;
                default:
                    return true;
            }
        }

        private <T extends Throwable> T thrown(T t, long total) {
            THROWN.put(t, new Thrown(self, total, CLOCK.incrementAndGet()));
            THROWN_ON_THIS_THREAD.set(t);
            return t;
        }

        private boolean closeInside(Object o, long total, String what) {
            if (!(o instanceof AutoCloseable)) {
                return true;
            }
            try {
                ((AutoCloseable) o).close();
            } catch (IllegalStateException e) {
                if (ThreadLocalRandom.current().nextBoolean()) {
                    throw thrown(e, total);  // the caller must get this very object
                }
            } catch (Throwable e) {
                bad(Bug.CALLBACKS, "close() of " + what + " (" + describe(o) + ") inside onProgress threw " + e + where(e));
            }
            return true;
        }

        /** Calls into the object being worked on (or runs an operation with this very listener) from inside onProgress. */
        private void reenter(long total) {
            if (depth.getAndIncrement() > 0) {
                depth.decrementAndGet();
                return;
            }
            try {
                Object o = target;
                Call call = new Call(reentry, Bug.CALLBACKS, "re-entered from onProgress into " + describe(o));
                try {
                    if (o instanceof KMeans) {
                        ((KMeans) o).fit(Blobs.points(12, 2, 3, new Random().nextLong()), 12, 2);
                    } else if (o instanceof NBody) {
                        ((NBody) o).step(1);
                    } else if (o instanceof RunningStats) {
                        ((RunningStats) o).add(new float[] {1, 2, 3});
                    } else {
                        mymodule.parallelSum(new float[100], 1, 10, self);
                    }
                } catch (Throwable e) {
                    if (THROWN.containsKey(e)) {
                        DELIVERED.add(e);
                        THROWN_ON_THIS_THREAD.remove();  // delivered to the re-entering call, not swallowed
                    } else {
                        call.listeners.add(self);
                        judge(call, e);
                    }
                }
            } finally {
                depth.decrementAndGet();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Operations on the shared objects.

    ProgressListener maybeListener(Ctx c, int percent) {
        return c.r.nextInt(100) < percent ? pick(c, ProgressListener.class) : null;
    }

    void kmFit(Ctx c) {
        KMeans km = pick(c, KMeans.class);
        int n = 3 + c.r.nextInt(40), d = 1 + c.r.nextInt(4);
        float[] data = Blobs.points(n, d, 3, c.r.nextLong());
        ProgressListener l = maybeListener(c, mode == Mode.threads ? 30 : 70);
        Call call = new Call(c, mode.bug == null ? Bug.THREADS : mode.bug, "[" + describe(km) + "] fit(float[" + data.length + "], " + n + ", " + d
                + (l == null ? ")" : ", " + describe(l) + ")")).listener(l, km, -1);
        attempt(call, () -> {
            if (l == null) {
                km.fit(data, n, d);
            } else {
                km.fit(data, n, d, l);
            }
            return null;
        });
    }

    void kmRead(Ctx c) {
        KMeans km = pick(c, KMeans.class);
        int which = c.r.nextInt(6), d = 1 + c.r.nextInt(4), n = 3 + c.r.nextInt(40);
        Call call = new Call(c, bugOr(Bug.THREADS), "[" + describe(km) + "] read " + which);
        attempt(call, () -> {
            switch (which) {
                case 0: return km.inertia();
                case 1: return km.iterations();
                case 2: km.getCentroids(new float[3 * d]); return null;
                case 3: km.getLabels(new int[n]); return null;
                case 4: km.predict(Blobs.points(n, d, 3, c.r.nextLong()), n, new int[n]); return null;
                default: return km.threads(1 + c.r.nextInt(2)).tolerance(1e-4).fitted();
            }
        });
    }

    Bug bugOr(Bug b) {
        return mode.bug == null ? b : mode.bug;
    }

    void nbStep(Ctx c) {
        NBody nb = pick(c, NBody.class);
        int steps = c.index + threads * c.r.nextInt(3) + (c.index == 0 ? threads : 0);  // distinct totals per thread
        ProgressListener l = maybeListener(c, mode == Mode.threads ? 30 : 70);
        Call call = new Call(c, bugOr(Bug.THREADS), "[" + describe(nb) + "] step(" + steps + (l == null ? ")" : ", " + describe(l) + ")"))
                .listener(l, nb, l == null ? -1 : steps);
        attempt(call, () -> {
            if (l == null) {
                nb.step(steps);
            } else {
                nb.step(steps, l);
            }
            return null;
        });
    }

    void nbRead(Ctx c) {
        NBody nb = pick(c, NBody.class);
        int which = c.r.nextInt(5);
        Call call = new Call(c, bugOr(Bug.THREADS), "[" + describe(nb) + "] read " + which);
        attempt(call, () -> {
            switch (which) {
                case 0: return nb.totalEnergy();
                case 1: nb.getMomentum(new double[3]); return null;
                case 2: nb.getCenterOfMass(new double[3]); return null;
                case 3: nb.getPositions(new float[3 * Math.max(1, nb.size())]); return null;
                default: return nb.time() + nb.steps() + nb.size() + nb.getThreads();
            }
        });
    }

    void nbSet(Ctx c) {
        NBody nb = pick(c, NBody.class);
        int which = c.r.nextInt(3);
        Call call = new Call(c, bugOr(Bug.THREADS), "[" + describe(nb) + "] set " + which);
        attempt(call, () -> {
            int n = Math.max(1, nb.size());
            float[] v = new float[(which == 2 ? 1 : 3) * n];
            for (int i = 0; i < v.length; i++) {
                v[i] = which == 2 ? 1f / n : (float) c.r.nextGaussian();
            }
            return which == 0 ? nb.positions(v) : which == 1 ? nb.velocities(v) : nb.masses(v);
        });
    }

    void rsAdd(Ctx c) {
        RunningStats s = pick(c, RunningStats.class);
        float[] v = new float[1 + c.r.nextInt(64)];
        Call call = new Call(c, bugOr(Bug.THREADS), "[" + describe(s) + "] add(float[" + v.length + "])");
        attempt(call, () -> {
            s.add(v);
            return null;
        });
    }

    void rsRead(Ctx c) {
        RunningStats s = pick(c, RunningStats.class);
        int which = c.r.nextInt(4);
        Call call = new Call(c, bugOr(Bug.THREADS), "[" + describe(s) + "] read " + which);
        attempt(call, () -> {
            switch (which) {
                case 0: return s.count();
                case 1: return s.mean() + s.variance();
                case 2: return s.min() + s.max();
                default: s.reset(); return null;
            }
        });
    }

    /** parallelSum of small whole numbers with a shared listener: exact, so the result is checked. */
    void psum(Ctx c) {
        ProgressListener l = pick(c, ProgressListener.class);
        int n = 1000 * (1 + c.r.nextInt(8)) + c.index;  // distinct totals per thread: whose exception is whose
        float[] data = new float[n];
        double expected = 0;
        for (int i = 0; i < n; i++) {
            data[i] = c.r.nextInt(100);
            expected += data[i];
        }
        int threadsArg = 1 + c.r.nextInt(3);
        long chunk = 100 + c.r.nextInt(900);
        Call call = new Call(c, bugOr(Bug.THREADS), "parallelSum(float[" + n + "], " + threadsArg + ", " + chunk + ", " + describe(l) + ")")
                .listener(l, null, n);
        Object result = attempt(call, () -> mymodule.parallelSum(data, threadsArg, chunk, l));
        if (result != FAILED && (Double) result != expected) {
            bad(call.bug, call.description + " returned " + result + ", a serial sum gives " + expected);
        }
    }

    void momentsInto(Ctx c) {
        Moments m = pick(c, Moments.class);
        double[] x = new double[1 + c.r.nextInt(32)];
        Call call = new Call(c, bugOr(Bug.THREADS), "moments(double[" + x.length + "], 0, " + describe(m) + ")");
        attempt(call, () -> {
            mymodule.moments(x, 0, m);
            return m.count() + m.mean();
        });
    }

    void directOnProgress(Ctx c) {
        ProgressListener l = pick(c, ProgressListener.class);
        Call call = new Call(c, bugOr(Bug.CALLBACKS), "[" + describe(l) + "] onProgress(1, -7) called directly").listener(l, null, -7);
        THROWN_ON_THIS_THREAD.remove();
        Object result = attempt(call, () -> l.onProgress(1, -7));
        Throwable swallowed = THROWN_ON_THIS_THREAD.get();
        if (result != FAILED && swallowed != null) {
            bad(Bug.LISTENER_EXCEPTIONS, call.description + " returned " + result + " although the listener threw " + swallowed
                    + " (kept for later instead of thrown to this caller)");
            DELIVERED.add(swallowed);
        }
    }

    /** Closes a shared object, from whichever thread: it returns, or throws IllegalStateException while in use. */
    void closeAny(Ctx c) {
        Object o = pickAny(c);
        closeShared(c, o, bugOr(Bug.THREADS));
    }

    void closeListener(Ctx c) {
        closeShared(c, pick(c, ProgressListener.class), bugOr(Bug.CALLBACKS));
    }

    void closeNBody(Ctx c) {
        closeShared(c, pick(c, NBody.class), bugOr(Bug.VIEWS));
    }

    void closeShared(Ctx c, Object o, Bug bug) {
        if (o == null) {
            return;
        }
        Call call = new Call(c, bug, "[" + describe(o) + "] close()");
        Object result = attempt(call, () -> {
            ((AutoCloseable) o).close();
            return null;
        });
        if (result == FAILED) {
            return;  // judged: only IllegalStateException is typed for close()
        }
        if (c.r.nextBoolean()) {
            replaceSlotOf(c, o, true);
        }
    }

    void replace(Ctx c) {
        Object o = pickAny(c);
        replaceSlotOf(c, o, false);
    }

    void replaceNBody(Ctx c) {
        replaceSlotOf(c, pick(c, NBody.class), false);
    }

    /** Puts a new object in o's slot; the old one is dropped for the garbage collector (or was closed). */
    void replaceSlotOf(Ctx c, Object o, boolean closed) {
        if (o == null) {
            return;
        }
        AtomicReferenceArray<Object> slots = pool.get(o.getClass());
        if (slots == null) {
            return;
        }
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) == o) {
                Object made = fresh(c, o.getClass());
                if (!slots.compareAndSet(i, o, made)) {
                    close(made);
                }
                if (!closed) {
                    everything.remove(o);  // dropped: only the garbage collector may free it now
                }
                return;
            }
        }
    }

    void gc(Ctx c) {
        Call call = new Call(c, bugOr(Bug.VIEWS), "System.gc()");
        attempt(call, () -> {
            System.gc();
            Pointer.deallocateReferences();
            return null;
        });
    }

    /** A view of a shared NBody; then often the NBody dropped, so that only the view leads to it. */
    void view(Ctx c) {
        NBody nb = pick(c, NBody.class);
        Call call = new Call(c, bugOr(Bug.VIEWS), "[" + describe(nb) + "] positionsView()");
        Object v = attempt(call, nb::positionsView);
        if (v instanceof FloatPointer) {
            views.set(c.r.nextInt(views.length()), (FloatPointer) v);
            if (c.r.nextInt(3) == 0) {
                replaceSlotOf(c, nb, false);
            }
        }
    }

    void viewRead(Ctx c) {
        FloatPointer v = views.get(c.r.nextInt(views.length()));
        if (v == null) {
            view(c);
            return;
        }
        int which = c.r.nextInt(4);
        Call call = new Call(c, bugOr(Bug.VIEWS), "view " + Fuzz.describe(v) + " read " + which);
        Object result = attempt(call, () -> {
            long n = v.limit() - v.position();
            switch (which) {
                case 0: return n > 0 ? v.get(c.r.nextInt((int) Math.min(n, Integer.MAX_VALUE))) : 0f;
                case 1: return mymodule.sum(v);
                case 2: return n > 0 ? v.asBuffer().get(0) : 0f;
                default: {
                    float[] copy = new float[(int) Math.min(n, 1 << 20)];
                    v.get(copy);
                    return copy.length > 0 ? copy[copy.length - 1] : 0f;
                }
            }
        });
    }

    /** A public method our API declares, with sane arguments; objects of ours come from the shared pool. */
    void reflectSane(Ctx c) {
        reflect(c, false);
    }

    void reflectWild(Ctx c) {
        reflect(c, true);
    }

    void reflect(Ctx c, boolean wild) {
        Executable m = members.get(c.r.nextInt(members.size()));
        String name = Api.describe(m);
        Bug bug = bugOr(wild ? Bug.ARGUMENTS : Bug.THREADS);
        Object receiver = null;
        if (m instanceof Method && !Modifier.isStatic(m.getModifiers())) {
            if (!NativeObject.class.isAssignableFrom(m.getDeclaringClass())) {
                return;
            }
            receiver = pick(c, m.getDeclaringClass());
            if (receiver == null) {
                return;
            }
        }
        boolean bounded = Fuzz.BOUNDED_NUMBERS.containsKey(name);
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        StringBuilder d = new StringBuilder(receiver == null ? "" : "[" + describe(receiver) + "] ").append(name).append(" <- (");
        List<ProgressListener> listeners = new ArrayList<>();
        boolean nullArgument = false;
        for (int i = 0; i < types.length; i++) {
            if (NativeObject.class.isAssignableFrom(types[i])) {
                args[i] = pick(c, types[i]);
            } else {
                args[i] = c.fuzz.value(types[i], wild && !(bounded && types[i].isPrimitive()) && c.r.nextInt(3) == 0, name);
            }
            if (args[i] instanceof ProgressListener) {
                listeners.add((ProgressListener) args[i]);
            }
            nullArgument |= nullish(args[i]);
            d.append(i > 0 ? ", " : "").append(describe(args[i]));
        }
        Object rcv = receiver;
        if (rcv instanceof ProgressListener && m.getName().equals("onProgress")) {
            args = new Object[] {1L, -7L};
            listeners.add((ProgressListener) rcv);
        }
        Call call = new Call(c, bug, d.append(')').toString());
        call.nullArgument = nullArgument;
        for (ProgressListener l : listeners) {
            call.listener(l, rcv, -1);
        }
        Object[] a = args;
        Object result = attempt(call, () -> {
            try {
                return m instanceof Constructor ? ((Constructor<?>) m).newInstance(a) : ((Method) m).invoke(rcv, a);
            } catch (IllegalArgumentException | IllegalAccessException | InstantiationException e) {
                return FAILED;  // the fuzzer's own mismatch, not a finding
            }
        });
        if (result instanceof AutoCloseable && !isPooled(result)) {
            close(result);
        }
    }

    boolean isPooled(Object o) {
        AtomicReferenceArray<Object> slots = pool.get(o.getClass());
        if (slots != null) {
            for (int i = 0; i < slots.length(); i++) {
                if (slots.get(i) == o) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------
    // JavaCPP's inherited Pointer methods on our objects and views.

    void inherited(Ctx c) {
        Random r = c.r;
        if (r.nextInt(4) == 0) {
            inheritedOnView(c);
            return;
        }
        Pointer p = (Pointer) pickAny(c);
        if (p == null) {
            return;
        }
        long limit = p.limit(), capacity = p.capacity(), position = p.position();
        long[] sizes = {0, 1, -1, -4, 2, 4096, capacity + 1, 1L << 40, -(1L << 40)};
        long size = sizes[r.nextInt(sizes.length)];
        int which = r.nextInt(17);
        String what;
        boolean changes;  // would change address, position, limit, capacity, contents or ownership
        Callable<Object> body;
        switch (which) {
            case 0: what = "zero()"; changes = true; body = p::zero; break;
            case 1: { int b = r.nextInt(256); what = "fill(" + b + ")"; changes = true; body = () -> p.fill(b); break; }
            case 2: what = "limit(" + size + ")"; changes = size != limit; body = () -> p.limit(size); break;
            case 3: what = "capacity(" + size + ")"; changes = size != capacity; body = () -> p.capacity(size); break;
            case 4: what = "position(" + size + ")"; changes = size != position; body = () -> p.position(size); break;
            case 5: {
                Pointer src = r.nextBoolean() ? new BytePointer(4096) : (Pointer) pickAny(c);
                what = "put(" + describe(src) + ")";
                changes = true;
                body = () -> {
                    try {
                        return p.put(src);
                    } finally {
                        if (src instanceof BytePointer) {
                            src.close();
                        }
                    }
                };
                break;
            }
            case 6: what = "deallocate(false)"; changes = true; body = () -> { p.deallocate(false); return null; }; break;
            case 7: what = "setNull()"; changes = true; body = () -> { p.setNull(); return null; }; break;
            case 8: what = "deallocate()"; changes = false; body = () -> { p.deallocate(); return null; }; break;
            case 9: what = "releaseReference()"; changes = false; body = p::releaseReference; break;
            case 10: what = "retainReference() and releaseReference()"; changes = false;  // reference counting itself is JavaCPP's
                body = () -> {
                    p.retainReference();
                    return p.releaseReference();
                };
                break;
            case 11: what = "asByteBuffer()"; changes = false; body = p::asByteBuffer; break;
            case 12: what = "asBuffer()"; changes = false; body = p::asBuffer; break;
            case 13: what = "getPointer()"; changes = false; body = p::getPointer; break;
            case 14: { long i = r.nextInt(3); what = "getPointer(" + i + ")"; changes = false; body = () -> p.getPointer(i); break; }
            case 15: { long i = r.nextInt(3); what = "getPointer(" + p.getClass().getSimpleName() + ".class, " + i + ")"; changes = false;
                body = () -> p.getPointer(p.getClass(), i); break; }
            default:
                what = "address/position/limit/capacity/sizeof/referenceCount/isNull/toString/hashCode";
                changes = false;
                body = () -> "" + p.address() + p.position() + p.limit() + p.capacity() + p.sizeof() + p.referenceCount() + p.isNull() + p + p.hashCode();
                break;
        }
        String owner = describe(p);
        Call call = new Call(c, bugOr(Bug.POINTER_API), "[" + owner + "] " + what);
        Object result = attempt(call, body);
        if (result == FAILED) {
            return;
        }
        if (changes) {
            bad(call.bug, call.description + " returned normally: an inherited Pointer method changed " + owner
                    + " (expected UnsupportedOperationException)");
        } else if (result instanceof ByteBuffer && !((ByteBuffer) result).isReadOnly() && ((ByteBuffer) result).capacity() > 0) {
            bad(call.bug, call.description + " returned a writable " + result + " over " + owner
                    + "'s memory (expected UnsupportedOperationException or a read-only buffer)");
        } else if (result instanceof Buffer && !((Buffer) result).isReadOnly() && ((Buffer) result).capacity() > 0) {
            bad(call.bug, call.description + " returned a writable " + result + " over " + owner + "'s memory");
        }
        if (result instanceof Pointer && result != p) {
            // an alias of our object: using it is the caller's responsibility (like new XPointer(ours)); forget it
            ((Pointer) result).deallocate(false);
        }
    }

    /**
     * A view is a plain FloatPointer the caller holds: its own position, limit and contents are the
     * caller's to change (writes are lost), but set inconsistently (negative position, limit past the
     * capacity JavaCPP knows) it must be refused as an argument; a read of it must not crash.
     */
    void inheritedOnView(Ctx c) {
        Random r = c.r;
        NBody nb = pick(c, NBody.class);
        Object v = attempt(new Call(c, bugOr(Bug.VIEWS), "[" + describe(nb) + "] positionsView() for inherited methods"), nb::positionsView);
        if (!(v instanceof FloatPointer)) {
            return;
        }
        FloatPointer view = (FloatPointer) v;
        long capacity = view.capacity();
        long[] positions = {0, 1, -1, -4, -(1L << 40), capacity, capacity + 1};
        long[] limits = {0, 1, capacity, capacity - 1, capacity + 1, 1L << 40};
        long position = positions[r.nextInt(positions.length)], limit = limits[r.nextInt(limits.length)];
        String how = "position(" + position + ").limit(" + limit + ")";
        boolean consistent = position >= 0 && limit <= capacity && position <= limit;
        if (consistent && r.nextBoolean()) {
            Call write = new Call(c, bugOr(Bug.VIEWS), "view of " + describe(nb) + " " + how + ".fill(0)");
            attempt(write, () -> view.position(position).limit(limit).fill(0));
        }
        Call call = new Call(c, bugOr(Bug.ARGUMENTS), "sum(view of " + describe(nb) + " [capacity " + capacity + "]." + how + ")");
        Object result = attempt(call, () -> mymodule.sum(view.position(position).limit(limit)));
        if (result != FAILED && !consistent) {
            bad(call.bug, call.description + " was accepted: the view " + how + " reaches outside its " + capacity
                    + " floats (expected IndexOutOfBoundsException or IllegalArgumentException)");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Pointer and buffer arguments.

    /** A FloatPointer whose position or limit JavaCPP knows to be inconsistent: refused, or the data right. */
    void badPointerArgument(Ctx c) {
        Random r = c.r;
        int n = 4 + r.nextInt(60);
        float[] values = new float[n];
        double expected = 0;
        for (int i = 0; i < n; i++) {
            values[i] = 1 + r.nextInt(100);
            expected += values[i];
        }
        FloatPointer p = new FloatPointer(values);
        int variant = r.nextInt(6);
        // A limit past the allocation is refused where the binding can see it: past what malloc gave
        // (JavaCPP's capacity never reaches native code). glibc rounds a small block up by at most
        // 15 bytes, so a limit 1 to 3 floats past the capacity stays the caller's (docs/how-it-works.md, Safety).
        long[] settings = {-4, -(1L << 40), -1, n + 4 + r.nextInt(4096), 1L << 40, 0};
        String how;
        if (variant <= 2) {
            p.position(settings[variant]);
            how = "position(" + settings[variant] + ")";
        } else if (variant <= 4) {
            p.limit(settings[variant]);
            how = "limit(" + settings[variant] + ")";
        } else {
            how = "as allocated";
        }
        boolean consistent = variant == 5;
        int target = r.nextInt(5);
        RunningStats stats = target == 2 ? pick(c, RunningStats.class) : null;
        KMeans km = target == 3 ? pick(c, KMeans.class) : null;
        NBody nb = target == 4 ? pick(c, NBody.class) : null;
        String[] names = {"sum", "moments", "RunningStats.add", "KMeans.getCentroids (an output)", "NBody.getPositions (an output)"};
        Call call = new Call(c, bugOr(Bug.ARGUMENTS), names[target] + "(FloatPointer[capacity " + n + "]." + how + ")");
        double exp = expected;
        Object result = attempt(call, () -> {
            switch (target) {
                case 0: return mymodule.sum(p);
                case 1: { try (Moments m = mymodule.moments(p, 0)) { return m.count(); } }
                case 2: stats.add(p); return null;
                case 3: km.getCentroids(p); return null;
                default: nb.getPositions(p); return null;
            }
        });
        p.position(0).limit(n);
        if (result != FAILED && !consistent) {
            bad(call.bug, call.description + " was accepted: a Pointer " + how + " of a " + n + "-float allocation"
                    + " reaches outside it (expected IndexOutOfBoundsException or IllegalArgumentException)");
        } else if (result != FAILED && target == 0 && (Double) result != exp) {
            bad(call.bug, call.description + " returned " + result + ", the data sums to " + exp);
        }
        p.close();
    }

    /** Every Buffers method with NIO buffers that are big-endian, read-only, heap with or without an array. */
    void buffers(Ctx c) {
        Random r = c.r;
        List<Method> methods = new ArrayList<>();
        for (Method m : Buffers.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 1 && Buffer.class.isAssignableFrom(m.getParameterTypes()[0])
                    && Pointer.class.isAssignableFrom(m.getReturnType())) {
                methods.add(m);
            }
        }
        if (methods.isEmpty()) {
            return;
        }
        methods.sort((a, b) -> a.toString().compareTo(b.toString()));
        Method m = methods.get(r.nextInt(methods.size()));
        Class<?> type = m.getParameterTypes()[0];
        int n = 1 + r.nextInt(1000);
        int variant = r.nextInt(6);
        String[] variants = {"direct, big-endian", "direct, native order", "heap, with an array", "heap, no accessible array (a ByteBuffer view)",
                "direct, read-only", "heap, read-only"};
        TypedBuffer tb = TypedBuffer.make(type, n, variant);
        if (tb == null) {
            return;
        }
        Call call = new Call(c, bugOr(Bug.ARGUMENTS), "Buffers." + m.getName() + "(" + type.getSimpleName() + "[" + n + ", " + variants[variant] + "])");
        Object result = attempt(call, () -> m.invoke(null, tb.buffer));
        if (!(result instanceof Pointer)) {
            return;
        }
        Pointer p = (Pointer) result;
        try {
            if (p.isNull()) {
                bad(call.bug, call.description + " returned a Pointer at address 0: its use fails with a misleading NullPointerException");
                return;
            }
            String mismatch = tb.compare(p);
            if (mismatch != null) {
                bad(call.bug, call.description + " gives native code other values than the buffer holds: " + mismatch
                        + " (convert or refuse non-native byte order)");
            }
            if (tb.readOnly && p instanceof FloatPointer) {
                // as an output: refused, or the buffer's memory left as it was
                NBody nb = pick(c, NBody.class);
                float[] before = tb.snapshot();
                Call out = new Call(c, call.bug, "[" + describe(nb) + "] getPositions(" + call.description + ") as an output");
                attempt(out, () -> {
                    p.limit(Math.min(p.limit(), 3L * Math.max(1, nb.size())));
                    nb.getPositions((FloatPointer) p);
                    return null;
                });
                if (!Arrays.equals(before, tb.snapshot())) {
                    bad(call.bug, out.description + ": a read-only buffer passed as an output was written");
                }
            }
        } finally {
            p.close();
        }
    }

    /** An NIO buffer of one of Buffers' parameter types, holding 1..n, and how to compare a Pointer with it. */
    static final class TypedBuffer {
        Buffer buffer;
        ByteBuffer bytes;  // the memory behind it, writable, for snapshots
        float[] heapArray;
        boolean readOnly;
        int n;

        static TypedBuffer make(Class<?> type, int n, int variant) {
            if (type != java.nio.FloatBuffer.class) {
                return null;  // values compared as floats; extend here when Buffers takes other types
            }
            TypedBuffer t = new TypedBuffer();
            t.n = n;
            switch (variant) {
                case 0: t.bytes = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.BIG_ENDIAN); break;
                case 1: case 4: t.bytes = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()); break;
                case 3: t.bytes = ByteBuffer.allocate(4 * n).order(ByteOrder.nativeOrder()); break;
                default: break;
            }
            java.nio.FloatBuffer fb;
            if (t.bytes != null) {
                fb = t.bytes.asFloatBuffer();
            } else {
                t.heapArray = new float[n];
                fb = java.nio.FloatBuffer.wrap(t.heapArray);
            }
            for (int i = 0; i < n; i++) {
                fb.put(i, i + 1);
            }
            t.readOnly = variant >= 4;
            t.buffer = t.readOnly ? fb.asReadOnlyBuffer() : fb;
            return t;
        }

        float[] snapshot() {
            float[] s = new float[n];
            for (int i = 0; i < n; i++) {
                s[i] = bytes != null ? bytes.asFloatBuffer().get(i) : heapArray[i];
            }
            return s;
        }

        String compare(Pointer p) {
            if (!(p instanceof FloatPointer)) {
                return null;
            }
            FloatPointer f = (FloatPointer) p;
            if (f.limit() - f.position() != n) {
                return "the Pointer has " + (f.limit() - f.position()) + " elements, the buffer " + n;
            }
            for (int i = 0; i < n; i++) {
                if (f.get(i) != i + 1) {
                    return "element " + i + " reads " + f.get(i) + " where the buffer holds " + (i + 1)
                            + " (sum of 1.." + n + " would give " + mymodule.sum(f) + " instead of " + ((long) n * (n + 1) / 2) + ")";
                }
            }
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Finite extreme values: valid input, so every call must succeed, with labels in [0, k).

    static final float[] SCALES = {Float.MAX_VALUE, 3e38f, 1e38f, 1e30f, 1e19f, 1f, 1e-30f, Float.MIN_NORMAL, Float.MIN_VALUE};

    static float[] extreme(Random r, int length) {
        float[] x = new float[length];
        int style = r.nextInt(4);
        float scale = SCALES[r.nextInt(SCALES.length)];
        for (int i = 0; i < length; i++) {
            float s = style == 3 ? SCALES[r.nextInt(SCALES.length)] : scale;  // mixed magnitudes
            float v = style == 0 ? s : (float) (s * (r.nextDouble() * 2 - 1));
            x[i] = r.nextBoolean() && style == 1 ? -v : v;
            if (!Float.isFinite(x[i])) {
                x[i] = Math.copySign(Float.MAX_VALUE, x[i]);
            }
        }
        return x;
    }

    void checkLabels(Call call, int[] labels, int k) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                bad(call.bug, call.description + ": label " + labels[i] + " at row " + i + " is outside [0, " + k + ")");
                return;
            }
        }
    }

    void extremeKMeans(Ctx c) {
        Random r = c.r;
        int k = 1 + r.nextInt(6), d = r.nextInt(5) == 0 ? 16 + r.nextInt(17) : 1 + r.nextInt(8), n = k + r.nextInt(60);
        float[] data = extreme(r, n * d);
        int t = 1 + r.nextInt(2);
        Call call = new Call(c, bugOr(Bug.EXTREMES), "new KMeans(" + k + ").threads(" + t + ").fit(" + Fuzz.describe(data) + ", " + n + ", " + d + ")");
        int[] labels = new int[n], predicted = new int[n];
        float[] centroids = new float[k * d];
        Object result = attempt(call, () -> {
            try (KMeans km = new KMeans(k).threads(t).maxIterations(1 + r.nextInt(20))) {
                km.fit(data, n, d);
                km.getLabels(labels);
                km.getCentroids(centroids);
                km.predict(data, n, predicted);
                return km.inertia();
            }
        });
        if (result == FAILED) {
            return;
        }
        checkLabels(call, labels, k);
        checkLabels(call, predicted, k);
        double inertia = (Double) result;
        if (!(inertia >= 0)) {
            bad(call.bug, call.description + ": inertia " + inertia);
        }
        for (float v : centroids) {
            if (!Float.isFinite(v)) {
                bad(call.bug, call.description + ": a centroid coordinate is " + v + " for finite data");
                break;
            }
        }
    }

    void extremeAssign(Ctx c) {
        Random r = c.r;
        int k = 1 + r.nextInt(6), d = r.nextInt(5) == 0 ? 16 + r.nextInt(17) : 1 + r.nextInt(8), m = 1 + r.nextInt(40);
        float[] points = extreme(r, m * d), centroids = extreme(r, k * d);
        int[] labels = new int[m];
        boolean accumulate = r.nextBoolean();
        double[] sums = new double[k * d];
        long[] counts = new long[k];
        Call call = new Call(c, bugOr(Bug.EXTREMES), (accumulate ? "accumulateClusters(" : "assignClusters(") + Fuzz.describe(points) + ", " + m + ", " + d
                + ", centroids " + Fuzz.describe(centroids) + ", " + k + ")");
        Object result = attempt(call, () -> accumulate ? mymodule.accumulateClusters(points, m, d, centroids, k, sums, counts)
                : mymodule.assignClusters(points, m, d, centroids, k, labels));
        if (result == FAILED) {
            return;
        }
        if (accumulate) {
            long total = 0;
            for (long x : counts) {
                total += x;
            }
            if (total != m) {
                bad(call.bug, call.description + ": counts add up to " + total + " for " + m + " points (a label outside [0, k)?)");
            }
        } else {
            checkLabels(call, labels, k);
        }
        if (!(((Double) result) >= 0)) {
            bad(call.bug, call.description + ": inertia " + result);
        }
    }

    void extremeStats(Ctx c) {
        Random r = c.r;
        float[] x = extreme(r, 1 + r.nextInt(100));
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float mn = min, mx = max;
        int which = r.nextInt(3);
        Call call = new Call(c, bugOr(Bug.EXTREMES), new String[] {"moments", "quantile 0/1", "histogram"}[which] + "(" + Fuzz.describe(x) + ")");
        long[] counts = new long[1 + r.nextInt(16)];
        Object result = attempt(call, () -> {
            switch (which) {
                case 0: {
                    try (Moments m = mymodule.moments(x, 0)) {
                        if (m.min() != mn || m.max() != mx || m.count() != x.length || !Double.isFinite(m.mean()) || !(m.variance() >= 0)) {
                            return "count " + m.count() + " mean " + m.mean() + " variance " + m.variance() + " min " + m.min() + " max " + m.max()
                                    + ", expected min " + mn + " max " + mx;
                        }
                        return null;
                    }
                }
                case 1: {
                    double q0 = mymodule.quantile(x, 0), q1 = mymodule.quantile(x, 1), q5 = mymodule.quantile(x, 0.5);
                    return q0 != mn || q1 != mx || !(q5 >= mn && q5 <= mx) ? "quantiles 0, 0.5, 1: " + q0 + ", " + q5 + ", " + q1 + ", expected " + mn + ", -, " + mx : null;
                }
                default: {
                    double lo = -1e30, hi = 1e30;
                    try (HistogramOutliers h = mymodule.histogram(x, lo, hi, counts)) {
                        long total = h.below() + h.above();
                        for (long v : counts) {
                            total += v;
                        }
                        return total != x.length ? "counts and outliers add up to " + total + " for " + x.length + " values" : null;
                    }
                }
            }
        });
        if (result instanceof String) {
            bad(call.bug, call.description + ": " + result);
        }
    }

    void extremeSum(Ctx c) {
        Random r = c.r;
        float[] x = extreme(r, 1 + r.nextInt(3000));
        BigDecimal exact = BigDecimal.ZERO;
        double abs = 0;
        for (float v : x) {
            exact = exact.add(new BigDecimal(v));
            abs += Math.abs((double) v);
        }
        double bound = abs * 1e-12;
        double e = exact.doubleValue();
        boolean parallel = r.nextBoolean();
        Call call = new Call(c, bugOr(Bug.EXTREMES), (parallel ? "parallelSum(" : "sum(") + Fuzz.describe(x) + (parallel ? ", 2, 64, listener)" : ")"));
        ProgressListener l = parallel ? listener(false) : null;
        call.listener(l, null, x.length);
        Object result = attempt(call, () -> parallel ? mymodule.parallelSum(x, 2, 64, l) : mymodule.sum(x));
        if (l != null) {
            l.close();
        }
        if (result != FAILED && !(Math.abs((Double) result - e) <= bound)) {
            bad(call.bug, call.description + " returned " + result + ", the exact sum is " + e);
        }
    }

    void extremeNBody(Ctx c) {
        Random r = c.r;
        int n = 1 + r.nextInt(40);
        float[] xyz = extreme(r, 3 * n);
        Call call = new Call(c, bugOr(Bug.EXTREMES), "NBody(" + n + ").positions(" + Fuzz.describe(xyz) + ").step(2); totalEnergy()");
        attempt(call, () -> {
            try (NBody nb = new NBody(n)) {
                nb.positions(xyz).step(2);
                return nb.totalEnergy();
            }
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Rounds whose results are compared with a serial run of the same calls.

    void consistencyRound() throws Exception {
        int which = random.nextInt(mode == Mode.callbacks ? 2 : mode == Mode.views ? 1 : 5);
        if (mode == Mode.callbacks) {
            which = which == 0 ? 3 : 4;
        } else if (mode == Mode.views) {
            which = 5;
        }
        switch (which) {
            case 0: runningStatsRound(); break;
            case 1: nbodyRound(); break;
            case 2: kmeansRound(); break;
            case 3: sharedListenerRound(); break;
            case 4: closeRaceRound(); break;
            default: viewRound(); break;
        }
    }

    /**
     * Threads add to one RunningStats: every value of every add that returned is counted, as serially.
     * Large zero-copy adds (a FloatPointer of 2^20 values, a few ms each) so that the adds overlap in time.
     */
    void runningStatsRound() throws Exception {
        RunningStats shared = new RunningStats();
        List<float[]> accepted = Collections.synchronizedList(new ArrayList<>());
        List<Consumer<Ctx>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            tasks.add(c -> {
                float[] v = new float[1 << 20];
                for (int j = 0; j < v.length; j++) {
                    v[j] = c.r.nextInt(1000);
                }
                try (FloatPointer p = new FloatPointer(v)) {
                    for (int i = 0; i < 6; i++) {
                        Call call = new Call(c, Bug.THREADS, "[shared RunningStats] add(FloatPointer[" + v.length + "]) beside another thread's adds");
                        if (attempt(call, () -> {
                            shared.add(p);
                            return null;
                        }) != FAILED) {
                            accepted.add(v);
                        }
                    }
                }
            });
        }
        together(tasks);
        long count = 0;
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (float[] v : accepted) {
            for (float x : v) {
                count++;
                sum += x;
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        if (count > 0 && (shared.count() != count || Math.abs(shared.mean() - sum / count) > 1e-9 * Math.abs(sum / count)
                || shared.min() != min || shared.max() != max)) {
            bad(Bug.THREADS, "RunningStats after " + accepted.size() + " concurrent adds that returned normally: count " + shared.count()
                    + ", mean " + shared.mean() + ", min " + shared.min() + ", max " + shared.max() + "; a serial run of the same adds gives count "
                    + count + ", mean " + sum / count + ", min " + min + ", max " + max + " (lost updates: a data race, neither serialised nor refused)");
        }
        shared.close();
    }

    /** Threads step one NBody: its state equals one serial run of all the steps that returned normally. */
    void nbodyRound() throws Exception {
        long s = random.nextInt(1000);
        NBody shared = NBody.plummer(64, s).threads(1);
        AtomicInteger done = new AtomicInteger();
        List<Consumer<Ctx>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            tasks.add(c -> {
                for (int i = 0; i < 10; i++) {
                    int steps = 1 + c.r.nextInt(3);
                    Call call = new Call(c, Bug.THREADS, "[shared NBody] step(" + steps + ") beside another thread's steps");
                    if (attempt(call, () -> {
                        shared.step(steps);
                        return null;
                    }) != FAILED) {
                        done.addAndGet(steps);
                    }
                }
            });
        }
        together(tasks);
        float[] got = new float[3 * 64], want = new float[3 * 64];
        shared.getPositions(got);
        long steps = shared.steps();
        try (NBody serial = NBody.plummer(64, s).threads(1)) {
            serial.step(done.get());
            serial.getPositions(want);
        }
        if (steps != done.get() || !Arrays.equals(got, want)) {
            bad(Bug.THREADS, "NBody after concurrent steps that returned normally (" + done.get() + " steps): steps() " + steps
                    + ", positions " + (Arrays.equals(got, want) ? "equal" : "differ from") + " a serial run of " + done.get() + " steps");
        }
        shared.close();
    }

    /** Two threads fit one KMeans, others read it: the result is one of the serial fits, every read one of the serial states. */
    void kmeansRound() throws Exception {
        KMeans shared = new KMeans(3).seed(7).threads(1).maxIterations(20);
        int n = 600, d = 3;
        List<float[]> datas = new ArrayList<>();
        List<Double> inertias = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            float[] data = Blobs.points(n, d, 3, random.nextLong());
            datas.add(data);
            try (KMeans serial = new KMeans(3).seed(7).threads(1).maxIterations(20)) {
                serial.fit(data, n, d);
                inertias.add(serial.inertia());
            }
        }
        Set<Integer> succeeded = Collections.synchronizedSet(new java.util.HashSet<>());
        List<Consumer<Ctx>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int ti = t;
            tasks.add(c -> {
                for (int i = 0; i < 4; i++) {
                    Call call = new Call(c, Bug.THREADS, "[shared KMeans] fit(data " + ti + ") beside another thread's fit");
                    if (attempt(call, () -> {
                        shared.fit(datas.get(ti), n, d);
                        return null;
                    }) != FAILED) {
                        succeeded.add(ti);
                    }
                    Call read = new Call(c, Bug.THREADS, "[shared KMeans] inertia() beside another thread's fit");
                    Object v = attempt(read, shared::inertia);
                    if (v != FAILED && !inertias.contains(v)) {
                        bad(Bug.THREADS, read.description + " returned " + v + ", none of the serial fits' inertias " + inertias);
                    }
                }
            });
        }
        together(tasks);
        if (!succeeded.isEmpty()) {
            double inertia = shared.inertia();
            boolean matches = false;
            for (int t : succeeded) {
                matches |= inertias.get(t) == inertia;
            }
            if (!matches) {
                bad(Bug.THREADS, "KMeans after concurrent fits: inertia " + inertia + " is none of the serial results " + inertias
                        + " of the fits that returned normally " + succeeded);
            }
        }
        shared.close();
    }

    /** One listener shared by two threads' parallelSum, throwing in both: each operation gets its own Throwable, never the other's. */
    void sharedListenerRound() throws Exception {
        int n0 = 40_000, n1 = 40_001;
        ProgressListener[] holder = new ProgressListener[1];
        Progress.Callback callback = (done, total) -> {
            if (done >= total / 2) {
                Fuzz.ListenerFailure f = new Fuzz.ListenerFailure();
                THROWN.put(f, new Thrown(holder[0], total, CLOCK.incrementAndGet()));
                throw f;
            }
            return true;
        };
        boolean subclass = random.nextBoolean();
        holder[0] = subclass ? new ProgressListener() {
            @Override public boolean onProgress(long done, long total) {
                return callback.onProgress(done, total);
            }
        } : Progress.listener(callback);
        ProgressListener shared = holder[0];
        float[] a = new float[n0], b = new float[n1];
        Arrays.fill(a, 1f);
        Arrays.fill(b, 1f);
        List<Consumer<Ctx>> tasks = new ArrayList<>();
        for (int t = 0; t < Math.max(2, threads); t++) {
            int ti = t % 2;
            tasks.add(c -> {
                for (int i = 0; i < 10; i++) {
                    float[] data = ti == 0 ? a : b;
                    Call call = new Call(c, Bug.LISTENER_EXCEPTIONS, "parallelSum(float[" + data.length + "], 2, 500, a shared "
                            + (subclass ? "ProgressListener subclass" : "Progress.listener lambda") + " that throws halfway through every operation)")
                            .listener(shared, null, data.length);
                    Object r = attempt(call, () -> mymodule.parallelSum(data, 2, 500, shared));
                    if (r != FAILED) {
                        bad(call.bug, call.description + " returned " + r + " although its listener threw");
                    }
                }
            });
        }
        together(tasks);
        shared.close();
    }

    /** close() raced with a long operation on the same object, and with another close(): no crash, one destruction. */
    void closeRaceRound() throws Exception {
        long before = liveObjects();
        int kind = random.nextInt(4);
        Object o;
        float[] data = Blobs.points(4000, 4, 3, random.nextLong());
        switch (kind) {
            case 0: o = new KMeans(8).threads(2).maxIterations(50).tolerance(0); break;
            case 1: o = NBody.plummer(600, 1).threads(2); break;
            case 2: o = new RunningStats(); break;
            default: o = listener(random.nextBoolean()); break;
        }
        int delayMicros = random.nextInt(3000);
        List<Consumer<Ctx>> tasks = new ArrayList<>();
        tasks.add(c -> {
            String[] what = {"fit(4000 x 4, k 8)", "step(5)", "add(float[16000]) x 20", "parallelSum(float[16000], 2, 100, listener)"};
            Call call = new Call(c, Bug.THREADS, "[" + describe(o) + "] " + what[kind] + " while another thread closes it");
            if (o instanceof ProgressListener) {
                call.listener((ProgressListener) o, null, data.length);
            }
            attempt(call, () -> {
                switch (kind) {
                    case 0: ((KMeans) o).fit(data, 4000, 4); return null;
                    case 1: ((NBody) o).step(5); return ((NBody) o).totalEnergy();
                    case 2: for (int i = 0; i < 20; i++) ((RunningStats) o).add(data); return ((RunningStats) o).count();
                    default: return mymodule.parallelSum(data, 2, 100, (ProgressListener) o);
                }
            });
        });
        for (int t = 0; t < 2; t++) {
            tasks.add(c -> {
                long until = System.nanoTime() + delayMicros * 1000L;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                Call call = new Call(c, Bug.THREADS, "[" + describe(o) + "] close() during another thread's use and another close()");
                attempt(call, () -> {
                    ((AutoCloseable) o).close();
                    return null;
                });
            });
        }
        together(tasks);
        close(o);  // whichever close() above was refused as in use
        long after = liveObjects();
        if (after > before) {  // lower is possible: the collector frees objects earlier rounds dropped
            bad(Bug.THREADS, "liveObjects() went from " + before + " to " + after + " after one object was made and closed concurrently"
                    + " (never destroyed)");
        }
    }

    /** A view after its owner was closed, or collected: refused, or still the owner's last positions. */
    void viewRound() throws Exception {
        NBody nb = NBody.plummer(3000, random.nextInt(100));
        FloatPointer view = nb.positionsView();
        float[] before = new float[9000];
        nb.getPositions(before);
        boolean close = random.nextBoolean();
        if (close) {
            nb.close();
        }
        nb = null;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Pointer.deallocateReferences();
            Thread.sleep(5);
        }
        // some churn that reuses freed memory
        List<float[]> churn = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            try (RunningStats s = new RunningStats()) {
                float[] v = new float[9000];
                Arrays.fill(v, 123456f);
                s.add(v);
                churn.add(v);
            }
        }
        Ctx c = ctxs[0];
        Call call = new Call(c, Bug.VIEWS, "positionsView() of a 3000-body NBody read after the NBody was " + (close ? "closed" : "dropped and collected"));
        Object r = attempt(call, () -> {
            float[] now = new float[9000];
            view.get(now);
            return now;
        });
        if (r != FAILED && !Arrays.equals(before, (float[]) r)) {
            bad(Bug.VIEWS, call.description + ": returned other values than the positions it showed (freed memory)");
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Everything closed with no one using it (close must succeed now), then JavaCPP's and our counters as before. */
    void finish(NativeLeakCheck.Counters baseline) throws InterruptedException {
        List<Object> all;
        synchronized (everything) {
            all = new ArrayList<>(everything);
        }
        for (Object o : all) {
            try {
                ((AutoCloseable) o).close();
            } catch (Throwable e) {
                bad(mode.bug == null ? Bug.THREADS : mode.bug, "close() of " + describe(o) + " with no call running threw " + e);
            }
        }
        for (AtomicReferenceArray<Object> slots : pool.values()) {
            for (int i = 0; i < slots.length(); i++) {
                slots.set(i, null);
            }
        }
        for (int i = 0; i < views.length(); i++) {
            views.set(i, null);
        }
        all.clear();
        everything.clear();
        logics.clear();
        THROWN.clear();  // they hold listeners, which must be collectable now
        DELIVERED.clear();
        for (Ctx c : ctxs) {
            c.fuzz.closeGarbage();
        }
        NativeLeakCheck.Counters after = NativeLeakCheck.settle(baseline);
        if (!after.equals(baseline)) {
            out.println("LEAK " + (mode.bug == null ? "" : mode.bug + " ") + "before: " + baseline + ", after: " + after);
        }
    }

    /** Ends the JVM (exit code 3) when one call runs longer than {@link #HANG_NANOS}, printing what each thread was doing. */
    void watchdog() {
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                for (Ctx c : ctxs) {
                    long started = c.startedAt;
                    if (started != 0 && System.nanoTime() - started > HANG_NANOS) {
                        synchronized (out) {
                            out.println("HANG " + (mode.bug == null ? "" : mode.bug + " ") + "thread " + c.index + ": " + c.current);
                            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                                if (e.getKey().getName().startsWith("fuzz-")) {
                                    out.println("HANG stack of " + e.getKey().getName() + ": "
                                            + Arrays.toString(Arrays.copyOf(e.getValue(), Math.min(8, e.getValue().length))));
                                }
                            }
                            out.flush();
                        }
                        Runtime.getRuntime().halt(3);
                    }
                }
            }
        }, "fuzz-watchdog");
        t.setDaemon(true);
        t.start();
    }

}
