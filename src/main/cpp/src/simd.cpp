#include "simd.h"

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <initializer_list>

#if defined(__x86_64__)
#include <immintrin.h>
#endif
#if defined(__aarch64__)
#include <arm_neon.h>
#endif
#if defined(__x86_64__) && defined(__APPLE__)
#include <sys/sysctl.h>
#endif

namespace mymodule::detail {

double sumBaseline(const float* x, std::size_t n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += x[i];
        s1 += x[i + 1];
        s2 += x[i + 2];
        s3 += x[i + 3];
    }
    for (; i < n; ++i) s0 += x[i];
    return (s0 + s1) + (s2 + s3);
}

#if defined(__x86_64__)
// Compiled for AVX2 here only; called only after the CPU said it has AVX2.
MYMODULE_AVX2 double sumAvx2(const float* x, std::size_t n) {
    __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m256 v0 = _mm256_loadu_ps(x + i), v1 = _mm256_loadu_ps(x + i + 8);
        a0 = _mm256_add_pd(a0, _mm256_cvtps_pd(_mm256_castps256_ps128(v0)));
        a1 = _mm256_add_pd(a1, _mm256_cvtps_pd(_mm256_extractf128_ps(v0, 1)));
        a2 = _mm256_add_pd(a2, _mm256_cvtps_pd(_mm256_castps256_ps128(v1)));
        a3 = _mm256_add_pd(a3, _mm256_cvtps_pd(_mm256_extractf128_ps(v1, 1)));
    }
    const __m256d a = _mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3));
    const __m128d half = _mm_add_pd(_mm256_castpd256_pd128(a), _mm256_extractf128_pd(a, 1));
    double s = _mm_cvtsd_f64(_mm_add_sd(half, _mm_unpackhi_pd(half, half)));
    return s + sumBaseline(x + i, n - i);
}

// Converts 8 floats straight from memory (one vcvtps2pd zmm, no shuffle) into 8 independent
// accumulators: enough additions in flight to cover their latency at two per cycle (4 left the
// kernel latency-bound on data in L1 and L2).
MYMODULE_AVX512 double sumAvx512(const float* x, std::size_t n) {
    __m512d a[8];
    for (__m512d& v : a) v = _mm512_setzero_pd();
    std::size_t i = 0;
    for (; i + 64 <= n; i += 64) {  // maskz: GCC 12 warns about the undefined source of the unmasked form
        for (int u = 0; u < 8; ++u) a[u] = _mm512_add_pd(a[u], _mm512_maskz_cvtps_pd(0xff, _mm256_loadu_ps(x + i + 8 * u)));
    }
    for (; i + 8 <= n; i += 8) a[0] = _mm512_add_pd(a[0], _mm512_maskz_cvtps_pd(0xff, _mm256_loadu_ps(x + i)));
    double lanes[8];  // not _mm512_reduce_add_pd: the same GCC 12 warning
    _mm512_storeu_pd(lanes, _mm512_add_pd(_mm512_add_pd(_mm512_add_pd(a[0], a[1]), _mm512_add_pd(a[2], a[3])),
                                          _mm512_add_pd(_mm512_add_pd(a[4], a[5]), _mm512_add_pd(a[6], a[7]))));
    const double s = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
    return s + sumBaseline(x + i, n - i);
}
#endif

#if defined(__aarch64__)
// NEON is part of every ARMv8-A CPU: no run-time check needed.
double sumNeon(const float* x, std::size_t n) {
    float64x2_t a0 = vdupq_n_f64(0), a1 = a0, a2 = a0, a3 = a0;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const float32x4_t v0 = vld1q_f32(x + i), v1 = vld1q_f32(x + i + 4);
        a0 = vaddq_f64(a0, vcvt_f64_f32(vget_low_f32(v0)));
        a1 = vaddq_f64(a1, vcvt_high_f64_f32(v0));
        a2 = vaddq_f64(a2, vcvt_f64_f32(vget_low_f32(v1)));
        a3 = vaddq_f64(a3, vcvt_high_f64_f32(v1));
    }
    const double s = vaddvq_f64(vaddq_f64(vaddq_f64(a0, a1), vaddq_f64(a2, a3)));
    return s + sumBaseline(x + i, n - i);
}
#endif

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

SumKernel sumKernel() {
    switch (cpuIsa()) {
#if defined(__x86_64__)
        case Isa::avx2: return sumAvx2;
        case Isa::avx512: return sumAvx512;
#endif
#if defined(__aarch64__)
        case Isa::neon: return sumNeon;
#endif
        default: return sumBaseline;
    }
}

}  // namespace mymodule::detail
