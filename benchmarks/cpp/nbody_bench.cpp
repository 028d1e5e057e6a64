// The machine side of PhysicsBenchmark: this CPU's FP32 FMA peak, and NBody stepped from C++ (no Java).
//   nbody_bench [n...]      default n = 1024 4096 16384
// Peak: independent chains of vector FMAs (a = a * b + c), 12 chains so that two FMA units with a
// 4-cycle latency never wait, on the widest vectors of the kernel NBody runs (AVX-512, AVX2 or
// SSE2 mul + add on a baseline CPU), on 1 and on 2 threads at once; GFLOP/s = chains x lanes x 2 per
// iteration. Best of 5 rounds of about 0.2 s (peak is a ceiling: the fastest round is closest).
// Prints simd=<path>, then name=fma_peak threads=T gflops=..., then one line per n and thread count:
// name=cpp_step n=... threads=... mean_ns=... error_ns=... min_ns=...
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif
#if defined(__aarch64__)
#include <arm_neon.h>
#endif

#include "mymodule/physics.h"

namespace {

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

// GFLOP/s of `threads` threads running the kernel at once (their sum).
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

}  // namespace

int main(int argc, char** argv) {
    const char* simd = mymodule::simdPath();
    std::printf("simd=%s\n", simd);
    if (PeakKernel kernel = peakKernel(simd)) {
        for (int threads : {1, 2}) std::printf("name=fma_peak threads=%d gflops=%.2f\n", threads, peak(kernel, threads));
    }
    std::vector<int> sizes;
    for (int a = 1; a < argc; ++a) sizes.push_back(std::atoi(argv[a]));
    if (sizes.empty()) sizes = {1024, 4096, 16384};
    for (int n : sizes) {
        for (int threads : {1, 2}) {
            mymodule::NBody sim = mymodule::NBody::plummer(n, 1);
            sim.threads(threads).step(1);
            // About 1 s per round: rounds of whole steps, 3 warm-up and 10 measured, like JMH.
            const auto t0 = Clock::now();
            sim.step(1);
            const double once = std::chrono::duration<double, std::nano>(Clock::now() - t0).count();
            const int steps = static_cast<int>(std::fmax(1, 1e9 / once));
            std::vector<double> ns;
            for (int round = 0; round < 13; ++round) {
                const auto start = Clock::now();
                sim.step(steps);
                if (round >= 3) ns.push_back(std::chrono::duration<double, std::nano>(Clock::now() - start).count() / steps);
            }
            double mean = 0, min = ns[0], var = 0;
            for (double x : ns) mean += x / static_cast<double>(ns.size()), min = std::fmin(min, x);
            for (double x : ns) var += (x - mean) * (x - mean) / static_cast<double>(ns.size() - 1);
            std::printf("name=cpp_step n=%d threads=%d mean_ns=%.1f error_ns=%.1f min_ns=%.1f\n", n, threads, mean,
                        4.781 * std::sqrt(var / static_cast<double>(ns.size())), min);
            std::fflush(stdout);
        }
    }
}
