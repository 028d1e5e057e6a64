// RawStats (benchmarks) binds these: mymodule's sum, dot and their fast float forms called with the data as
// (address, count) longs, which Java reads from a Pointer itself (Pointer.address() and position are
// plain fields), instead of the generated Span adapter's JNI field reads and write-back per Pointer.
// What a primitive-argument binding would save per call; not a public API.
#pragma once

#include <cstdint>

#include "mymodule/stats.h"

namespace mymodule {
MYMODULE_API double sumFast(Span<const float> values);
MYMODULE_API double dotFast(Span<const float> x, Span<const float> y);
}  // namespace mymodule

namespace rawstats {

inline mymodule::Span<const float> floats(long long address, long long count) {
    return {reinterpret_cast<const float*>(static_cast<std::uintptr_t>(address)), static_cast<std::size_t>(count)};
}

inline double sum(long long x, long long n) { return mymodule::sum(floats(x, n)); }
inline double dot(long long x, long long y, long long n) { return mymodule::dot(floats(x, n), floats(y, n)); }
inline double sumFast(long long x, long long n) { return mymodule::sumFast(floats(x, n)); }
inline double dotFast(long long x, long long y, long long n) { return mymodule::dotFast(floats(x, n), floats(y, n)); }

}  // namespace rawstats
