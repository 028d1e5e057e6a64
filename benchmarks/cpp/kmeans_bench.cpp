// The FP32 FMA peak of one core and k-means' Lloyd iteration rate as a fraction of it.
//   kmeans_bench [n d k threads]      (defaults 1000000 16 32 1)
//
// Peak: 12 independent accumulator chains of FMAs (enough to cover a 4-cycle latency on two FMA
// ports) on the widest vectors this CPU has (AVX-512 zmm, else AVX2 ymm), compiled for that ISA
// here and picked at run time; 2 flops per lane per FMA. One thread, so it is a per-core peak.
// Assignment alone, in cache: KMeans.predict of 16,384 rows (1 MiB at d = 16, in L2) against the
// fitted centroids, repeated; best of 5 rounds of about 0.2 s, 2*m*k*d flops per call. This is the
// kernel's own rate; at n = 1e6 a Lloyd iteration also streams the 64 MB of data from memory.
// Iteration rate: KMeans.fit with 21 and with 1 Lloyd iterations (tolerance 0); the difference is
// 20 iterations of assignment + update, each counted as 2*n*k*d flops (the assignment's FMAs; the
// update, the exact distance and the reductions are extra work, so this understates the kernel).
#include <mymodule.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace {

double seconds(const std::chrono::steady_clock::time_point& start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

#if defined(__x86_64__)
// Twelve independent chains a[i] = a[i] * m + b; the asm keeps the compiler from merging them.
#define FMA_CHAINS(V, SET, FMA, LANES)                                                         \
    V a[12];                                                                                    \
    for (int i = 0; i < 12; ++i) a[i] = SET(1.0f + 1e-3f * static_cast<float>(i));             \
    const V m = SET(0.999999f), b = SET(1e-7f);                                                \
    for (long long r = 0; r < rounds; ++r) {                                                    \
        for (int i = 0; i < 12; ++i) a[i] = FMA(a[i], m, b);                                    \
        __asm__ volatile("" : "+x"(a[0]), "+x"(a[1]), "+x"(a[2]), "+x"(a[3]), "+x"(a[4]), "+x"(a[5])); \
    }                                                                                           \
    V s = a[0];                                                                                 \
    for (int i = 1; i < 12; ++i) s = FMA(a[i], m, s);                                           \
    float out[LANES];                                                                           \
    std::memcpy(out, &s, sizeof out);                                                           \
    *sink = out[0];                                                                             \
    return 2.0 * 12 * LANES * static_cast<double>(rounds);

__attribute__((target("avx512f,fma"))) double peakAvx512(long long rounds, float* sink) {
    FMA_CHAINS(__m512, _mm512_set1_ps, _mm512_fmadd_ps, 16)
}
__attribute__((target("avx2,fma"))) double peakAvx2(long long rounds, float* sink) {
    FMA_CHAINS(__m256, _mm256_set1_ps, _mm256_fmadd_ps, 8)
}
#endif

// Best of 5 runs of about 0.2 s: flops per second of the widest FMA this CPU runs.
double fmaPeak(const char** isa) {
    float sink = 0;
    double best = 0;
    *isa = "none";
#if defined(__x86_64__)
    __builtin_cpu_init();
    const bool has512 = __builtin_cpu_supports("avx512f"), has2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (!has512 && !has2) return 0;
    *isa = has512 ? "avx512" : "avx2";
    for (int run = 0; run < 5; ++run) {
        const long long rounds = 20'000'000;
        const auto start = std::chrono::steady_clock::now();
        const double flops = has512 ? peakAvx512(rounds, &sink) : peakAvx2(rounds, &sink);
        best = std::max(best, flops / seconds(start));
    }
#endif
    std::fprintf(stderr, "%s", sink == 12345.f ? " " : "");
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    const long long n = argc > 1 ? std::atoll(argv[1]) : 1000000;
    const int d = argc > 2 ? std::atoi(argv[2]) : 16, k = argc > 3 ? std::atoi(argv[3]) : 32;
    const int threads = argc > 4 ? std::atoi(argv[4]) : 1;
    const char* isa;
    const double peak = fmaPeak(&isa);
    std::printf("fma_peak isa=%s gflops=%.2f\n", isa, peak / 1e9);

    std::vector<float> x(static_cast<std::size_t>(n * d));
    unsigned s = 12345;
    for (long long i = 0; i < n; ++i) {
        for (int j = 0; j < d; ++j) {
            s = s * 1664525u + 1013904223u;
            x[static_cast<std::size_t>(i * d + j)] = static_cast<float>((i % k) * 3 % 17) + static_cast<float>(s >> 8) / 16777216.0f;
        }
    }
    auto fitSeconds = [&](int iterations) {
        double best = 1e30;
        for (int run = 0; run < 3; ++run) {
            mymodule::KMeans km(k);
            km.seed(42).threads(threads).maxIterations(iterations).tolerance(0);
            const auto start = std::chrono::steady_clock::now();
            km.fit({x.data(), x.size()}, n, d);
            best = std::min(best, seconds(start));
        }
        return best;
    };
    {
        const long long m = std::min<long long>(n, 16384);
        mymodule::KMeans km(k);
        km.seed(42).threads(threads).maxIterations(1).fit({x.data(), x.size()}, n, d);
        std::vector<int> labels(static_cast<std::size_t>(m));
        double best = 1e30;
        for (int run = 0; run < 5; ++run) {
            int calls = 0;
            const auto start = std::chrono::steady_clock::now();
            do {
                km.predict({x.data(), static_cast<std::size_t>(m * d)}, m, {labels.data(), labels.size()});
                ++calls;
            } while (seconds(start) < 0.2);
            best = std::min(best, seconds(start) / calls);
        }
        const double gflops = 2.0 * static_cast<double>(m) * k * d / best / 1e9;
        std::printf("assign_cache simd=%s m=%lld d=%d k=%d threads=%d call_us=%.1f gflops=%.2f fraction_of_peak=%.3f\n",
                    mymodule::simdPath(), m, d, k, threads, best * 1e6, gflops, peak > 0 ? gflops * 1e9 / (peak * threads) : 0.0);
    }
    const double t21 = fitSeconds(21), t1 = fitSeconds(1);
    const double perIteration = (t21 - t1) / 20, flops = 2.0 * static_cast<double>(n) * k * d;
    std::printf("kmeans simd=%s n=%lld d=%d k=%d threads=%d fit21_s=%.4f fit1_s=%.4f iteration_ms=%.3f "
                "assign_gflops=%.2f fraction_of_peak=%.3f\n",
                mymodule::simdPath(), n, d, k, threads, t21, t1, perIteration * 1e3, flops / perIteration / 1e9,
                peak > 0 ? flops / perIteration / (peak * threads) : 0.0);
    return 0;
}
