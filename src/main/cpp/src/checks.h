// Argument checks shared by the implementations: each throws a standard exception whose message
// names the function and the argument, which Java receives as IllegalArgumentException.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "mymodule/common.h"

namespace mymodule::detail {

/// Rejects a span whose data is null although it claims elements (possible from C++ only).
template <class T>
void requireData(const char* function, Span<T> values) {
    if (values.data() == nullptr && !values.empty()) {
        throw std::invalid_argument(std::string(function) + ": values is null");
    }
}

/// The shortest text that reads back as v, like Java's Double.toString ("0.1", "1000", "1e+30",
/// "nan", "-inf"): how messages show a number.
inline std::string text(double v) {
    char buffer[32];
    int digits = 1;
    while (digits < 17) {
        std::snprintf(buffer, sizeof buffer, "%.*g", digits, v);
        if (std::strtod(buffer, nullptr) == v || std::isnan(v)) break;
        ++digits;
    }
    // Whole numbers below 1e17 in full ("1000", not "1e+03"): %g needs as many digits as they have.
    if (std::isfinite(v) && std::fabs(v) >= 1 && std::fabs(v) < 1e17) {
        digits = std::max(digits, static_cast<int>(std::floor(std::log10(std::fabs(v)))) + 1);
    }
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, v);
    return buffer;
}

/// Index of the first NaN or infinite value, or -1. Tests whole chunks first (vectorisable).
inline long long firstNonFinite(const float* x, std::size_t size) {
    constexpr std::size_t chunk = 1024;
    for (std::size_t begin = 0; begin < size; begin += chunk) {
        const std::size_t end = std::min(size, begin + chunk);
        std::uint32_t bad = 0;
        for (std::size_t i = begin; i < end; ++i) {
            std::uint32_t bits;
            std::memcpy(&bits, x + i, sizeof bits);
            bad |= static_cast<std::uint32_t>((bits & 0x7F800000u) == 0x7F800000u);
        }
        if (bad != 0) {
            for (std::size_t i = begin; i < end; ++i) {
                if (!std::isfinite(x[i])) return static_cast<long long>(i);
            }
        }
    }
    return -1;
}

}  // namespace mymodule::detail
