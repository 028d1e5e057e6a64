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
/// - Getters that return a number (count(), inertia(), time()) take a snapshot instead: they register
///   nowhere, so they never make a changing call fail; they return the value from before or after a
///   change, never a mix, and throw StateError when they meet a change in progress or a closed object.
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
    /// A field that snapshot() reads while another thread may be changing it: an atomic whose
    /// stores release and loads acquire (plain moves on x86-64), so the race is defined and a read
    /// that saw a change in progress is caught by snapshot()'s second look at the state word.
    template <class T>
    class Shared {
    public:
        Shared(T value = T()) noexcept : value_(value) {}
        Shared(const Shared& other) noexcept : value_(other.get()) {}
        Shared& operator=(const Shared& other) noexcept { return *this = other.get(); }
        Shared& operator=(T value) noexcept {
            value_.store(value, std::memory_order_release);
            return *this;
        }
        operator T() const noexcept { return get(); }
        T get() const noexcept { return value_.load(std::memory_order_acquire); }

    private:
        std::atomic<T> value_;
    };

    /// A reading call that returns a copy of Shared fields, made by get(): it reads the state word,
    /// runs get() and reads the word again, writing nothing, so it never slows down or refuses
    /// another call. It throws StateError when the object is closed or a change is in progress, and
    /// looks again when a change began in between (a few times, then it counts as in use).
    template <class Get>
    auto snapshot(const char* method, Get get) const -> decltype(get()) {
        for (int attempt = 0;; ++attempt) {
            const std::uint64_t before = state_.load(std::memory_order_acquire);
            if ((before & (kClosed | kChanging)) != 0 || attempt == 8) refuse(method, before);
            auto value = get();
            if (((state_.load(std::memory_order_acquire) ^ before) & ~kReaders) == 0) return value;
        }
    }

    /// \param name the class name that error messages give, such as "KMeans"
    explicit Resource(const char* name) noexcept;
    /// A copy or move starts as a new open object; assignment keeps the target's own state.
    Resource(const Resource& other) noexcept;
    Resource& operator=(const Resource& other) noexcept;

    /// Frees what the subclass holds; close() calls it once. A destructor frees everything itself.
    virtual void release() noexcept;

private:
    friend class detail::Use;
    /// Throws StateError for method: "... is closed" when state says so, else "... is in use by another call".
    [[noreturn]] void refuse(const char* method, std::uint64_t state) const;

    // The state word: the number of registered reading calls (low 30 bits), a changing call in
    // progress, closed, and above them a version that every changing call advances when it ends,
    // so snapshot() sees a change that began and ended while it read.
    static constexpr std::uint64_t kReaders = (1u << 30) - 1;
    static constexpr std::uint64_t kChanging = 1u << 30;
    static constexpr std::uint64_t kClosed = 1u << 31;
    static constexpr std::uint64_t kVersion = std::uint64_t{1} << 32;

    const char* name_;
    mutable std::atomic<std::uint64_t> state_{0};
};

}  // namespace mymodule
