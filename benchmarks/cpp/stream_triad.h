// This machine's memory bandwidth, measured: the STREAM triad a[i] = b[i] + s * c[i] over three arrays of
// doubles far larger than the last-level cache, counted as STREAM counts it (24 bytes per element: two
// reads and a write; the write-allocate read is not counted). Best of a few rounds, one thread: the
// ceiling that the n = 6.4e7 statistics kernels (pure reads) are compared with, as fma_peak.h is for FLOPs.
#pragma once

#include <chrono>
#include <cstddef>
#include <vector>

namespace stream_triad {

/// GB/s of the triad over n doubles per array (default 2e7: 480 MB in all), best of `rounds`.
inline double bandwidth(std::size_t n = 20000000, int rounds = 5) {
    std::vector<double> a(n, 0.0), b(n), c(n);
    for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<double>(i), c[i] = 2.0 * static_cast<double>(i);
    double best = 0;
    for (int r = 0; r < rounds; ++r) {
        const double s = 3.0 + r;  // a new scalar each round: nothing to hoist between rounds
        const auto start = std::chrono::steady_clock::now();
        double* pa = a.data();
        const double *pb = b.data(), *pc = c.data();
        for (std::size_t i = 0; i < n; ++i) pa[i] = pb[i] + s * pc[i];
        asm volatile("" : : "r"(pa) : "memory");  // the stores happened
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double gbs = 24.0 * static_cast<double>(n) / seconds / 1e9;
        if (gbs > best) best = gbs;
    }
    return best;
}

}  // namespace stream_triad
