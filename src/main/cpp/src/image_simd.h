// Row kernels of the image functions (image.h), one set per instruction set, in image_simd.cpp.
// image.cpp does the borders, the threading and the checks; these only run straight loops over
// rows that the compiler vectorises for the set's instruction set.
#pragma once

#include <cstdint>

#include "simd.h"

namespace mymodule::detail {

/// The row kernels of one instruction set. n is a count of elements (pixels times channels).
struct ImageKernels {
    /// dst[i] = (w[0] s[3i] + w[1] s[3i+1] + w[2] s[3i+2] + 16384) >> 15, for i < n pixels.
    void (*gray3)(const std::uint8_t* s, std::uint8_t* dst, int n, const int* w);
    /// Like gray3 over 4-byte pixels with four weights (one of them 0, for alpha).
    void (*gray4)(const std::uint8_t* s, std::uint8_t* dst, int n, const int* w);
    /// Horizontal Gaussian pass away from the borders: dst[i] = k[r] s[i] + sum over j in [1, r] of
    /// k[r - j] (s[i - j step] + s[i + j step]), for i < n; k has 2r + 1 taps summing to 256.
    void (*blurRow)(const std::uint8_t* s, std::uint16_t* dst, int n, int step, const std::uint16_t* k, int r);
    /// Vertical Gaussian pass: dst[i] = (wc c[i] + sum over p of w[p] (a[p][i] + b[p][i]) + 32768) >> 16.
    void (*blurColumn)(const std::uint16_t* const* a, const std::uint16_t* const* b, const std::uint32_t* w,
                       int pairs, const std::uint16_t* c, std::uint32_t wc, std::uint8_t* dst, int n);
    /// Sobel from the vertical sums v = a + 2b + c and differences d = c - a of a row padded by
    /// step elements on both sides: dx[i] = v[i + step] - v[i - step], dy[i] = d[i - step] + 2 d[i] + d[i + step].
    void (*sobelRow)(const std::int16_t* v, const std::int16_t* d, int step, std::int16_t* dx, std::int16_t* dy, int n);
    /// The same derivatives, written as their magnitude rounded and saturated to 0..255.
    void (*sobelMagnitudeRow)(const std::int16_t* v, const std::int16_t* d, int step, std::uint8_t* dst, int n);
    /// The same derivatives, written as their magnitude in float.
    void (*sobelMagnitudeFloatRow)(const std::int16_t* v, const std::int16_t* d, int step, float* dst, int n);
    /// Vertical sums and differences for sobelRow: v = a + 2b + c, d = c - a.
    void (*sobelColumn)(const std::uint8_t* a, const std::uint8_t* b, const std::uint8_t* c, std::int16_t* v,
                        std::int16_t* d, int n);
    /// Vertical bilinear step: dst[i] = (h0[i] b0 + h1[i] b1 + (1 << 21)) >> 22, saturated to 0..255.
    void (*linearColumn)(const std::int32_t* h0, const std::int32_t* h1, int b0, int b1, std::uint8_t* dst, int n);
    /// sum[i] += s[i] (column sums for area averaging).
    void (*addRow)(const std::uint8_t* s, std::uint32_t* sum, int n);
    /// Halving: each of n output pixels of cn channels (1, 3 or 4) is (the 2x2 block of rows a and b + 2) >> 2.
    /// stream: the output is large, write it past the caches where the set can.
    void (*halveRow)(const std::uint8_t* a, const std::uint8_t* b, std::uint8_t* dst, int n, int cn, bool stream);
    /// Horizontal bilinear step by groups of 4 outputs: output 4g + j is s[start[g] + t[8g + 2j]] w[8g + 2j] +
    /// s[start[g] + t[8g + 2j + 1]] w[8g + 2j + 1], for g < groups (even); each offset t is below 16, so a
    /// group reads the 16 bytes at s + start[g] only (the row must hold them).
    void (*linearRowGroups)(const std::uint8_t* s, const std::int32_t* start, const std::uint8_t* t,
                            const std::int16_t* w, int groups, std::int32_t* h);
    /// s[i] as float, for i < n.
    void (*toFloat)(const std::uint8_t* s, float* dst, int n);
    /// Horizontal area step: dst[i] = the sum over k < taps, in that order, of s[index[k n + i]] alpha[k n + i],
    /// each product and sum rounded to float (never fused), as OpenCV's resizeArea.
    void (*areaRow)(const float* s, const std::int32_t* index, const float* alpha, int taps, float* dst, int n);
    /// Vertical area step: sum[i] = beta buf[i] if first, else sum[i] + beta buf[i] (rounded twice, never fused).
    void (*areaAccumulate)(const float* buf, float beta, float* sum, int n, bool first);
    /// dst[i] = sum[i] rounded half to even and saturated to 0..255 (OpenCV's saturate_cast<uchar>(float)).
    void (*areaStore)(const float* sum, std::uint8_t* dst, int n);
};

/// The kernels of isa, one the CPU has (cpuHas); on arm64 the baseline set, compiled for NEON
/// (part of ARMv8-A), serves neon too.
const ImageKernels& imageKernels(Isa isa = cpuIsa());

}  // namespace mymodule::detail
