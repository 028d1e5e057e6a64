// Kernels with SIMD variants, and the choice among them made once at run time from the CPU, so
// that one portable binary (built for baseline x86-64 or ARMv8) uses AVX2, AVX-512 or NEON where
// present.
//
// One recipe for every domain d (stats, kmeans, image, nbody):
// - src/d_simd.h declares one struct of function pointers, the domain's kernels, and one accessor
//       const DKernels& dKernels(Isa isa = cpuIsa());
// - src/d_simd.cpp defines one table `kernels<Name>` (in its anonymous namespace) for each ISA of
//   MYMODULE_FOR_EACH_ISA, its functions compiled with that ISA's TARGET, and the accessor with
//   MYMODULE_KERNELS_ACCESSOR;
// - its test runs the checks on every table the CPU can run, with forEachIsa (test/check.h).
// The list of ISAs and their target attributes are spelled out here only.
//
// Convention (checked by test/check_isa.sh): every function compiled for AVX2 or AVX-512 (with
// MYMODULE_AVX2 or MYMODULE_AVX512) has "Avx2" or "Avx512" in its name, and is called only after
// cpuIsa() said the CPU has it.
#pragma once

/// A generic kernel body, always inlined into the named variants, so compiled for their target.
#define MYMODULE_INLINE inline __attribute__((always_inline))

/// The targets of the kernels of Isa::avx2 and Isa::avx512 (FMA is part of both).
#define MYMODULE_AVX2 __attribute__((target("avx2,fma")))
#define MYMODULE_AVX512 __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,fma")))

/// The instruction sets with kernels on this architecture, baseline first, as X(Name, isa, TARGET):
/// Name is the suffix of their kernels and tables, isa the Isa, TARGET the attribute their code
/// is compiled with (none for baseline and NEON, which every ARMv8-A CPU has).
#if defined(__x86_64__)
#define MYMODULE_FOR_EACH_ISA(X) X(Baseline, baseline, ) X(Avx2, avx2, MYMODULE_AVX2) X(Avx512, avx512, MYMODULE_AVX512)
#elif defined(__aarch64__)
#define MYMODULE_FOR_EACH_ISA(X) X(Baseline, baseline, ) X(Neon, neon, )
#else
#define MYMODULE_FOR_EACH_ISA(X) X(Baseline, baseline, )
#endif

/// Defines `const Kernels& accessor(Isa isa)`, which returns the table kernels<Name> of isa; the
/// calling file defines one for every ISA of MYMODULE_FOR_EACH_ISA. An ISA of another
/// architecture (which cpuIsa() never picks) gets baseline's.
#define MYMODULE_KERNELS_CASE(Name, isa, TARGET) \
    case Isa::isa: return kernels##Name;
#define MYMODULE_KERNELS_ACCESSOR(Kernels, accessor)     \
    const Kernels& accessor(Isa isa) {                   \
        switch (isa) {                                   \
            MYMODULE_FOR_EACH_ISA(MYMODULE_KERNELS_CASE) \
            default: return kernelsBaseline;             \
        }                                                \
    }

namespace mymodule::detail {

/// The instruction sets kernels are specialised for. avx2 means AVX2 + FMA; avx512 means
/// AVX-512 F, BW, DQ and VL (Skylake-X, Zen 4 and later); neon is every ARMv8-A CPU.
enum class Isa { baseline, avx2, avx512, neon };

/// Whether this CPU and OS can run the kernels of isa, whatever MYMODULE_SIMD says. The one place
/// that asks the CPU: cpuIsa() and the tests go through it.
bool cpuHas(Isa isa);

/// Whether cpuIsa() may pick isa: the CPU has it and MYMODULE_SIMD does not cap it off.
bool cpuAllows(Isa isa);

/// The best instruction set of this CPU, chosen once. The environment variable MYMODULE_SIMD
/// (baseline, avx2 or avx512) caps it, so tests and benchmarks can run the slower paths.
Isa cpuIsa();

/// "baseline", "avx2", "avx512" or "neon".
const char* isaName(Isa isa);

/// Every ISA of MYMODULE_FOR_EACH_ISA, baseline first.
#define MYMODULE_ISA_VALUE(Name, isa, TARGET) Isa::isa,
inline constexpr Isa kIsas[] = {MYMODULE_FOR_EACH_ISA(MYMODULE_ISA_VALUE)};
#undef MYMODULE_ISA_VALUE

}  // namespace mymodule::detail
