// Kernels with SIMD variants, and the choice among them made once at run time from the CPU, so
// that one portable binary (built for baseline x86-64 or ARMv8) uses AVX2 or NEON where present.
#pragma once

#include <cstddef>

namespace mymodule::detail {

/// Sum of n floats in double precision: four independent accumulators, any order of addition.
using SumKernel = double (*)(const float* x, std::size_t n);

double sumBaseline(const float* x, std::size_t n);
#if defined(__x86_64__)
double sumAvx2(const float* x, std::size_t n);
#endif
#if defined(__aarch64__)
double sumNeon(const float* x, std::size_t n);
#endif

struct SimdKernels {
    const char* name;  // "avx2", "neon" or "baseline"
    SumKernel sum;
};

/// The kernels for this CPU: the best it supports, or baseline when MYMODULE_SIMD=baseline.
const SimdKernels& simdKernels();

}  // namespace mymodule::detail
