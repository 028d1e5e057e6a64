// Kernels with SIMD variants, and the choice among them made once at run time from the CPU, so
// that one portable binary (built for baseline x86-64 or ARMv8) uses AVX2, AVX-512 or NEON where
// present. Each domain keeps its kernels in src/<domain>_simd.cpp and picks them with cpuIsa().
//
// Convention (checked by test/check_isa.sh): every function compiled for AVX2 or AVX-512 through
// __attribute__((target(...))) has "Avx2" or "Avx512" in its name, and is called only after cpuIsa()
// said the CPU has it.
#pragma once

#include <cstddef>

/// A generic kernel body, always inlined into the named variants, so compiled for their target.
#define MYMODULE_INLINE inline __attribute__((always_inline))

/// The targets of the kernels of Isa::avx2 and Isa::avx512 (FMA is part of both).
#define MYMODULE_AVX2 __attribute__((target("avx2,fma")))
#define MYMODULE_AVX512 __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,fma")))

namespace mymodule::detail {

/// The instruction sets kernels are specialised for. avx2 means AVX2 + FMA; avx512 means
/// AVX-512 F, BW, DQ and VL (Skylake-X, Zen 4 and later); neon is every ARMv8-A CPU.
enum class Isa { baseline, avx2, avx512, neon };

/// Whether this CPU and OS can run the kernels of isa, whatever MYMODULE_SIMD says. The one place
/// that asks the CPU: cpuIsa() and the tests go through it.
bool cpuHas(Isa isa);

/// The best instruction set of this CPU, chosen once. The environment variable MYMODULE_SIMD
/// (baseline, avx2 or avx512) caps it, so tests and benchmarks can run the slower paths.
Isa cpuIsa();

/// "baseline", "avx2", "avx512" or "neon".
const char* isaName(Isa isa);

/// Sum of n floats in double precision: four independent accumulators, any order of addition.
using SumKernel = double (*)(const float* x, std::size_t n);

double sumBaseline(const float* x, std::size_t n);
#if defined(__x86_64__)
double sumAvx2(const float* x, std::size_t n);
double sumAvx512(const float* x, std::size_t n);
#endif
#if defined(__aarch64__)
double sumNeon(const float* x, std::size_t n);
#endif

/// The sum kernel for cpuIsa(). Memory-bound for large n; AVX-512 pays off for data in cache.
SumKernel sumKernel();

}  // namespace mymodule::detail
