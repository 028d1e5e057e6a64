// Core of mymodule: the smallest useful functions and the mechanisms every kernel shares
// (length-carrying arrays, a live-object count for leak checks; progress is in progress.h).
#pragma once

#include "mymodule/common.h"

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

}  // namespace mymodule
