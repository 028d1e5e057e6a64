#include "mymodule/resource.h"

#include <string>

#include "live_objects.h"

namespace mymodule {

namespace {

// Resource::state_: closed, a changing call in progress, and the number of reading calls.
constexpr std::uint32_t kClosed = 1u << 31;
constexpr std::uint32_t kChanging = 1u << 30;
constexpr std::uint32_t kReaders = kChanging - 1;

// "KMeans.fit: this KMeans is closed", or "... is in use by another call".
[[noreturn]] void refuse(const char* name, const char* method, std::uint32_t state) {
    const char* what = (state & kClosed) != 0 ? " is closed" : " is in use by another call";
    throw StateError(std::string(name) + "." + method + ": this " + name + what);
}

}  // namespace

Resource::Resource(const char* name) noexcept : name_(name) { ++detail::liveObjectCount; }

Resource::Resource(const Resource& other) noexcept : Resource(other.name_) {}

Resource& Resource::operator=(const Resource&) noexcept { return *this; }

Resource::~Resource() {
    if ((state_.load() & kClosed) == 0) --detail::liveObjectCount;
}

void Resource::release() noexcept {}

void Resource::close() {
    std::uint32_t state = 0;
    if (!state_.compare_exchange_strong(state, kClosed)) {
        if ((state & kClosed) != 0) return;
        refuse(name_, "close", state);
    }
    release();
    --detail::liveObjectCount;
}

bool Resource::closed() const noexcept { return (state_.load() & kClosed) != 0; }

namespace detail {

Use::Use(const Resource& object, const char* method, Kind kind) : object_(object), kind_(kind) {
    auto& state = object.state_;
    if (kind == changing) {
        std::uint32_t expected = 0;
        if (!state.compare_exchange_strong(expected, kChanging, std::memory_order_acquire)) {
            refuse(object.name_, method, expected);
        }
        return;
    }
    std::uint32_t current = state.load(std::memory_order_relaxed);
    do {
        if ((current & (kClosed | kChanging)) != 0 || (current & kReaders) == kReaders) {
            refuse(object.name_, method, current);
        }
    } while (!state.compare_exchange_weak(current, current + 1, std::memory_order_acquire));
}

Use::~Use() {
    if (kind_ == changing) {
        object_.state_.store(0, std::memory_order_release);  // no other use or close() could start meanwhile
    } else {
        object_.state_.fetch_sub(1, std::memory_order_release);
    }
}

}  // namespace detail

}  // namespace mymodule
