// Argument checks shared by the implementations. A message reads
// "<function>: <argument> must <rule>, got <value>", or "<function>: <argument> <problem>" where a
// rule has no value to show ("values is null", "values[1] is NaN"). They throw std::invalid_argument,
// which Java receives as IllegalArgumentException.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "mymodule/common.h"

namespace mymodule::detail {

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

/// An integer in full.
template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
std::string text(T v) {
    return std::to_string(v);
}

/// How a message names one element of an argument: "values[3]".
inline std::string element(const char* argument, std::size_t i) {
    return std::string(argument) + "[" + std::to_string(i) + "]";
}

/// Throws std::invalid_argument("<function>: <argument> <problem>").
[[noreturn]] inline void invalid(const char* function, const std::string& argument, const std::string& problem) {
    throw std::invalid_argument(std::string(function) + ": " + argument + " " + problem);
}

/// Throws std::invalid_argument("<function>: <argument> must <rule>, got <value>").
[[noreturn]] inline void violated(const char* function, const std::string& argument, const std::string& rule,
                                  const std::string& value) {
    invalid(function, argument, "must " + rule + ", got " + value);
}

/// Rejects a value outside [lo, hi], NaN included: "threads must be in [1, 256], got 0".
template <class T>
void requireRange(const char* function, const std::string& argument, T value, std::common_type_t<T> lo,
                  std::common_type_t<T> hi) {
    if (!(value >= lo && value <= hi)) violated(function, argument, "be in [" + text(lo) + ", " + text(hi) + "]", text(value));
}

/// Rejects a value below min, naming it in the value: "k must be at least 1, got k=0".
template <class T>
void requireAtLeast(const char* function, const char* argument, T value, std::common_type_t<T> min) {
    if (value < min) violated(function, argument, "be at least " + text(min), std::string(argument) + "=" + text(value));
}

/// Rejects a NaN or infinite value: "g must be finite, got nan".
inline void requireFinite(const char* function, const char* argument, double value) {
    if (!std::isfinite(value)) violated(function, argument, "be finite", text(value));
}

/// Rejects a span whose data is null although it claims elements (possible from C++ only).
template <class T>
void requireData(const char* function, const char* argument, Span<T> values) {
    if (values.data() == nullptr && !values.empty()) invalid(function, argument, "is null");
}

/// requireData, then rejects a span of other than `length` elements: "xyz must hold 6 floats (3n), got 5".
template <class T>
void requireLength(const char* function, const char* argument, Span<T> values, std::size_t length, const char* unit) {
    requireData(function, argument, values);
    if (values.size() != length) violated(function, argument, "hold " + text(length) + " " + unit, text(values.size()));
}

/// requireData, then rejects a span shorter than `needed`, which `formula` explains:
/// "out must hold at least k*d = 4 elements, got 3".
template <class T>
void requireCapacity(const char* function, const char* argument, Span<T> values, long long needed, const char* formula) {
    requireData(function, argument, values);
    if (static_cast<long long>(values.size()) < needed) {
        violated(function, argument, "hold at least " + std::string(formula) + " = " + text(needed) + " elements",
                 text(values.size()));
    }
}

/// requireData for both, then rejects spans of different lengths: "x and y must have the same length, got 3 and 4".
template <class A, class B>
void requireSameLength(const char* function, const char* a, Span<A> x, const char* b, Span<B> y) {
    requireData(function, a, x);
    requireData(function, b, y);
    if (x.size() != y.size()) {
        violated(function, std::string(a) + " and " + b, "have the same length", text(x.size()) + " and " + text(y.size()));
    }
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

/// Rejects the first NaN or infinite element: "xyz[3] must be finite, got nan".
inline void requireFinite(const char* function, const char* argument, Span<const float> values) {
    const long long at = firstNonFinite(values.data(), values.size());
    if (at >= 0) {
        const auto i = static_cast<std::size_t>(at);
        violated(function, element(argument, i), "be finite", text(values[i]));
    }
}

/// Rejects the first NaN element: "values[1] is NaN".
template <class T>
void requireNoNaN(const char* function, const char* argument, Span<const T> values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::isnan(values[i])) invalid(function, element(argument, i), "is NaN");
    }
}

}  // namespace mymodule::detail
