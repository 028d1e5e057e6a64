// This CPU's FP32 FMA peak, measured: the ceiling that the benchmarks' kernels are compared with.
// Independent chains of vector FMAs (a = a * b + c), 12 chains so that two FMA units with a 4-cycle
// latency never wait, on the widest vectors of the SIMD path mymodule runs (AVX-512, AVX2, NEON, or
// SSE2 mul + add on a baseline x86-64 CPU); FLOPs = chains x lanes x 2 per iteration. Best of 5
// rounds of about 0.2 s (a peak is a ceiling: the fastest round is closest), on 1 or more threads at once.
#pragma once

#include <chrono>
#include <cmath>
#include <cstring>
#include <thread>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif
#if defined(__aarch64__)
#include <arm_neon.h>
#endif

namespace fma_peak {

using Clock = std::chrono::steady_clock;
constexpr int kChains = 12;

// Each returns FLOPs done; `seed` keeps the compiler from folding, the result is consumed by the caller.
#if defined(__x86_64__)
__attribute__((target("avx512f,fma"))) double fmaAvx512(long long iterations, float seed, float* sink) {
    __m512 a[kChains];
    const __m512 b = _mm512_set1_ps(0.999999f), c = _mm512_set1_ps(seed * 1e-7f);
    for (int k = 0; k < kChains; ++k) a[k] = _mm512_set1_ps(seed + static_cast<float>(k));
    for (long long i = 0; i < iterations; ++i) {
        for (int k = 0; k < kChains; ++k) a[k] = _mm512_fmadd_ps(a[k], b, c);
    }
    __m512 s = a[0];
    for (int k = 1; k < kChains; ++k) s = _mm512_add_ps(s, a[k]);
    float out[16];
    _mm512_storeu_ps(out, s);
    *sink = out[0];
    return static_cast<double>(iterations) * kChains * 16 * 2;
}

__attribute__((target("avx2,fma"))) double fmaAvx2(long long iterations, float seed, float* sink) {
    __m256 a[kChains];
    const __m256 b = _mm256_set1_ps(0.999999f), c = _mm256_set1_ps(seed * 1e-7f);
    for (int k = 0; k < kChains; ++k) a[k] = _mm256_set1_ps(seed + static_cast<float>(k));
    for (long long i = 0; i < iterations; ++i) {
        for (int k = 0; k < kChains; ++k) a[k] = _mm256_fmadd_ps(a[k], b, c);
    }
    __m256 s = a[0];
    for (int k = 1; k < kChains; ++k) s = _mm256_add_ps(s, a[k]);
    float out[8];
    _mm256_storeu_ps(out, s);
    *sink = out[0];
    return static_cast<double>(iterations) * kChains * 8 * 2;
}

double mulAddSse2(long long iterations, float seed, float* sink) {  // no FMA on a baseline CPU
    __m128 a[kChains];
    const __m128 b = _mm_set1_ps(0.999999f), c = _mm_set1_ps(seed * 1e-7f);
    for (int k = 0; k < kChains; ++k) a[k] = _mm_set1_ps(seed + static_cast<float>(k));
    for (long long i = 0; i < iterations; ++i) {
        for (int k = 0; k < kChains; ++k) a[k] = _mm_add_ps(_mm_mul_ps(a[k], b), c);
    }
    *sink = _mm_cvtss_f32(a[0]) + _mm_cvtss_f32(a[kChains - 1]);
    return static_cast<double>(iterations) * kChains * 4 * 2;
}
#endif
#if defined(__aarch64__)
double fmaNeon(long long iterations, float seed, float* sink) {
    float32x4_t a[kChains];
    const float32x4_t b = vdupq_n_f32(0.999999f), c = vdupq_n_f32(seed * 1e-7f);
    for (int k = 0; k < kChains; ++k) a[k] = vdupq_n_f32(seed + static_cast<float>(k));
    for (long long i = 0; i < iterations; ++i) {
        for (int k = 0; k < kChains; ++k) a[k] = vfmaq_f32(c, a[k], b);
    }
    *sink = vgetq_lane_f32(a[0], 0) + vgetq_lane_f32(a[kChains - 1], 0);
    return static_cast<double>(iterations) * kChains * 4 * 2;
}
#endif

using PeakKernel = double (*)(long long, float, float*);

/// The peak loop for mymodule::simdPath() (null on an architecture without one).
PeakKernel peakKernel(const char* simd) {
#if defined(__x86_64__)
    if (std::strcmp(simd, "avx512") == 0) return fmaAvx512;
    if (std::strcmp(simd, "avx2") == 0) return fmaAvx2;
    return mulAddSse2;
#elif defined(__aarch64__)
    (void)simd;
    return fmaNeon;
#else
    (void)simd;
    return nullptr;
#endif
}

/// GFLOP/s of `threads` threads running the kernel at once (their sum).
double peak(PeakKernel kernel, int threads) {
    const long long iterations = 20'000'000;
    double best = 0;
    for (int round = 0; round < 5; ++round) {
        std::vector<float> sinks(static_cast<std::size_t>(threads) * 16);
        std::vector<double> flops(static_cast<std::size_t>(threads));
        std::vector<std::thread> pool;
        const auto start = Clock::now();
        for (int t = 0; t < threads; ++t) {
            pool.emplace_back([&, t] {
                const auto k = static_cast<std::size_t>(t);
                flops[k] = kernel(iterations, 1.0f + static_cast<float>(t), &sinks[k * 16]);
            });
        }
        for (auto& thread : pool) thread.join();
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        double total = 0;
        for (double f : flops) total += f;
        best = std::fmax(best, total / seconds / 1e9);
    }
    return best;
}

}  // namespace fma_peak
