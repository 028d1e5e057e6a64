// The FP32 FMA peak of one core and k-means' Lloyd iteration rate as a fraction of it.
//   kmeans_bench [n d k threads]      (defaults 200000 16 32 1)
//
// Peak: fma_peak.h on one thread, a per-core peak.
// Assignment alone, in cache: KMeans.predict of 16,384 rows (1 MiB at d = 16, in L2) against the
// fitted centroids, repeated; best of 5 rounds of about 0.2 s, 2*m*k*d flops per call. This is the
// kernel's own rate; at n = 1e6 a Lloyd iteration also streams the 64 MB of data from memory.
// Iteration rate: KMeans.fit with 21 and with 1 Lloyd iterations (tolerance 0); the difference is
// 20 iterations of assignment + update, each counted as 2*n*k*d flops (the assignment's FMAs; the
// update, the exact distance and the reductions are extra work, so this understates the kernel).
// With Hamerly's bounds (the default) some of those flops are not done but ruled out: skipped= is the
// fraction of point-centroid distances they ruled out over the whole fit, and the same run with
// MYMODULE_KMEANS_BOUNDS=off (plain Lloyd, the same results bit for bit) is printed as bounds=off.
#include <mymodule.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "fma_peak.h"

// Not in the public API: the distance computations of the last fit (src/main/cpp/src/kmeans_simd.h).
namespace mymodule::detail {
struct DistanceCounts {
    long long computed, skipped;
};
DistanceCounts lastFitDistanceCounts();
}  // namespace mymodule::detail

namespace {

double seconds(const std::chrono::steady_clock::time_point& start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    const long long n = argc > 1 ? std::atoll(argv[1]) : 200000;
    const int d = argc > 2 ? std::atoi(argv[2]) : 16, k = argc > 3 ? std::atoi(argv[3]) : 32;
    const int threads = argc > 4 ? std::atoi(argv[4]) : 1;
    const char* isa = mymodule::simdPath();
    const fma_peak::PeakKernel kernel = fma_peak::peakKernel(isa);
    const double peak = kernel ? fma_peak::peak(kernel, 1) * 1e9 : 0;
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
    for (const char* bounds : {"on", "off"}) {
        setenv("MYMODULE_KMEANS_BOUNDS", bounds, 1);
        const double t21 = fitSeconds(21);
        const auto counts = mymodule::detail::lastFitDistanceCounts();
        const double t1 = fitSeconds(1);
        const double perIteration = (t21 - t1) / 20, flops = 2.0 * static_cast<double>(n) * k * d;
        const double skipped = static_cast<double>(counts.skipped) / static_cast<double>(counts.computed + counts.skipped);
        std::printf("kmeans simd=%s bounds=%s n=%lld d=%d k=%d threads=%d fit21_s=%.4f fit1_s=%.4f iteration_ms=%.3f "
                    "assign_gflops=%.2f fraction_of_peak=%.3f skipped=%.3f\n",
                    mymodule::simdPath(), bounds, n, d, k, threads, t21, t1, perIteration * 1e3, flops / perIteration / 1e9,
                    peak > 0 ? flops / perIteration / (peak * threads) : 0.0, skipped);
    }
    unsetenv("MYMODULE_KMEANS_BOUNDS");
    return 0;
}
