package org.mymodule;

import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * The base of every mymodule C++ class seen from Java: a Pointer to exactly one C++ object.
 *
 * <p>A JavaCPP Pointer can also be moved ({@code position}) and cast from any other Pointer; on a
 * single object both lead native code to memory that is not the object, which can crash the JVM.
 * The preset therefore generates no cast constructor or array allocator ({@code skipDefaults}) for
 * our classes, and this class refuses every position but 0.
 */
@Properties(inherit = org.mymodule.presets.mymodule.class)  // the Builder scans org.mymodule.** and warns without it
public abstract class NativeObject extends Pointer {
    /** For generated constructors, which pass null and then allocate. */
    protected NativeObject(Pointer p) {
        super(p);
    }

    /**
     * A C++ object is not an array: only position 0 is allowed.
     *
     * @throws IndexOutOfBoundsException if position is not 0
     */
    @Override public NativeObject position(long position) {
        if (position != 0) {
            throw new IndexOutOfBoundsException(getClass().getSimpleName() + " is one C++ object, not an array: position must be 0, got " + position);
        }
        return this;
    }
}
