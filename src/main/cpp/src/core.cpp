#include "mymodule/core.h"

#include "live_objects.h"
#include "simd.h"

namespace mymodule {

int add(int a, int b) {
    int result;
    if (__builtin_add_overflow(a, b, &result)) {
        throw std::overflow_error("add: int overflow in " + std::to_string(a) + " + " + std::to_string(b));
    }
    return result;
}

const char* version() noexcept { return MYMODULE_VERSION; }

long long liveObjects() noexcept { return detail::liveObjectCount.load(); }

const char* simdPath() noexcept { return detail::isaName(detail::cpuIsa()); }

}  // namespace mymodule
