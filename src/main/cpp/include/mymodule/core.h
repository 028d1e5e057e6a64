// Core of mymodule: the smallest useful functions and the mechanisms every kernel shares
// (length-carrying arrays, a live-object count for leak checks; progress is in progress.h).
#pragma once

#include "mymodule/common.h"
#include "mymodule/progress.h"

namespace mymodule {

/// Add two integers.
/// \throws std::overflow_error if the exact sum does not fit in an int; the message names both operands
MYMODULE_API int add(int a, int b);

/// The library version, such as "0.1.0". The Maven version is this, a dash and the JavaCPP version.
MYMODULE_API const char* version() noexcept;

/// The SIMD code path this CPU runs: "avx512", "avx2" or "baseline" on x86-64, "neon" on arm64.
/// Chosen once, at first use, from the CPU; the environment variable MYMODULE_SIMD (baseline or
/// avx2) caps it, so MYMODULE_SIMD=baseline forces the portable path.
MYMODULE_API const char* simdPath() noexcept;

/// Number of mymodule objects alive in this process, of every class: tests use it to find leaks.
MYMODULE_API long long liveObjects() noexcept;

/// Sum of all values, accumulated in double precision. SIMD paths add in another order, so
/// results may differ between CPUs in the last bits.
/// \param values the numbers to add; empty gives 0
/// \throws std::invalid_argument if values is null
MYMODULE_API double sum(Span<const float> values);

/// Sum of all values, compensated: every addition keeps its rounding error (TwoSum in each SIMD
/// lane, the lanes joined with Neumaier's algorithm), so the result is as accurate as a sum in twice
/// the precision, rounded once: within a few units in the last place of the exact sum unless that
/// sum cancels more than about 15 digits. 7 FLOPs per element. A NaN anywhere gives NaN; inf and
/// -inf give what IEEE addition gives (NaN for both); an overflowing sum gives inf.
/// \param values the numbers to add; empty gives 0
/// \throws std::invalid_argument if values is null
MYMODULE_API double sum(Span<const double> values);

/// Sum of all values, computed in chunks by several threads, reporting progress after each chunk.
/// The result does not depend on the number of threads.
/// \param values the numbers to add
/// \param threads number of threads, the caller's included, from 1 to 256
/// \param chunkSize elements per chunk and per progress report, at least 1
/// \param listener told the number of elements summed so far; may cancel
/// \throws std::invalid_argument if values is null, threads is outside [1, 256] or chunkSize < 1
/// \throws OperationCancelled if the listener returned false
/// \throws StateError if the listener is closed
MYMODULE_API double parallelSum(Span<const float> values, int threads, long long chunkSize, ProgressListener* listener);

}  // namespace mymodule
