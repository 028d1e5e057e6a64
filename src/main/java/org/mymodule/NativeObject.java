package org.mymodule;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * The Java base of every mymodule C++ object ({@link Resource} and its subclasses): a Pointer to exactly
 * one C++ object, whose lifetime C++ manages.
 *
 * <p>A JavaCPP Pointer can be moved, resized, filled, freed or given up through its public methods; on
 * one of our objects each of those would let native code reach memory that is not the object, or
 * free it behind C++'s back. This class refuses them with {@link UnsupportedOperationException}, and
 * makes JavaCPP's ways of ending a Pointer ({@link #deallocate()}, {@link #releaseReference()}, a
 * {@code PointerScope}) call {@code close()}. Reading methods ({@link #address()}, {@link #position()},
 * {@link #limit()}, {@link #capacity()}) stay. The static {@code Pointer.free}, {@code memcpy} and
 * {@code memset}, and a Pointer cast from one of our objects ({@code new BytePointer(kmeans)}), reach
 * the object's memory directly: like FFM's restricted methods, they are the caller's responsibility.
 */
@Properties(inherit = org.mymodule.presets.mymodule.class)  // the Builder scans org.mymodule.** and warns without it
public abstract class NativeObject extends Pointer {
    /**
     * For generated constructors, which pass null and then allocate.
     *
     * @throws UnsupportedOperationException if p is not null (a mymodule object is not a view of other
     *         memory), or for {@code new Resource(null)}: the base class alone is no C++ object
     */
    protected NativeObject(Pointer p) {
        super(p);
        freeCollected();
        if (p != null) {
            throw refused("be cast from another Pointer");
        }
        if (getClass() == Resource.class) {
            throw refused("be made on its own: make one of its subclasses");
        }
    }

    /** Closed objects whose own few C++ bytes wait until the GC shows that no thread can still be in a call on them. */
    private static final ReferenceQueue<NativeObject> COLLECTED = new ReferenceQueue<>();
    private static final Set<Retired> RETIRED = Collections.newSetFromMap(new ConcurrentHashMap<>());

    private static final class Retired extends PhantomReference<NativeObject> {
        final Deallocator free;

        Retired(NativeObject object, Deallocator free) {
            super(object, COLLECTED);
            this.free = free;
        }
    }

    private boolean retired;

    /**
     * Called by {@code close()} once C++ has released what the object holds. The object's own C++
     * bytes (its state word) must outlive any call that read its address before close(), so they
     * are freed only after the garbage collector has collected this Java object; meanwhile they leave
     * JavaCPP's accounting, as a closed Pointer does.
     */
    protected final synchronized void retire() {
        Deallocator free = deallocator();
        if (retired || free == null) {
            return;
        }
        retired = true;
        super.deallocate(false);  // out of JavaCPP's list and counters; nothing freed yet
        RETIRED.add(new Retired(this, free));
        freeCollected();
    }

    /** Frees the C++ bytes of retired objects that the garbage collector has collected. */
    private static void freeCollected() {
        for (Reference<? extends NativeObject> r; (r = COLLECTED.poll()) != null; ) {
            RETIRED.remove(r);
            ((Retired) r).free.deallocate();
        }
    }

    private UnsupportedOperationException refused(String what) {
        return new UnsupportedOperationException(getClass().getSimpleName() + " is one C++ object that C++ manages: it cannot "
                + what);
    }

    /** Releases what the C++ object holds; see {@link Resource#close()}. */
    @Override public abstract void close();

    /** Releases the object: {@code close()}. */
    @Override public void deallocate() {
        close();
    }

    /**
     * {@code close()} when {@code deallocate} is true.
     *
     * @throws UnsupportedOperationException if deallocate is false: the object cannot be given up to leak
     */
    @Override public void deallocate(boolean deallocate) {
        if (!deallocate) {
            throw refused("be given up without closing it");
        }
        close();
    }

    /** Does nothing: a mymodule object is not reference counted, it lives until {@code close()}. */
    @Override public <P extends Pointer> P retainReference() {
        @SuppressWarnings("unchecked") P self = (P) this;
        return self;
    }

    /** Closes the object ({@code PointerScope} ends Pointers this way) and returns true. */
    @Override public boolean releaseReference() {
        close();
        return true;
    }

    /** @throws UnsupportedOperationException always */
    @Override public void setNull() {
        throw refused("be set to null");
    }

    /** @throws UnsupportedOperationException unless position is 0: a C++ object is not an array */
    @Override public <P extends Pointer> P position(long position) {
        if (position != 0) {
            throw refused("move to position " + position);
        }
        @SuppressWarnings("unchecked") P self = (P) this;
        return self;
    }

    /** @throws UnsupportedOperationException always */
    @Override public <P extends Pointer> P limit(long limit) {
        throw refused("change its limit");
    }

    /** @throws UnsupportedOperationException always */
    @Override public <P extends Pointer> P capacity(long capacity) {
        throw refused("change its capacity");
    }

    /** @throws UnsupportedOperationException always */
    @Override public <P extends Pointer> P put(Pointer p) {
        throw refused("be overwritten");
    }

    /** @throws UnsupportedOperationException always */
    @Override public <P extends Pointer> P fill(int b) {
        throw refused("be filled");
    }

    /** @throws UnsupportedOperationException always */
    @Override public <P extends Pointer> P zero() {
        throw refused("be zeroed");
    }

    /** @throws UnsupportedOperationException always */
    @Override public ByteBuffer asByteBuffer() {
        throw refused("be viewed as a ByteBuffer");
    }

    /** @throws UnsupportedOperationException always */
    @Override public java.nio.Buffer asBuffer() {
        throw refused("be viewed as a Buffer");
    }

    /** @throws UnsupportedOperationException always */
    @Override public <P extends Pointer> P getPointer(Class<P> type, long i) {
        throw refused("be viewed as another Pointer");
    }
}
