#include "simd.h"

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <initializer_list>

#if defined(__x86_64__) && defined(__APPLE__)
#include <sys/sysctl.h>
#endif

namespace mymodule::detail {

#if defined(__x86_64__) && defined(__APPLE__)
namespace {
// A macOS "hw.optional.*" flag. These say what the CPU and the OS support, where XCR0 would not:
// macOS enables the AVX-512 state lazily, at a thread's first AVX-512 instruction.
bool sysctlFlag(const char* name) {
    int value = 0;
    std::size_t size = sizeof value;
    return sysctlbyname(name, &value, &size, nullptr, 0) == 0 && value != 0;
}
}  // namespace
#endif

bool cpuHas(Isa isa) {
    switch (isa) {
        case Isa::baseline: return true;
#if defined(__x86_64__) && defined(__APPLE__)
        // Not __builtin_cpu_supports: zig does not link its helpers (__cpu_model) for macOS, and
        // they read XCR0 (see sysctlFlag).
        case Isa::avx2: return sysctlFlag("hw.optional.avx2_0") && sysctlFlag("hw.optional.fma");
        case Isa::avx512:
            return sysctlFlag("hw.optional.avx512f") && sysctlFlag("hw.optional.avx512bw") &&
                   sysctlFlag("hw.optional.avx512dq") && sysctlFlag("hw.optional.avx512vl");
#elif defined(__x86_64__)
        case Isa::avx2:
            __builtin_cpu_init();  // libgcc also checks that the OS saves the AVX and AVX-512 registers
            return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        case Isa::avx512:
            __builtin_cpu_init();
            return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                   __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
#endif
#if defined(__aarch64__)
        case Isa::neon: return true;  // part of every ARMv8-A CPU
#endif
        default: return false;
    }
}

namespace {

// 0 baseline, 1 AVX2 or NEON, 2 AVX-512: cpuIsa() takes the highest the CPU has and MYMODULE_SIMD allows.
int level(Isa isa) {
    switch (isa) {
        case Isa::avx512: return 2;
        case Isa::avx2:
        case Isa::neon: return 1;
        case Isa::baseline: break;
    }
    return 0;
}

// The highest level MYMODULE_SIMD allows.
int cappedLevel() {
    const char* cap = std::getenv("MYMODULE_SIMD");
    if (cap == nullptr) return 2;
    if (std::strcmp(cap, "baseline") == 0) return 0;
    if (std::strcmp(cap, "avx2") == 0) return 1;
    return 2;
}

Isa choose() {
    for (Isa isa : {Isa::avx512, Isa::avx2, Isa::neon}) {
        if (cpuAllows(isa)) return isa;
    }
    return Isa::baseline;
}

}  // namespace

bool cpuAllows(Isa isa) {
    static const int cap = cappedLevel();
    return level(isa) <= cap && cpuHas(isa);
}

Isa cpuIsa() {
    static const Isa chosen = choose();  // thread-safe one-time initialisation
    return chosen;
}

const char* isaName(Isa isa) {
    switch (isa) {
        case Isa::avx2: return "avx2";
        case Isa::avx512: return "avx512";
        case Isa::neon: return "neon";
        case Isa::baseline: break;
    }
    return "baseline";
}

}  // namespace mymodule::detail
