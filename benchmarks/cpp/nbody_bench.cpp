// The machine side of NBodyBenchmark: this CPU's FP32 FMA peak, and NBody stepped from C++ (no Java).
//   nbody_bench [n...]      default n = 1024 4096 16384
// Peak: fma_peak.h, on 1 and on 2 threads at once.
// Prints simd=<path>, then name=fma_peak threads=T gflops=..., then one line per n and thread count:
// name=cpp_step n=... threads=... mean_ns=... error_ns=... min_ns=...
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "fma_peak.h"
#include "mymodule/core.h"  // simdPath
#include "mymodule/nbody.h"

namespace {

using Clock = std::chrono::steady_clock;
using fma_peak::PeakKernel;

}  // namespace

int main(int argc, char** argv) {
    const char* simd = mymodule::simdPath();
    std::printf("simd=%s\n", simd);
    if (PeakKernel kernel = fma_peak::peakKernel(simd)) {
        for (int threads : {1, 2}) std::printf("name=fma_peak threads=%d gflops=%.2f\n", threads, fma_peak::peak(kernel, threads));
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
