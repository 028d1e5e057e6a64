// The hot loops of the vector statistics (sum, dot, the two passes of moments) in every SIMD
// variant, for float and double input, chosen once with cpuIsa(). The C++ tests call each variant.
//
// Accuracy, the same in every variant (only the order of additions differs):
// - double input: every addition is an error-free TwoSum (Knuth: s' = s + x, the rounding error
//   ((s - (s' - z)) + (x - z)) with z = s' - s added to a second accumulator), lane by lane, the
//   lanes then combined with Neumaier's algorithm. dot also keeps the rounding error of each
//   product (an FMA, or Dekker's split where the CPU has no FMA): Ogita-Rump-Oishi's Dot2. The
//   result is as accurate as if computed in twice the working precision, then rounded.
// - float input: a float (and the product of two floats) is exact in double, so plain double
//   lanes, summed over blocks of kBlock elements and the block sums combined with Neumaier's
//   algorithm: error <= (kBlock / lanes + 2) * 2^-53 * sum |x|, far below float resolution.
// - sumF32 (sum() of floats): plain double accumulators, in any order, neither blocks nor
//   compensation; written by hand for each instruction set.
// - the fast float kernels (sumFastF32, dotFastF32): float lanes, blocks of 8 values per lane joined in
//   double: error <= 2^-20 * sum |term| for any n (a plain float loop's bound grows with n / lanes).
// A result that is not finite comes from the plain sum of the lanes (inf, -inf or NaN, as IEEE
// addition gives it); the compensation is used only for finite sums.
#pragma once

#include <cstddef>

#include "simd.h"

namespace mymodule::detail {

/// What the first pass of moments finds: the sum, and the smallest and largest value. A NaN in
/// the input makes sum NaN; min and max skip NaN (the caller checks for NaN when sum is NaN).
struct SumMinMax {
    double sum;
    double min;
    double max;
};

/// The second pass of moments: the sums of d and d * d, where d = x - mean.
struct Deviations {
    double sum;
    double sumSquares;
};

/// One variant of every kernel, for one instruction set.
struct StatsKernels {
    /// sum() of floats. Memory-bound for large n; AVX-512 pays off for data in cache.
    double (*sumF32)(const float* x, std::size_t n);
    double (*sumF64)(const double* x, std::size_t n);
    double (*dotF32)(const float* x, const float* y, std::size_t n);
    double (*dotF64)(const double* x, const double* y, std::size_t n);
    SumMinMax (*sumMinMaxF32)(const float* x, std::size_t n);
    SumMinMax (*sumMinMaxF64)(const double* x, std::size_t n);
    Deviations (*deviationsF32)(const float* x, std::size_t n, double mean);
    Deviations (*deviationsF64)(const double* x, std::size_t n, double mean);
    double (*sumFastF32)(const float* x, std::size_t n);
    double (*dotFastF32)(const float* x, const float* y, std::size_t n);
};

/// The kernels of isa: plain C++ vectors of 2 doubles for baseline (SSE2 on x86-64, NEON on arm64,
/// scalar code elsewhere), 4 doubles and FMA for avx2, 8 for avx512, 2 and FMA for neon. isa must
/// be one the CPU has (cpuHas).
const StatsKernels& statsKernels(Isa isa = cpuIsa());

}  // namespace mymodule::detail
