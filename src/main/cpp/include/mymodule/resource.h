// The lifetime and threading contract every mymodule class shares, in one base class.
#pragma once

#include <atomic>
#include <cstdint>

#include "mymodule/common.h"

namespace mymodule {

/// The base of every mymodule class: an object that holds memory until close() and is used by one
/// changing call, or by any number of reading calls, at a time. The rules, the same for every class:
/// - close() releases what the object holds. It is idempotent and thread-safe. It never waits: while
///   a call is using the object (on any thread, including a listener called from inside that call),
///   close() throws StateError and the object stays open.
/// - Every call after close() throws StateError. The object's own small block of memory stays valid
///   until it is destroyed (from Java: until the garbage collector frees it), so a call that races
///   with close() fails cleanly instead of reading freed memory.
/// - A call that changes the object (a setter, fit, step, add) needs it alone: it throws StateError
///   when another call is in progress. Calls that only read may run together on many threads.
/// From Java, StateError is java.lang.IllegalStateException, and close() is AutoCloseable's.
class MYMODULE_API Resource {
public:
    virtual ~Resource();

    /// Releases what the object holds; a second call does nothing.
    /// \throws StateError if a call is using the object (it stays open then)
    void close();
    /// True once close() has released the object.
    bool closed() const noexcept;

protected:
    /// \param name the class name that error messages give, such as "KMeans"
    explicit Resource(const char* name) noexcept;
    /// A copy or move starts as a new open object; assignment keeps the target's own state.
    Resource(const Resource& other) noexcept;
    Resource& operator=(const Resource& other) noexcept;

    /// Frees what the subclass holds; close() calls it once. A destructor frees everything itself.
    virtual void release() noexcept;

private:
    friend class detail::Use;
    const char* name_;
    mutable std::atomic<std::uint32_t> state_{0};  // detail::Use's bits: closed, changing, number of readers
};

}  // namespace mymodule
