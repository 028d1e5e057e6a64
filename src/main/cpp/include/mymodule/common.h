// Vocabulary types shared by every mymodule header. Not parsed by JavaCPP: the binding maps
// Span with an adapter and OperationCancelled with its exception translation.
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

// What libmymodule exports. On Windows a DLL exports only these; elsewhere they are visible anyway.
#if defined(_WIN32)
#if defined(MYMODULE_BUILDING_LIBRARY)
#define MYMODULE_API __declspec(dllexport)
#else
#define MYMODULE_API __declspec(dllimport)
#endif
#else
#define MYMODULE_API __attribute__((visibility("default")))
#endif

namespace mymodule {

/// A view of `size` contiguous elements starting at `data`, like C++20's std::span.
/// From Java it is a primitive array or a JavaCPP Pointer (`Buffers.pointer(buffer)` wraps an NIO
/// buffer), whose length (array length, pointer limit - position) travels with it, so a kernel
/// never reads past what Java handed over. A Pointer is always shared. An array is read and written
/// in place, pinned for the call (no copy), by every function without a ProgressListener except
/// KMeans::fit; those calls, which call back into Java or run long, copy it in (and back for an output).
template <class T>
class Span {
public:
    constexpr Span() noexcept = default;
    constexpr Span(T* data, std::size_t size) noexcept : data_(data), size_(size) {}

    constexpr T* data() const noexcept { return data_; }
    constexpr std::size_t size() const noexcept { return size_; }
    constexpr bool empty() const noexcept { return size_ == 0; }
    constexpr T& operator[](std::size_t i) const noexcept { return data_[i]; }
    constexpr T* begin() const noexcept { return data_; }
    constexpr T* end() const noexcept { return data_ + size_; }

private:
    T* data_ = nullptr;
    std::size_t size_ = 0;
};

/// A Span whose memory is shared: it stays valid while the object that made it or any copy of the
/// View lives. From Java, a Pointer that holds the memory until it is closed or collected.
template <class T>
class View : public Span<T> {
public:
    View(Span<T> span, std::shared_ptr<const void> owner) noexcept : Span<T>(span), owner_(std::move(owner)) {}
    /// What keeps the memory alive.
    const std::shared_ptr<const void>& owner() const noexcept { return owner_; }

private:
    std::shared_ptr<const void> owner_;
};

class ProgressListener;
class Resource;

/// A null argument where an object or array is required. Java sees java.lang.NullPointerException.
class NullArgument : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

/// A call that the object's state does not allow: the object is closed, in use by another call, or
/// not ready (NotReady). Java sees java.lang.IllegalStateException.
class StateError : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

/// A result asked for before the call that computes it: "KMeans.getLabels: call fit first". A StateError,
/// so Java sees java.lang.IllegalStateException too.
class NotReady : public StateError {
public:
    using StateError::StateError;
};

namespace detail {

/// One call's use of a Resource, for its scope: reading (shared with other readers) or changing
/// (alone). The constructor throws StateError, naming the class and `method`, when the object is closed or the
/// use conflicts with a call in progress; the destructor ends the use.
class MYMODULE_API Use {
public:
    enum Kind { reading, changing };
    Use(const Resource& object, const char* method, Kind kind);
    ~Use();
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;

private:
    const Resource& object_;
    Kind kind_;
};

}  // namespace detail

/// Thrown when a ProgressListener asks a long operation to stop. Java sees it as
/// java.util.concurrent.CancellationException, or as the listener's own exception if it threw one.
class OperationCancelled : public std::runtime_error {
public:
    OperationCancelled(const std::string& message, const ProgressListener* listener)
        : std::runtime_error(message), listener_(listener) {}
    /// The listener that cancelled, so the binding can find an exception it recorded.
    const ProgressListener* listener() const noexcept { return listener_; }

private:
    const ProgressListener* listener_;
};

}  // namespace mymodule
