// Vocabulary types shared by every mymodule header. Not parsed by JavaCPP: the binding maps
// Span with an adapter and OperationCancelled with its exception translation.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

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
/// never reads past what Java handed over.
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

class ProgressListener;

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
