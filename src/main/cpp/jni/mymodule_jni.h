// Compiled into the JNI library only (listed in the preset's include, skipped by its parser):
// how a Java array or Pointer becomes a Span, and how a C++ exception becomes a Java one.
#pragma once

#include <jni.h>

#if defined(__GLIBC__)
#include <malloc.h>
#elif defined(__APPLE__)
#include <malloc/malloc.h>
#endif

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <type_traits>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>

#include "mymodule/common.h"
#include "mymodule/core.h"
#include "mymodule/image.h"
#include "mymodule/stats.h"

namespace mymodule::jni {

// The memory of the views this binding returned, by first element: a view's Pointer has that address
// as its owner, so an argument made from a view is checked against the view's exact size.
class Views {
public:
    static void add(const void* data, std::size_t bytes, std::shared_ptr<const void> keep) {
        const std::lock_guard<std::mutex> lock(mutex());
        ++live();
        Entry& entry = table()[data];
        entry.bytes = bytes;
        entry.keep = std::move(keep);
        ++entry.pointers;
    }
    static void remove(const void* data) noexcept {
        const std::lock_guard<std::mutex> lock(mutex());
        const auto it = table().find(data);
        if (it == table().end()) return;
        --live();
        if (--it->second.pointers == 0) table().erase(it);  // the memory may go now
    }
    // The bytes of the view that starts at data, or 0 when data starts no view.
    static std::size_t bytes(const void* data) {
        if (live().load(std::memory_order_relaxed) == 0) return 0;  // no view: no lock for the common call
        const std::lock_guard<std::mutex> lock(mutex());
        const auto it = table().find(data);
        return it == table().end() ? 0 : it->second.bytes;
    }

private:
    struct Entry {
        std::size_t bytes = 0;
        long long pointers = 0;
        std::shared_ptr<const void> keep;
    };
    static std::atomic<long long>& live() {
        static std::atomic<long long> n{0};
        return n;
    }
    static std::mutex& mutex() {
        static std::mutex m;
        return m;
    }
    static std::map<const void*, Entry>& table() {
        static std::map<const void*, Entry> t;
        return t;
    }
};

// The bytes of memory that starts at owner, where it can be known without reading memory that may not
// be there: a view's size, or what malloc gave a JavaCPP allocation (new FloatPointer(n) is new[]);
// 0 when unknown. JavaCPP's owner of a Pointer it allocated is the allocation's first element.
inline std::size_t ownedBytes(const void* owner) {
    if (const std::size_t view = Views::bytes(owner)) return view;
#if defined(__GLIBC__)
    return malloc_usable_size(const_cast<void*>(owner));
#elif defined(__APPLE__)
    return malloc_size(owner);  // 0 for memory not from malloc
#else
    return 0;
#endif
}

// JavaCPP's Generator builds these from (address, element count, owner): the count is the array
// length or the Pointer's limit - position. The constructor runs before JavaCPP's try block, so
// it only stores; the checks run in the conversion, inside it.
template <class T>
class ArrayAdapter {
public:
    ArrayAdapter(T* ptr, jlong size, void* owner) noexcept : ptr(ptr), size(size), owner(owner) {}

    operator Span<T>() const {
        if (ptr == nullptr) throw NullArgument("array or Pointer argument is null");
        return Span<T>(ptr, static_cast<std::size_t>(size));
    }
    // JavaCPP reads these back after the call; returning the same address leaves the Pointer as it was.
    operator T*() const noexcept { return ptr; }
    static void deallocate(void*) noexcept {}

    T* ptr;
    jlong size;
    void* owner;
};

// A Pointer argument: besides null and a position past the limit, what JavaCPP knows to be
// inconsistent is refused when the Pointer owns its memory (owner is its first element): a negative
// position, or a limit past the memory's end where that is known (ownedBytes).
template <class T>
class SpanAdapter : public ArrayAdapter<T> {
public:
    using ArrayAdapter<T>::ArrayAdapter;

    operator Span<T>() const {
        const Span<T> span = ArrayAdapter<T>::operator Span<T>();
        if (this->size < 0) {
            throw std::out_of_range("Pointer position is past its limit by " + std::to_string(-this->size) +
                                    " elements");
        }
        if (this->owner != nullptr) {
            const auto first = reinterpret_cast<std::uintptr_t>(this->ptr);
            const auto base = reinterpret_cast<std::uintptr_t>(this->owner);
            if (first < base) {
                throw std::out_of_range("Pointer position is negative: it starts " + std::to_string((base - first) / sizeof(T)) +
                                        " elements before its memory");
            }
            const std::size_t bytes = ownedBytes(this->owner);
            if (bytes != 0 && (first - base) / sizeof(T) + span.size() > bytes / sizeof(T)) {
                throw std::out_of_range("Pointer limit is past the end of its memory: position + " +
                                        std::to_string(span.size()) + " elements, but it holds " +
                                        std::to_string(bytes / sizeof(T)));
            }
        }
        return span;
    }
};

// A View that C++ returns: Java gets a Pointer of its length whose owner is its first element, which
// holds the view's memory (in Views) until the Pointer is closed or collected.
template <class T>
class ViewAdapter {
public:
    ViewAdapter(const View<T>& view)
        : ptr(view.data()), size(static_cast<jlong>(view.size())), owner(const_cast<std::remove_const_t<T>*>(view.data())) {
        Views::add(view.data(), view.size() * sizeof(T), view.owner());
    }
    ViewAdapter(const ViewAdapter&) = delete;
    ViewAdapter& operator=(const ViewAdapter&) = delete;
    operator T*() const noexcept { return ptr; }
    static void deallocate(void* owner) noexcept { Views::remove(owner); }

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

// A Java array lent to a kernel in place: T is its element type, const for an input (never written
// back) and non-const for an output.
template <class T>
struct Lent {
    jarray array;
};
template <class T>
Lent<const T> input(jarray array) noexcept { return {array}; }
template <class T>
Lent<T> output(jarray array) noexcept { return {array}; }

template <class... T>
struct Spans {
    template <class Call, std::size_t... I>
    static auto call(Call& call, void* const* data, const std::size_t* lengths, std::index_sequence<I...>) {
        return call(Span<T>(static_cast<T*>(data[I]), lengths[I])...);
    }
};

// Runs call(Span<T>...) on Java arrays pinned in place (GetPrimitiveArrayCritical): no copy, no malloc.
// The JNI rules for a critical region hold: every length is read before the first pin, nothing but
// the kernel runs while pinned (no listener: it would call Java), and the pins are released (by the
// destructors) before an exception leaves, so the exception handler's JNI calls come after them.
// JavaCPP's @CriticalRegion breaks the first and last rule, so the binding calls this instead.
template <class Call, class... T>
auto lend(JNIEnv* env, Call call, Lent<T>... lent) {
    constexpr std::size_t n = sizeof...(T);
    const jarray arrays[n] = {lent.array...};
    std::size_t lengths[n];
    for (std::size_t i = 0; i < n; ++i) {
        if (arrays[i] == nullptr) throw NullArgument("array or Pointer argument is null");
        lengths[i] = static_cast<std::size_t>(env->GetArrayLength(arrays[i]));
    }
    struct Pin {
        JNIEnv* env = nullptr;
        jarray array = nullptr;
        void* data = nullptr;
        jint mode = 0;  // JNI_ABORT for an input: nothing to write back (HotSpot pins, so it never copies anyway)
        ~Pin() {
            if (data != nullptr) env->ReleasePrimitiveArrayCritical(array, data, mode);
        }
    } pins[n];
    const jint modes[n] = {(std::is_const_v<T> ? JNI_ABORT : 0)...};
    for (std::size_t i = 0; i < n; ++i) {
        pins[i].env = env, pins[i].array = arrays[i], pins[i].mode = modes[i];
        pins[i].data = env->GetPrimitiveArrayCritical(arrays[i], nullptr);
        if (pins[i].data == nullptr) throw std::bad_alloc();  // the JVM has an OutOfMemoryError pending
    }
    void* data[n];
    for (std::size_t i = 0; i < n; ++i) data[i] = pins[i].data;
    return Spans<T...>::call(call, data, lengths, std::index_sequence_for<T...>{});
}

// The array overloads of these functions lend the Java array (the preset's javaText names them).
inline jdouble sum(JNIEnv* env, jclass, jfloatArray values) {
    return lend(env, [](Span<const float> v) { return mymodule::sum(v); }, input<float>(values));
}
inline jdouble sum(JNIEnv* env, jclass, jdoubleArray values) {
    return lend(env, [](Span<const double> v) { return mymodule::sum(v); }, input<double>(values));
}
inline jdouble sumFast(JNIEnv* env, jclass, jfloatArray values) {
    return lend(env, [](Span<const float> v) { return mymodule::sumFast(v); }, input<float>(values));
}
inline jdouble dot(JNIEnv* env, jclass, jfloatArray x, jfloatArray y) {
    return lend(env, [](Span<const float> a, Span<const float> b) { return mymodule::dot(a, b); }, input<float>(x),
                input<float>(y));
}
inline jdouble dot(JNIEnv* env, jclass, jdoubleArray x, jdoubleArray y) {
    return lend(env, [](Span<const double> a, Span<const double> b) { return mymodule::dot(a, b); },
                input<double>(x), input<double>(y));
}
inline jdouble dotFast(JNIEnv* env, jclass, jfloatArray x, jfloatArray y) {
    return lend(env, [](Span<const float> a, Span<const float> b) { return mymodule::dotFast(a, b); },
                input<float>(x), input<float>(y));
}
template <class J, class T>
Moments momentsOf(JNIEnv* env, J values, jint ddof) {
    return lend(env, [ddof](Span<const T> v) { return mymodule::moments(v, ddof); }, input<T>(values));
}
inline Moments moments(JNIEnv* env, jclass, jfloatArray values, jint ddof) {
    return momentsOf<jfloatArray, float>(env, values, ddof);
}
inline Moments moments(JNIEnv* env, jclass, jdoubleArray values, jint ddof) {
    return momentsOf<jdoubleArray, double>(env, values, ddof);
}
inline void moments(JNIEnv* env, jclass, jfloatArray values, jint ddof, Moments* out) {
    lend(env, [&](Span<const float> v) { mymodule::moments(v, ddof, out); }, input<float>(values));
}
inline void moments(JNIEnv* env, jclass, jdoubleArray values, jint ddof, Moments* out) {
    lend(env, [&](Span<const double> v) { mymodule::moments(v, ddof, out); }, input<double>(values));
}

template <class J, class T>
jdouble quantileOf(JNIEnv* env, J values, jdouble q) {
    return lend(env, [q](Span<const T> v) { return mymodule::quantile(v, q); }, input<T>(values));
}
inline jdouble quantile(JNIEnv* env, jclass, jfloatArray values, jdouble q) {
    return quantileOf<jfloatArray, float>(env, values, q);
}
inline jdouble quantile(JNIEnv* env, jclass, jdoubleArray values, jdouble q) {
    return quantileOf<jdoubleArray, double>(env, values, q);
}
template <class J, class T>
void quantilesOf(JNIEnv* env, J values, jdoubleArray qs, jdoubleArray out) {
    lend(env, [](Span<const T> v, Span<const double> q, Span<double> o) { mymodule::quantiles(v, q, o); },
         input<T>(values), input<double>(qs), output<double>(out));
}
inline void quantiles(JNIEnv* env, jclass, jfloatArray values, jdoubleArray qs, jdoubleArray out) {
    quantilesOf<jfloatArray, float>(env, values, qs, out);
}
inline void quantiles(JNIEnv* env, jclass, jdoubleArray values, jdoubleArray qs, jdoubleArray out) {
    quantilesOf<jdoubleArray, double>(env, values, qs, out);
}
template <class J, class T>
HistogramOutliers histogramOf(JNIEnv* env, J values, jdouble lo, jdouble hi, jlongArray counts) {
    return lend(env, [=](Span<const T> v, Span<long long> c) { return mymodule::histogram(v, lo, hi, c); },
                input<T>(values), output<long long>(counts));
}
inline HistogramOutliers histogram(JNIEnv* env, jclass, jfloatArray values, jdouble lo, jdouble hi, jlongArray counts) {
    return histogramOf<jfloatArray, float>(env, values, lo, hi, counts);
}
inline HistogramOutliers histogram(JNIEnv* env, jclass, jdoubleArray values, jdouble lo, jdouble hi, jlongArray counts) {
    return histogramOf<jdoubleArray, double>(env, values, lo, hi, counts);
}

// Member functions: the Java method passes its object first.
template <class C>
C& object(C* self) {
    if (self == nullptr) throw NullArgument("the object is null");
    return *self;
}
inline void add(JNIEnv* env, jclass, RunningStats* self, jfloatArray values) {
    lend(env, [&](Span<const float> v) { object(self).add(v); }, input<float>(values));
}

inline void getCentroids(JNIEnv* env, jclass, KMeans* self, jfloatArray out) {
    lend(env, [&](Span<float> o) { object(self).getCentroids(o); }, output<float>(out));
}
inline void getInitialCentroids(JNIEnv* env, jclass, KMeans* self, jfloatArray out) {
    lend(env, [&](Span<float> o) { object(self).getInitialCentroids(o); }, output<float>(out));
}
inline void getLabels(JNIEnv* env, jclass, KMeans* self, jintArray out) {
    lend(env, [&](Span<int> o) { object(self).getLabels(o); }, output<int>(out));
}
inline void predict(JNIEnv* env, jclass, KMeans* self, jfloatArray points, jlong m, jintArray labelsOut) {
    lend(env, [&](Span<const float> p, Span<int> l) { object(self).predict(p, m, l); }, input<float>(points),
         output<int>(labelsOut));
}
inline void positions(JNIEnv* env, jclass, NBody* self, jfloatArray xyz) {
    lend(env, [&](Span<const float> v) { object(self).positions(v); }, input<float>(xyz));
}
inline void velocities(JNIEnv* env, jclass, NBody* self, jfloatArray vxyz) {
    lend(env, [&](Span<const float> v) { object(self).velocities(v); }, input<float>(vxyz));
}
inline void masses(JNIEnv* env, jclass, NBody* self, jfloatArray m) {
    lend(env, [&](Span<const float> v) { object(self).masses(v); }, input<float>(m));
}
inline void getMomentum(JNIEnv* env, jclass, NBody* self, jdoubleArray out) {
    lend(env, [&](Span<double> o) { object(self).getMomentum(o); }, output<double>(out));
}
inline void getCenterOfMass(JNIEnv* env, jclass, NBody* self, jdoubleArray out) {
    lend(env, [&](Span<double> o) { object(self).getCenterOfMass(o); }, output<double>(out));
}
inline void getPositions(JNIEnv* env, jclass, NBody* self, jfloatArray xyz) {
    lend(env, [&](Span<float> o) { object(self).getPositions(o); }, output<float>(xyz));
}
inline void getVelocities(JNIEnv* env, jclass, NBody* self, jfloatArray vxyz) {
    lend(env, [&](Span<float> o) { object(self).getVelocities(o); }, output<float>(vxyz));
}

inline jdouble accumulateClusters(JNIEnv* env, jclass, jfloatArray points, jlong m, jint d, jfloatArray centroids,
                                  jint k, jdoubleArray sums, jlongArray counts) {
    return lend(env, [&](Span<const float> p, Span<const float> c, Span<double> s, Span<long long> n) {
        return mymodule::accumulateClusters(p, m, d, c, k, s, n);
    }, input<float>(points), input<float>(centroids), output<double>(sums), output<long long>(counts));
}
inline jdouble assignClusters(JNIEnv* env, jclass, jfloatArray points, jlong m, jint d, jfloatArray centroids, jint k,
                              jintArray labelsOut) {
    return lend(env, [&](Span<const float> p, Span<const float> c, Span<int> l) {
        return mymodule::assignClusters(p, m, d, c, k, l);
    }, input<float>(points), input<float>(centroids), output<int>(labelsOut));
}

// The image functions without a listener (Images calls these on a raster's own arrays).
inline void toGray(JNIEnv* env, jclass, ChannelOrder order, jbyteArray src, jint width, jint height, jint srcStride,
                   jint channels, jbyteArray dst, jint dstStride, jint threads) {
    lend(env, [&](Span<const unsigned char> in, Span<unsigned char> out) {
        mymodule::toGray(order, in, width, height, srcStride, channels, out, dstStride, threads);
    }, input<unsigned char>(src), output<unsigned char>(dst));
}
inline void gaussianBlur(JNIEnv* env, jclass, Border border, jbyteArray src, jint width, jint height, jint srcStride,
                         jint channels, jdouble sigma, jbyteArray dst, jint dstStride, jint threads) {
    lend(env, [&](Span<const unsigned char> in, Span<unsigned char> out) {
        mymodule::gaussianBlur(border, in, width, height, srcStride, channels, sigma, out, dstStride, threads);
    }, input<unsigned char>(src), output<unsigned char>(dst));
}
inline void sobel(JNIEnv* env, jclass, Border border, jbyteArray src, jint width, jint height, jint srcStride,
                  jint channels, jshortArray dx, jshortArray dy, jint dstStride, jint threads) {
    lend(env, [&](Span<const unsigned char> in, Span<short> x, Span<short> y) {
        mymodule::sobel(border, in, width, height, srcStride, channels, x, y, dstStride, threads);
    }, input<unsigned char>(src), output<short>(dx), output<short>(dy));
}
template <class J, class T>
void sobelMagnitudeOf(JNIEnv* env, Border border, jbyteArray src, jint width, jint height, jint srcStride,
                      jint channels, J dst, jint dstStride, jint threads) {
    lend(env, [&](Span<const unsigned char> in, Span<T> out) {
        mymodule::sobelMagnitude(border, in, width, height, srcStride, channels, out, dstStride, threads);
    }, input<unsigned char>(src), output<T>(dst));
}
inline void sobelMagnitude(JNIEnv* env, jclass, Border border, jbyteArray src, jint width, jint height,
                           jint srcStride, jint channels, jbyteArray dst, jint dstStride, jint threads) {
    sobelMagnitudeOf<jbyteArray, unsigned char>(env, border, src, width, height, srcStride, channels, dst, dstStride,
                                                threads);
}
inline void sobelMagnitude(JNIEnv* env, jclass, Border border, jbyteArray src, jint width, jint height,
                           jint srcStride, jint channels, jfloatArray dst, jint dstStride, jint threads) {
    sobelMagnitudeOf<jfloatArray, float>(env, border, src, width, height, srcStride, channels, dst, dstStride, threads);
}
inline void resize(JNIEnv* env, jclass, Interpolation interpolation, jbyteArray src, jint srcWidth, jint srcHeight,
                   jint srcStride, jint channels, jbyteArray dst, jint dstWidth, jint dstHeight, jint dstStride,
                   jint threads) {
    lend(env, [&](Span<const unsigned char> in, Span<unsigned char> out) {
        mymodule::resize(interpolation, in, srcWidth, srcHeight, srcStride, channels, out, dstWidth, dstHeight,
                         dstStride, threads);
    }, input<unsigned char>(src), output<unsigned char>(dst));
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
