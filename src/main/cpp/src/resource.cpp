#include "mymodule/resource.h"

#include <string>

#include "live_objects.h"
#include "mymodule/progress.h"

namespace mymodule {

void Resource::refuse(const char* method, std::uint64_t state) const {
    const char* what = (state & kClosed) != 0 ? " is closed" : " is in use by another call";
    throw StateError(std::string(name_) + "." + method + ": this " + name_ + what);
}

Resource::Resource(const char* name) noexcept : name_(name) { ++detail::liveObjectCount; }

Resource::Resource(const Resource& other) noexcept : Resource(other.name_) {}

Resource& Resource::operator=(const Resource&) noexcept { return *this; }

Resource::~Resource() {
    if ((state_.load() & kClosed) == 0) --detail::liveObjectCount;
}

void Resource::release() noexcept {}

void Resource::close() {
    std::uint64_t state = state_.load(std::memory_order_relaxed);
    do {
        if ((state & kClosed) != 0) return;
        if ((state & (kChanging | kReaders)) != 0) refuse("close", state);
    } while (!state_.compare_exchange_weak(state, state | kClosed, std::memory_order_acq_rel));
    release();
    --detail::liveObjectCount;
}

bool Resource::closed() const noexcept { return (state_.load() & kClosed) != 0; }

namespace detail {

Use::Use(const Resource& object, const char* method, Kind kind) : object_(object), kind_(kind) {
    auto& state = object.state_;
    std::uint64_t current = state.load(std::memory_order_relaxed);
    do {
        const bool closed = (current & Resource::kClosed) != 0;
        const bool conflict = kind == changing ? (current & (Resource::kChanging | Resource::kReaders)) != 0
                                               : (current & Resource::kChanging) != 0 ||
                                                     (current & Resource::kReaders) == Resource::kReaders;
        if (closed || conflict) object.refuse(method, current);
    } while (!state.compare_exchange_weak(current, current + (kind == changing ? Resource::kChanging : 1),
                                          std::memory_order_acquire));
}

Use::~Use() {
    auto& state = object_.state_;
    if (kind_ == changing) {
        // Nothing else can start meanwhile: the version advances and the changing bit clears in one store.
        const std::uint64_t current = state.load(std::memory_order_relaxed);
        state.store((current - Resource::kChanging) + Resource::kVersion, std::memory_order_release);
    } else {
        state.fetch_sub(1, std::memory_order_release);
    }
}

}  // namespace detail

// A Resource like any other: its lifetime and use guard are the base class's.
ProgressListener::ProgressListener() noexcept : Resource("ProgressListener") {}
bool ProgressListener::onProgress(long long, long long) { return true; }

}  // namespace mymodule
