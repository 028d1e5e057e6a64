// The image row kernels (image_simd.h), written once as plain loops and compiled three times: for
// baseline x86-64 (SSE2) or ARMv8 (NEON), for AVX2 and for AVX-512. The compiler vectorises each
// copy for its instruction set; image.cpp picks the copy once through cpuIsa().
#include "image_simd.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace mymodule::detail {

namespace {

using u8 = std::uint8_t;
using u16 = std::uint16_t;
using u32 = std::uint32_t;
using i16 = std::int16_t;
using i32 = std::int32_t;

MYMODULE_INLINE void gray3Impl(const u8* __restrict s, u8* __restrict dst, int n, const int* w) {
    const int w0 = w[0], w1 = w[1], w2 = w[2];
    for (int i = 0; i < n; ++i) {
        dst[i] = static_cast<u8>((w0 * s[3 * i] + w1 * s[3 * i + 1] + w2 * s[3 * i + 2] + 16384) >> 15);
    }
}

MYMODULE_INLINE void gray4Impl(const u8* __restrict s, u8* __restrict dst, int n, const int* w) {
    const int w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
    for (int i = 0; i < n; ++i) {
        dst[i] = static_cast<u8>(
            (w0 * s[4 * i] + w1 * s[4 * i + 1] + w2 * s[4 * i + 2] + w3 * s[4 * i + 3] + 16384) >> 15);
    }
}

// Sums stay below 255 * 256 + 1 = 65281, so 16-bit lanes never wrap (the taps sum to 256).
MYMODULE_INLINE void blurRowImpl(const u8* __restrict s, u16* __restrict dst, int n, int step, const u16* k, int r) {
    const u16 kc = k[r];
    for (int i = 0; i < n; ++i) dst[i] = static_cast<u16>(kc * s[i]);
    for (int j = 1; j <= r; ++j) {
        const u16 kj = k[r - j];
        if (kj == 0) continue;
        const u8* __restrict lo = s - j * step;
        const u8* __restrict hi = s + j * step;
        for (int i = 0; i < n; ++i) dst[i] = static_cast<u16>(dst[i] + kj * (lo[i] + hi[i]));
    }
}

// GCC vector types: one u32x16 is a zmm register with AVX-512, two ymm with AVX2, four xmm in SSE2 or NEON.
typedef u32 u32x16 __attribute__((vector_size(64)));
typedef u16 u16x16 __attribute__((vector_size(32)));
typedef u8 u8x16 __attribute__((vector_size(16)));

MYMODULE_INLINE u32x16 load16(const u16* p) {
    u16x16 v;
    std::memcpy(&v, p, sizeof v);
    return __builtin_convertvector(v, u32x16);
}

// H <= 65280 and the weights sum to 256: every sum stays below 2^24.
MYMODULE_INLINE void blurColumnImpl(const u16* const* a, const u16* const* b, const u32* w, int pairs, const u16* c,
                                    u32 wc, u8* __restrict dst, int n) {
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        u32x16 acc = load16(c + i) * wc + 32768u;
        for (int p = 0; p < pairs; ++p) acc += (load16(a[p] + i) + load16(b[p] + i)) * w[p];
        const u8x16 out = __builtin_convertvector(acc >> 16, u8x16);
        std::memcpy(dst + i, &out, sizeof out);
    }
    for (; i < n; ++i) {
        u32 acc = wc * c[i] + 32768u;
        for (int p = 0; p < pairs; ++p) acc += w[p] * (static_cast<u32>(a[p][i]) + b[p][i]);
        dst[i] = static_cast<u8>(acc >> 16);
    }
}

MYMODULE_INLINE void sobelColumnImpl(const u8* __restrict a, const u8* __restrict b, const u8* __restrict c,
                                     i16* __restrict v, i16* __restrict d, int n) {
    for (int i = 0; i < n; ++i) {
        v[i] = static_cast<i16>(a[i] + 2 * b[i] + c[i]);
        d[i] = static_cast<i16>(c[i] - a[i]);
    }
}

MYMODULE_INLINE void sobelRowImpl(const i16* __restrict v, const i16* __restrict d, int step, i16* __restrict dx,
                                  i16* __restrict dy, int n) {
    for (int i = 0; i < n; ++i) {
        dx[i] = static_cast<i16>(v[i + step] - v[i - step]);
        dy[i] = static_cast<i16>(d[i - step] + 2 * d[i] + d[i + step]);
    }
}

// |dx|, |dy| <= 1020, so dx² + dy² < 2^24 is exact in float and sqrtf is correctly rounded. A square
// root of an integer is never k + 1/2, so adding 0.5 and truncating rounds like cvRound.
MYMODULE_INLINE void sobelMagnitudeImpl(const i16* __restrict v, const i16* __restrict d, int step, u8* __restrict dst,
                                        int n) {
    for (int i = 0; i < n; ++i) {
        const int gx = v[i + step] - v[i - step];
        const int gy = d[i - step] + 2 * d[i] + d[i + step];
        const int q = static_cast<int>(std::sqrt(static_cast<float>(gx * gx + gy * gy)) + 0.5f);
        dst[i] = static_cast<u8>(q < 255 ? q : 255);
    }
}

MYMODULE_INLINE void sobelMagnitudeFloatImpl(const i16* __restrict v, const i16* __restrict d, int step,
                                             float* __restrict dst, int n) {
    for (int i = 0; i < n; ++i) {
        const int gx = v[i + step] - v[i - step];
        const int gy = d[i - step] + 2 * d[i] + d[i + step];
        dst[i] = std::sqrt(static_cast<float>(gx * gx + gy * gy));
    }
}

// h0, h1 <= 255 * 2048 and b0 + b1 = 2048: the sum fits in 31 bits.
MYMODULE_INLINE void linearColumnImpl(const i32* __restrict h0, const i32* __restrict h1, int b0, int b1,
                                      u8* __restrict dst, int n) {
    for (int i = 0; i < n; ++i) {
        const int value = (h0[i] * b0 + h1[i] * b1 + (1 << 21)) >> 22;
        dst[i] = static_cast<u8>(value < 0 ? 0 : value > 255 ? 255 : value);
    }
}

MYMODULE_INLINE void addRowImpl(const u8* __restrict s, u32* __restrict sum, int n) {
    for (int i = 0; i < n; ++i) sum[i] += s[i];
}

template <int cn>
MYMODULE_INLINE void halveImpl(const u8* __restrict a, const u8* __restrict b, u8* __restrict dst, int n) {
    for (int x = 0; x < n; ++x) {
        for (int c = 0; c < cn; ++c) {
            const int i = 2 * x * cn + c;
            dst[x * cn + c] = static_cast<u8>((a[i] + a[i + cn] + b[i] + b[i + cn] + 2) >> 2);
        }
    }
}

MYMODULE_INLINE void halveRowImpl(const u8* a, const u8* b, u8* dst, int n, int cn) {
    if (cn == 1) halveImpl<1>(a, b, dst, n);
    else if (cn == 3) halveImpl<3>(a, b, dst, n);
    else halveImpl<4>(a, b, dst, n);
}

MYMODULE_INLINE void linearRowGroupsImpl(const u8* __restrict s, const i32* __restrict start, const u8* __restrict t,
                                         const i16* __restrict w, int groups, i32* __restrict h) {
    for (int g = 0; g < groups; ++g) {
        const u8* p = s + start[g];
        for (int j = 0; j < 4; ++j) {
            const int k = 8 * g + 2 * j;
            h[4 * g + j] = p[t[k]] * w[k] + p[t[k + 1]] * w[k + 1];
        }
    }
}

MYMODULE_INLINE void toFloatImpl(const u8* __restrict s, float* __restrict dst, int n) {
    for (int i = 0; i < n; ++i) dst[i] = s[i];
}

// The area kernels must round like OpenCV's scalar code: no a * b + c fused into one FMA.
#define MYMODULE_NO_FMA __attribute__((optimize("fp-contract=off")))

MYMODULE_INLINE MYMODULE_NO_FMA void areaRowImpl(const float* __restrict s, const i32* __restrict index,
                                                 const float* __restrict alpha, int taps, float* __restrict dst, int n) {
    for (int i = 0; i < n; ++i) dst[i] = s[index[i]] * alpha[i];
    for (int k = 1; k < taps; ++k) {
        const i32* __restrict ix = index + static_cast<std::ptrdiff_t>(k) * n;
        const float* __restrict a = alpha + static_cast<std::ptrdiff_t>(k) * n;
        for (int i = 0; i < n; ++i) dst[i] = dst[i] + s[ix[i]] * a[i];
    }
}

MYMODULE_INLINE MYMODULE_NO_FMA void areaAccumulateImpl(const float* __restrict buf, float beta, float* __restrict sum,
                                                        int n, bool first) {
    if (first) {
        for (int i = 0; i < n; ++i) sum[i] = beta * buf[i];
    } else {
        for (int i = 0; i < n; ++i) sum[i] = sum[i] + beta * buf[i];
    }
}

// Adding and subtracting 1.5 * 2^23 rounds a float below 2^22 in magnitude to an integer, half to
// even (the default rounding mode), as cvRound does; it vectorises on every set, unlike nearbyint.
MYMODULE_INLINE MYMODULE_NO_FMA void areaStoreImpl(const float* __restrict sum, u8* __restrict dst, int n) {
    for (int i = 0; i < n; ++i) {
        const float v = std::min(std::max(sum[i], -1.f), 256.f);
        const int q = static_cast<int>((v + 12582912.f) - 12582912.f);
        dst[i] = static_cast<u8>(q < 0 ? 0 : q > 255 ? 255 : q);
    }
}

}  // namespace

#if defined(__x86_64__)
namespace {

// Hand-written AVX2 kernels, used by the AVX-512 set too (the compiler's versions of these loops
// gather or shuffle byte by byte). Their names carry Avx2 for check_isa.sh.
MYMODULE_AVX2 void linearRowGroupsAvx2(const u8* s, const i32* start, const u8* t, const i16* w, int groups, i32* h) {
    const __m256i zeroHigh = _mm256_set1_epi16(static_cast<short>(0x8000));  // pshufb writes 0 for these bytes
    for (int g = 0; g < groups; g += 2) {
        const __m256i src = _mm256_inserti128_si256(
            _mm256_castsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s + start[g]))),
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + start[g + 1])), 1);
        const __m256i mask =
            _mm256_or_si256(_mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(t + 8 * g))), zeroHigh);
        const __m256i pixels = _mm256_shuffle_epi8(src, mask);  // 16-bit tap pairs
        const __m256i weights = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + 8 * g));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(h + 4 * g), _mm256_madd_epi16(pixels, weights));
    }
}

MYMODULE_AVX2 inline __m256i halveSumsAvx2(__m256i a, __m256i b, __m256i mask) {
    const __m256i ones = _mm256_set1_epi8(1);
    const __m256i sa = _mm256_maddubs_epi16(_mm256_shuffle_epi8(a, mask), ones);
    const __m256i sb = _mm256_maddubs_epi16(_mm256_shuffle_epi8(b, mask), ones);
    return _mm256_srli_epi16(_mm256_add_epi16(_mm256_add_epi16(sa, sb), _mm256_set1_epi16(2)), 2);
}

MYMODULE_AVX2 inline __m256i load2Avx2(const u8* lo, const u8* hi) {
    return _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(lo))),
                                   _mm_loadu_si128(reinterpret_cast<const __m128i*>(hi)), 1);
}

// Halving of 8 three-channel pixels from 48 bytes of rows a and b: 12 input bytes (4 pixels) to 6
// outputs per 128-bit lane, 4 such groups; the 24 output bytes are the low 24 of the result.
MYMODULE_AVX2 inline __m256i halveEightAvx2(const u8* pa, const u8* pb) {
    const __m256i mask = _mm256_setr_epi8(0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11, -1, -1, -1, -1, 0, 3, 1, 4, 2, 5, 6, 9,
                                          7, 10, 8, 11, -1, -1, -1, -1);
    const __m256i compact = _mm256_setr_epi8(0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13, -1, -1, -1, -1, 0, 1, 2, 3, 4, 5,
                                             8, 9, 10, 11, 12, 13, -1, -1, -1, -1);
    const __m256i s0 = halveSumsAvx2(load2Avx2(pa, pa + 24), load2Avx2(pb, pb + 24), mask);  // groups 0, 2
    const __m256i s1 = halveSumsAvx2(load2Avx2(pa + 12, pa + 36), load2Avx2(pb + 12, pb + 36), mask);  // 1, 3
    return _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(_mm256_packus_epi16(s0, s1), compact),
                                       _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7));
}

// Stores 16 output bytes; with stream, past the caches (dst 16-byte aligned): a large output
// written once is not read first, which saves a third of the memory traffic of halving.
MYMODULE_AVX2 inline void store16Avx2(u8* dst, __m128i v, bool stream) {
    if (stream) _mm_stream_si128(reinterpret_cast<__m128i*>(dst), v);
    else _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), v);
}

MYMODULE_AVX2 void halveRowAvx2(const u8* a, const u8* b, u8* dst, int n, int cn, bool stream) {
    int x = 0;  // output pixels done
    if (stream) {  // the scalar kernel up to the first 16-byte aligned output pixel
        while (x < n && x < 16 && (reinterpret_cast<std::uintptr_t>(dst + x * cn) & 15) != 0) ++x;
        if ((reinterpret_cast<std::uintptr_t>(dst + x * cn) & 15) != 0) x = 0, stream = false;  // 4 channels, odd address
        else if (x > 0) halveRowImpl(a, b, dst, x, cn);
    }
    if (cn == 1 || cn == 4) {
        // Each 16-bit pair sum is one channel of two neighbours: for 4 channels, interleave them first.
        const __m256i mask = cn == 1 ? _mm256_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3,
                                                        4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
                                     : _mm256_setr_epi8(0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15, 0, 4, 1, 5,
                                                        2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15);
        const int step = 32 / cn;  // output pixels per step: 32 bytes from 64 input bytes of each row
        for (; x + step <= n; x += step) {
            const u8* pa = a + 2 * x * cn;
            const u8* pb = b + 2 * x * cn;
            const __m256i s0 = halveSumsAvx2(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(pa)),
                                             _mm256_loadu_si256(reinterpret_cast<const __m256i*>(pb)), mask);
            const __m256i s1 = halveSumsAvx2(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(pa + 32)),
                                             _mm256_loadu_si256(reinterpret_cast<const __m256i*>(pb + 32)), mask);
            const __m256i out = _mm256_permute4x64_epi64(_mm256_packus_epi16(s0, s1), 0xD8);
            store16Avx2(dst + x * cn, _mm256_castsi256_si128(out), stream);
            store16Avx2(dst + x * cn + 16, _mm256_extracti128_si256(out, 1), stream);
        }
    } else {
        // Two halveEightAvx2 make one step of 16 pixels, 48 bytes out.
        for (; 6 * x + 100 <= 6 * n; x += 16) {  // the last load reads 16 bytes from 6 x + 84
            const __m256i o0 = halveEightAvx2(a + 6 * x, b + 6 * x), o1 = halveEightAvx2(a + 6 * x + 48, b + 6 * x + 48);
            const __m128i hi0 = _mm256_extracti128_si256(o0, 1), lo1 = _mm256_castsi256_si128(o1);
            store16Avx2(dst + 3 * x, _mm256_castsi256_si128(o0), stream);
            store16Avx2(dst + 3 * x + 16, _mm_unpacklo_epi64(hi0, lo1), stream);
            store16Avx2(dst + 3 * x + 32, _mm_alignr_epi8(_mm256_extracti128_si256(o1, 1), lo1, 8), stream);
        }
    }
    if (stream) _mm_sfence();  // the streamed bytes before anything this thread writes next
    if (x < n) halveRowImpl(a + 2 * x * cn, b + 2 * x * cn, dst + x * cn, n - x, cn);
}

}  // namespace
#endif

// One set of entry points per instruction set; the names carry the set (check_isa.sh relies on it).
#define MYMODULE_IMAGE_KERNELS(Name, TARGET, HALVE, GROUPS)                                                         \
    namespace {                                                                                                     \
    TARGET void gray3##Name(const u8* s, u8* dst, int n, const int* w) { gray3Impl(s, dst, n, w); }                 \
    TARGET void gray4##Name(const u8* s, u8* dst, int n, const int* w) { gray4Impl(s, dst, n, w); }                 \
    TARGET void blurRow##Name(const u8* s, u16* dst, int n, int step, const u16* k, int r) {                        \
        blurRowImpl(s, dst, n, step, k, r);                                                                         \
    }                                                                                                               \
    TARGET void blurColumn##Name(const u16* const* a, const u16* const* b, const u32* w, int pairs, const u16* c,   \
                                u32 wc, u8* dst, int n) {                                                           \
        blurColumnImpl(a, b, w, pairs, c, wc, dst, n);                                                              \
    }                                                                                                               \
    TARGET void sobelRow##Name(const i16* v, const i16* d, int step, i16* dx, i16* dy, int n) {                     \
        sobelRowImpl(v, d, step, dx, dy, n);                                                                        \
    }                                                                                                               \
    TARGET void sobelMagnitudeRow##Name(const i16* v, const i16* d, int step, u8* dst, int n) {                     \
        sobelMagnitudeImpl(v, d, step, dst, n);                                                                     \
    }                                                                                                               \
    TARGET void sobelMagnitudeFloatRow##Name(const i16* v, const i16* d, int step, float* dst, int n) {             \
        sobelMagnitudeFloatImpl(v, d, step, dst, n);                                                                \
    }                                                                                                               \
    TARGET void sobelColumn##Name(const u8* a, const u8* b, const u8* c, i16* v, i16* d, int n) {                   \
        sobelColumnImpl(a, b, c, v, d, n);                                                                          \
    }                                                                                                               \
    TARGET void linearColumn##Name(const i32* h0, const i32* h1, int b0, int b1, u8* dst, int n) {                  \
        linearColumnImpl(h0, h1, b0, b1, dst, n);                                                                   \
    }                                                                                                               \
    TARGET void addRow##Name(const u8* s, u32* sum, int n) { addRowImpl(s, sum, n); }                               \
    TARGET void toFloat##Name(const u8* s, float* dst, int n) { toFloatImpl(s, dst, n); }                           \
    TARGET MYMODULE_NO_FMA void areaRow##Name(const float* s, const i32* index, const float* alpha, int taps,       \
                                             float* dst, int n) {                                                   \
        areaRowImpl(s, index, alpha, taps, dst, n);                                                                 \
    }                                                                                                               \
    TARGET MYMODULE_NO_FMA void areaAccumulate##Name(const float* buf, float beta, float* sum, int n, bool first) { \
        areaAccumulateImpl(buf, beta, sum, n, first);                                                               \
    }                                                                                                               \
    TARGET MYMODULE_NO_FMA void areaStore##Name(const float* sum, u8* dst, int n) { areaStoreImpl(sum, dst, n); }   \
    const ImageKernels kernels##Name = {gray3##Name,       gray4##Name,           blurRow##Name,                    \
                                        blurColumn##Name,  sobelRow##Name,        sobelMagnitudeRow##Name,          \
                                        sobelMagnitudeFloatRow##Name, sobelColumn##Name, linearColumn##Name,        \
                                        addRow##Name, HALVE,     GROUPS,         toFloat##Name,                     \
                                        areaRow##Name, areaAccumulate##Name, areaStore##Name};                      \
    }

namespace {
// Baseline halving and bilinear groups; the AVX sets use the hand-written kernels above.
void halveRowBaseline(const u8* a, const u8* b, u8* dst, int n, int cn, bool) { halveRowImpl(a, b, dst, n, cn); }
void linearRowGroupsBaseline(const u8* s, const i32* start, const u8* t, const i16* w, int groups, i32* h) {
    linearRowGroupsImpl(s, start, t, w, groups, h);
}
}  // namespace
MYMODULE_IMAGE_KERNELS(Baseline, , halveRowBaseline, linearRowGroupsBaseline)
#if defined(__x86_64__)
// Compiled for AVX2 / AVX-512 here only; imageKernels() hands them out only when cpuIsa() allows.
MYMODULE_IMAGE_KERNELS(Avx2, MYMODULE_AVX2, halveRowAvx2, linearRowGroupsAvx2)
MYMODULE_IMAGE_KERNELS(Avx512, MYMODULE_AVX512, halveRowAvx2, linearRowGroupsAvx2)
#endif
#if defined(__aarch64__)
namespace {
const ImageKernels& kernelsNeon = kernelsBaseline;  // the baseline set is compiled for NEON there
}  // namespace
#endif

MYMODULE_KERNELS_ACCESSOR(ImageKernels, imageKernels)

}  // namespace mymodule::detail
