// The image row kernels (image_simd.h), written once as plain loops and compiled three times: for
// baseline x86-64 (SSE2) or ARMv8 (NEON), for AVX2 and for AVX-512. The compiler vectorises each
// copy for its instruction set; image.cpp picks the copy once through cpuIsa().
#include "image_simd.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mymodule::detail {

namespace {

#define MYMODULE_INLINE inline __attribute__((always_inline))

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

}  // namespace

// One set of entry points per instruction set; the names carry the set (check_isa.sh relies on it).
#define MYMODULE_IMAGE_KERNELS(Isa, TARGET)                                                                     \
    namespace {                                                                                                 \
    TARGET void gray3##Isa(const u8* s, u8* dst, int n, const int* w) { gray3Impl(s, dst, n, w); }             \
    TARGET void gray4##Isa(const u8* s, u8* dst, int n, const int* w) { gray4Impl(s, dst, n, w); }             \
    TARGET void blurRow##Isa(const u8* s, u16* dst, int n, int step, const u16* k, int r) {                     \
        blurRowImpl(s, dst, n, step, k, r);                                                                     \
    }                                                                                                           \
    TARGET void blurColumn##Isa(const u16* const* a, const u16* const* b, const u32* w, int pairs, const u16* c, \
                                u32 wc, u8* dst, int n) {                                                       \
        blurColumnImpl(a, b, w, pairs, c, wc, dst, n);                                                          \
    }                                                                                                           \
    TARGET void sobelRow##Isa(const i16* v, const i16* d, int step, i16* dx, i16* dy, int n) {                  \
        sobelRowImpl(v, d, step, dx, dy, n);                                                                    \
    }                                                                                                           \
    TARGET void sobelMagnitudeRow##Isa(const i16* v, const i16* d, int step, u8* dst, int n) {                  \
        sobelMagnitudeImpl(v, d, step, dst, n);                                                                 \
    }                                                                                                           \
    TARGET void sobelMagnitudeFloatRow##Isa(const i16* v, const i16* d, int step, float* dst, int n) {          \
        sobelMagnitudeFloatImpl(v, d, step, dst, n);                                                            \
    }                                                                                                           \
    TARGET void sobelColumn##Isa(const u8* a, const u8* b, const u8* c, i16* v, i16* d, int n) {                \
        sobelColumnImpl(a, b, c, v, d, n);                                                                      \
    }                                                                                                           \
    TARGET void linearColumn##Isa(const i32* h0, const i32* h1, int b0, int b1, u8* dst, int n) {               \
        linearColumnImpl(h0, h1, b0, b1, dst, n);                                                               \
    }                                                                                                           \
    TARGET void addRow##Isa(const u8* s, u32* sum, int n) { addRowImpl(s, sum, n); }                            \
    TARGET void halveRow##Isa(const u8* a, const u8* b, u8* dst, int n, int cn) { halveRowImpl(a, b, dst, n, cn); } \
    }                                                                                                           \
    const ImageKernels imageKernels##Isa = {gray3##Isa,       gray4##Isa,           blurRow##Isa,              \
                                            blurColumn##Isa,  sobelRow##Isa,        sobelMagnitudeRow##Isa,    \
                                            sobelMagnitudeFloatRow##Isa, sobelColumn##Isa, linearColumn##Isa,  \
                                            addRow##Isa, halveRow##Isa};

#define MYMODULE_NO_TARGET
MYMODULE_IMAGE_KERNELS(Baseline, MYMODULE_NO_TARGET)
#if defined(__x86_64__)
// Compiled for AVX2 / AVX-512 here only; imageKernels() hands them out only when cpuIsa() allows.
MYMODULE_IMAGE_KERNELS(Avx2, __attribute__((target("avx2,fma"))))
MYMODULE_IMAGE_KERNELS(Avx512, __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,fma"))))
#endif

const ImageKernels& imageKernels() {
    switch (cpuIsa()) {
#if defined(__x86_64__)
        case Isa::avx2: return imageKernelsAvx2;
        case Isa::avx512: return imageKernelsAvx512;
#endif
        default: return imageKernelsBaseline;
    }
}

}  // namespace mymodule::detail
