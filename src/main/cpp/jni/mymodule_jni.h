// Compiled into the JNI library only (listed in the preset's include, skipped by its parser):
// how a Java array or Pointer becomes a Span, and how a C++ exception becomes a Java one.
#pragma once

#include <jni.h>

#include <cstdint>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>

#include "mymodule/common.h"
#include "mymodule/image.h"

namespace mymodule::jni {

// The preset's nullValue for an object passed by reference: a null Java object throws here, inside
// the call, so the arrays fetched before it are released (JavaCPP's own check would return early).
template <class T>
[[noreturn]] T& nullArgument(const char* name) {
    throw NullArgument(std::string(name) + " is null");
}

// JavaCPP's Generator builds this from (address, element count, owner): the count is the array
// length or the Pointer's limit - position. The constructor runs before JavaCPP's try block, so
// it only stores; the checks run in the conversion, inside it.
template <class T>
class SpanAdapter {
public:
    SpanAdapter(T* ptr, jlong size, void* owner) noexcept : ptr(ptr), size(size), owner(owner) {}

    operator Span<T>() const {
        if (ptr == nullptr) throw NullArgument("array or Pointer argument is null");
        if (size < 0) {
            throw std::out_of_range("Pointer position is past its limit by " + std::to_string(-size) +
                                    " elements");
        }
        return Span<T>(ptr, static_cast<std::size_t>(size));
    }
    // JavaCPP reads these back after the call; returning the same address leaves the Pointer as it was.
    operator T*() const noexcept { return ptr; }
    static void deallocate(void*) noexcept {}

    T* ptr;
    jlong size;
    void* owner;
};

// A View that C++ returns: Java gets a Pointer of its length that holds the view's memory (a copy
// of its shared_ptr) until the Pointer is closed or collected.
template <class T>
class ViewAdapter {
public:
    ViewAdapter(const View<T>& view)
        : ptr(view.data()), size(static_cast<jlong>(view.size())),
          owner(new std::shared_ptr<const void>(view.owner())) {}
    ViewAdapter(const ViewAdapter&) = delete;
    ViewAdapter& operator=(const ViewAdapter&) = delete;
    operator T*() const noexcept { return ptr; }
    static void deallocate(void* owner) noexcept { delete static_cast<std::shared_ptr<const void>*>(owner); }

    T* ptr;
    jlong size;
    void* owner;
};

// The Throwable a listener threw during this thread's native call (ProgressListener.dispatchProgress
// kept it in Progress), or null.
inline jthrowable takeListenerFailure(JNIEnv* env) {
    jclass progress = env->FindClass("org/mymodule/Progress");
    jmethodID take = progress == nullptr ? nullptr : env->GetStaticMethodID(progress, "takeFailure", "()Ljava/lang/Throwable;");
    jthrowable failure = take == nullptr ? nullptr : static_cast<jthrowable>(env->CallStaticObjectMethod(progress, take));
    if (env->ExceptionCheck()) {
        env->ExceptionClear();
        failure = nullptr;
    }
    if (progress != nullptr) env->DeleteLocalRef(progress);
    return failure;
}

// Runs call(src, dst) on two Java byte arrays pinned in place (GetPrimitiveArrayCritical), no copy.
// The JNI rules for a critical region hold: both lengths are read before the first pin, nothing but
// the kernel runs while pinned (no listener: it would call Java), and the pins are released (by the
// destructors) before an exception leaves, so the exception handler's JNI calls come after them.
// JavaCPP's @CriticalRegion breaks the first and last rule, so Images calls these instead.
template <class Call>
void withPinnedBytes(JNIEnv* env, jbyteArray src, jbyteArray dst, Call call) {
    if (src == nullptr || dst == nullptr) throw NullArgument("array argument is null");
    const auto srcLength = static_cast<std::size_t>(env->GetArrayLength(src));
    const auto dstLength = static_cast<std::size_t>(env->GetArrayLength(dst));
    struct Pin {
        JNIEnv* env;
        jbyteArray array;
        void* data;
        jint mode;  // JNI_ABORT for an input: nothing to write back (HotSpot pins, so it never copies anyway)
        ~Pin() {
            if (data != nullptr) env->ReleasePrimitiveArrayCritical(array, data, mode);
        }
    };
    const Pin in{env, src, env->GetPrimitiveArrayCritical(src, nullptr), JNI_ABORT};
    if (in.data == nullptr) throw std::bad_alloc();  // the JVM has an OutOfMemoryError pending
    const Pin out{env, dst, env->GetPrimitiveArrayCritical(dst, nullptr), 0};
    if (out.data == nullptr) throw std::bad_alloc();
    call(Span<const unsigned char>(static_cast<const unsigned char*>(in.data), srcLength),
         Span<unsigned char>(static_cast<unsigned char*>(out.data), dstLength));
}

// The image functions Images calls on a raster's own arrays (Images' private natives name them).
inline void pinnedToGray(JNIEnv* env, jclass, jint order, jbyteArray src, jint width, jint height, jint srcStride,
                         jint channels, jbyteArray dst, jint dstStride, jint threads) {
    withPinnedBytes(env, src, dst, [&](Span<const unsigned char> in, Span<unsigned char> out) {
        toGray(static_cast<ChannelOrder>(order), in, width, height, srcStride, channels, out, dstStride, threads);
    });
}
inline void pinnedGaussianBlur(JNIEnv* env, jclass, jint border, jbyteArray src, jint width, jint height,
                               jint srcStride, jint channels, jdouble sigma, jbyteArray dst, jint dstStride,
                               jint threads) {
    withPinnedBytes(env, src, dst, [&](Span<const unsigned char> in, Span<unsigned char> out) {
        gaussianBlur(static_cast<Border>(border), in, width, height, srcStride, channels, sigma, out, dstStride,
                     threads);
    });
}
inline void pinnedSobelMagnitude(JNIEnv* env, jclass, jint border, jbyteArray src, jint width, jint height,
                                 jint srcStride, jint channels, jbyteArray dst, jint dstStride, jint threads) {
    withPinnedBytes(env, src, dst, [&](Span<const unsigned char> in, Span<unsigned char> out) {
        sobelMagnitude(static_cast<Border>(border), in, width, height, srcStride, channels, out, dstStride, threads);
    });
}
inline void pinnedResize(JNIEnv* env, jclass, jint interpolation, jbyteArray src, jint srcWidth, jint srcHeight,
                         jint srcStride, jint channels, jbyteArray dst, jint dstWidth, jint dstHeight,
                         jint dstStride, jint threads) {
    withPinnedBytes(env, src, dst, [&](Span<const unsigned char> in, Span<unsigned char> out) {
        resize(static_cast<Interpolation>(interpolation), in, srcWidth, srcHeight, srcStride, channels, out, dstWidth,
               dstHeight, dstStride, threads);
    });
}

// Called while a C++ exception is being handled: the Java exception to throw. A listener's Throwable
// comes first, as the same object; otherwise the Java type is picked by the C++ type, keeping the message.
inline jthrowable toJavaException(JNIEnv* env, const std::exception& e) {
    if (env->ExceptionCheck()) return nullptr;  // already pending: the generated code returns and Java sees it
    if (jthrowable failure = takeListenerFailure(env)) return failure;
    const char* type = "java/lang/RuntimeException";
    try {
        throw;
    } catch (const OperationCancelled&) {
        type = "java/util/concurrent/CancellationException";
    } catch (const NullArgument&) {
        type = "java/lang/NullPointerException";
    } catch (const StateError&) {
        type = "java/lang/IllegalStateException";
    } catch (const std::invalid_argument&) {
        type = "java/lang/IllegalArgumentException";
    } catch (const std::out_of_range&) {
        type = "java/lang/IndexOutOfBoundsException";
    } catch (const std::overflow_error&) {
        type = "java/lang/ArithmeticException";
    } catch (const std::domain_error&) {
        type = "java/lang/ArithmeticException";
    } catch (const std::logic_error&) {  // after its subclasses above: a call the object's state does not allow
        type = "java/lang/IllegalStateException";
    } catch (const std::bad_alloc&) {
        type = "java/lang/OutOfMemoryError";
    } catch (...) {
    }
    jclass cls = env->FindClass(type);
    jmethodID init = cls == nullptr ? nullptr : env->GetMethodID(cls, "<init>", "(Ljava/lang/String;)V");
    jstring message = init == nullptr ? nullptr : env->NewStringUTF(e.what());
    return message == nullptr ? nullptr : static_cast<jthrowable>(env->NewObject(cls, init, message));
}

}  // namespace mymodule::jni

// JavaCPP 1.5.14 maps every C++ exception to the one Java class a method declares. Its handler
// evaluates `JavaCPP_createStringFromBytes(env, e.GENERIC_EXCEPTION_TOSTRING)` with `env` in scope, so
// this definition makes that a no-op (a null string makes no JNI call) and hands the exception to
// toJavaException above.
#define GENERIC_EXCEPTION_CLASS std::exception
#define GENERIC_EXCEPTION_TOSTRING what() ? nullptr : nullptr); return mymodule::jni::toJavaException(env, e
