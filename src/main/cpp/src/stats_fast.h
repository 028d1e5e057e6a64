// The fast float sum and dot product (stats_simd.h's sumFastF32 and dotFastF32 with stats.h's checks):
// exported by the library, declared here until include/mymodule/stats.h declares them.
#pragma once

#include "mymodule/common.h"

namespace mymodule {

// Proposed for include/mymodule/stats.h (declared here until the header has them; stats.cpp exports them):
//
// /// Sum of float values for speed, where a float result is enough: float lanes, each adding at most
// /// 9 values before the lanes are joined pairwise and converted to double per block of a few hundred
// /// values, so |error| <= 2^-20 * sum |x| whatever the length (a plain float loop: about n / lanes *
// /// 2^-24 * sum |x|); sum() is exact to about 2^-40 of that. A NaN gives NaN; infinities follow IEEE.
// /// \param values the numbers to add; empty gives 0
// /// \throws std::invalid_argument if values is null
// MYMODULE_API double sumFast(Span<const float> values);
//
// /// Dot product of float vectors for speed: as sumFast, with one FMA per element (the product is not
// /// rounded), so |error| <= 2^-20 * sum |x[i] * y[i]| for any length; dot() rounds only once at the end.
// /// \throws std::invalid_argument if x or y is null or their lengths differ
// MYMODULE_API double dotFast(Span<const float> x, Span<const float> y);
MYMODULE_API double sumFast(Span<const float> values);
MYMODULE_API double dotFast(Span<const float> x, Span<const float> y);

}  // namespace mymodule
