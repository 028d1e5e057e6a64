// Compiled into the JNI library only (listed in the preset's include, skipped by its parser):
// how a Java array or Pointer becomes a Span, and how a C++ exception becomes a Java one.
#pragma once

#include <jni.h>

#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>

#include "mymodule/common.h"

namespace mymodule::jni {

// A null Java array or Pointer; becomes java.lang.NullPointerException.
class NullArgument : public std::invalid_argument {
public:
    NullArgument() : std::invalid_argument("array or Pointer argument is null") {}
};

// JavaCPP's Generator builds this from (address, element count, owner): the count is the array
// length or the Pointer's limit - position. The constructor runs before JavaCPP's try block, so
// it only stores; the checks run in the conversion, inside it.
template <class T>
class SpanAdapter {
public:
    SpanAdapter(T* ptr, jlong size, void* owner) noexcept : ptr(ptr), size(size), owner(owner) {}
    // A Span that C++ returns (a view of an object's memory): Java gets a Pointer of its length that owns nothing.
    SpanAdapter(const Span<T>& span) noexcept
        : ptr(span.data()), size(static_cast<jlong>(span.size())), owner(nullptr) {}

    operator Span<T>() const {
        if (ptr == nullptr) throw NullArgument();
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

// The exception that a Progress.listener lambda threw, recorded by Java under the listener's address.
inline jthrowable takeListenerFailure(JNIEnv* env, const ProgressListener* listener) {
    jclass progress = env->FindClass("org/mymodule/Progress");
    if (progress == nullptr) {
        env->ExceptionClear();
        return nullptr;
    }
    jmethodID take = env->GetStaticMethodID(progress, "takeFailure", "(J)Ljava/lang/Throwable;");
    jthrowable failure = take == nullptr ? nullptr
        : static_cast<jthrowable>(env->CallStaticObjectMethod(progress, take, static_cast<jlong>(
                                                                  reinterpret_cast<std::uintptr_t>(listener))));
    if (env->ExceptionCheck()) env->ExceptionClear();
    env->DeleteLocalRef(progress);
    return failure;
}

// Called while a C++ exception is being handled: picks the Java exception type for it, keeping its message.
inline jthrowable toJavaException(JNIEnv* env, jstring message) {
    const char* type = "java/lang/RuntimeException";
    try {
        throw;
    } catch (const OperationCancelled& e) {
        if (jthrowable failure = takeListenerFailure(env, e.listener())) return failure;
        type = "java/util/concurrent/CancellationException";
    } catch (const NullArgument&) {
        type = "java/lang/NullPointerException";
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
    return init == nullptr ? nullptr : static_cast<jthrowable>(env->NewObject(cls, init, message));
}

}  // namespace mymodule::jni

// JavaCPP 1.5.14 maps every C++ exception to the one Java class a method declares. Its handler
// evaluates `e.GENERIC_EXCEPTION_TOSTRING` with `env` in scope, so this definition hands the
// exception to toJavaException above, which picks the Java type by the C++ type.
#define GENERIC_EXCEPTION_CLASS std::exception
#define GENERIC_EXCEPTION_TOSTRING what()); return mymodule::jni::toJavaException(env, str
