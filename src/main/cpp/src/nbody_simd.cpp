// The N-body force kernels for each instruction set. All compute, per body i and in order of j,
//   a_i += d m_j r2^(-3/2),  d = r_j - r_i,  r2 = d.d + eps2
// and differ only in how r2^(-3/2) is formed:
//   baseline  (1 / sqrt(r2))^3: correctly rounded square root and division (0.5 ulp each), SSE2 on
//             x86-64, one body at a time elsewhere;
//   AVX2      y = vrsqrtps(r2), relative error |e| < 1.5 * 2^-12, then the cube refined directly:
//             m y^3 (2.5 - 1.5 r2 y^2) = m r2^(-3/2) (1 - 7.5 e^2 + O(e^3)), the first-order Newton
//             correction of y^3 (y (1.5 - 0.5 r2 y^2) cubed, linearised). Error < 1.0e-6 relative,
//             always low, the same for the pair (i, j) as for (j, i), so momentum is still conserved;
//             with m25 = 2.5 m and m15 = 1.5 m precomputed it costs 5 vector operations where a
//             Newton step on y and the cube cost 7;
//   AVX-512   the same with vrsqrt14ps (|e| < 2^-14): error < 3e-8, below float rounding;
//   NEON      frsqrte (about 2^-8) and two Newton steps (frsqrts): about 2^-22 plus rounding.
// Errors of a few ulps per interaction average out in the sum over j: the paths agree to about 1e-6
// relative (test/nbody_test.cpp checks each against a double reference), far below the
// leapfrog's own error.
#include <cmath>

#include "nbody_simd.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif
#if defined(__aarch64__)
#include <arm_neon.h>
#endif

namespace mymodule::detail {

void accelBaseline(const BodyArrays& b, std::size_t i0, std::size_t i1, std::size_t j0, std::size_t j1, float eps2,
                   bool masked, float* ax, float* ay, float* az) {
#if defined(__x86_64__)
    // SSE2 is part of x86-64: 4 bodies per vector, sqrtps and divps (GCC does not vectorise the loop below).
    const __m128 e2 = _mm_set1_ps(eps2), one = _mm_set1_ps(1.0f);
    const __m128 all = _mm_castsi128_ps(_mm_set1_epi32(masked ? 0 : -1));
    for (std::size_t i = i0; i < i1; i += 4) {
        const __m128 xi = _mm_loadu_ps(b.x + i), yi = _mm_loadu_ps(b.y + i), zi = _mm_loadu_ps(b.z + i);
        __m128 sx = _mm_loadu_ps(ax + i), sy = _mm_loadu_ps(ay + i), sz = _mm_loadu_ps(az + i);
        for (std::size_t j = j0; j < j1; ++j) {
            const __m128 dx = _mm_sub_ps(_mm_set1_ps(b.x[j]), xi);
            const __m128 dy = _mm_sub_ps(_mm_set1_ps(b.y[j]), yi);
            const __m128 dz = _mm_sub_ps(_mm_set1_ps(b.z[j]), zi);
            const __m128 r2 = _mm_add_ps(_mm_mul_ps(dx, dx), _mm_add_ps(_mm_mul_ps(dy, dy), _mm_add_ps(_mm_mul_ps(dz, dz), e2)));
            __m128 inv = _mm_div_ps(one, _mm_sqrt_ps(r2));
            inv = _mm_and_ps(inv, _mm_or_ps(all, _mm_cmpgt_ps(r2, e2)));
            const __m128 s = _mm_mul_ps(_mm_set1_ps(b.m[j]), _mm_mul_ps(_mm_mul_ps(inv, inv), inv));
            sx = _mm_add_ps(sx, _mm_mul_ps(dx, s));
            sy = _mm_add_ps(sy, _mm_mul_ps(dy, s));
            sz = _mm_add_ps(sz, _mm_mul_ps(dz, s));
        }
        _mm_storeu_ps(ax + i, sx);
        _mm_storeu_ps(ay + i, sy);
        _mm_storeu_ps(az + i, sz);
    }
#else
    for (std::size_t i = i0; i < i1; ++i) {
        float sx = ax[i], sy = ay[i], sz = az[i];
        for (std::size_t j = j0; j < j1; ++j) {
            const float dx = b.x[j] - b.x[i], dy = b.y[j] - b.y[i], dz = b.z[j] - b.z[i];
            const float r2 = dx * dx + (dy * dy + (dz * dz + eps2));
            const float inv = (masked && !(r2 > eps2)) ? 0.0f : 1.0f / std::sqrt(r2);
            const float s = b.m[j] * ((inv * inv) * inv);
            sx += dx * s, sy += dy * s, sz += dz * s;
        }
        ax[i] = sx, ay[i] = sy, az[i] = sz;
    }
#endif
}

#if defined(__x86_64__)
namespace {

template <bool kMasked>
MYMODULE_AVX2 void accelAvx2Loop(const BodyArrays& b, std::size_t i0, std::size_t i1,
                                                       std::size_t j0, std::size_t j1, float eps2, float* ax,
                                                       float* ay, float* az) {
    const __m256 e2 = _mm256_set1_ps(eps2);
    for (std::size_t i = i0; i < i1; i += 8) {
        const __m256 xi = _mm256_loadu_ps(b.x + i), yi = _mm256_loadu_ps(b.y + i), zi = _mm256_loadu_ps(b.z + i);
        __m256 sx = _mm256_loadu_ps(ax + i), sy = _mm256_loadu_ps(ay + i), sz = _mm256_loadu_ps(az + i);
        for (std::size_t j = j0; j < j1; ++j) {
            const __m256 dx = _mm256_sub_ps(_mm256_broadcast_ss(b.x + j), xi);
            const __m256 dy = _mm256_sub_ps(_mm256_broadcast_ss(b.y + j), yi);
            const __m256 dz = _mm256_sub_ps(_mm256_broadcast_ss(b.z + j), zi);
            const __m256 r2 = _mm256_fmadd_ps(dx, dx, _mm256_fmadd_ps(dy, dy, _mm256_fmadd_ps(dz, dz, e2)));
            const __m256 y = _mm256_rsqrt_ps(r2), y2 = _mm256_mul_ps(y, y);
            const __m256 mf = _mm256_fnmadd_ps(_mm256_mul_ps(r2, y2), _mm256_broadcast_ss(b.m15 + j),
                                               _mm256_broadcast_ss(b.m25 + j));  // m (2.5 - 1.5 r2 y^2)
            __m256 s = _mm256_mul_ps(mf, _mm256_mul_ps(y2, y));
            if (kMasked) s = _mm256_and_ps(s, _mm256_cmp_ps(r2, e2, _CMP_GT_OQ));
            sx = _mm256_fmadd_ps(dx, s, sx);
            sy = _mm256_fmadd_ps(dy, s, sy);
            sz = _mm256_fmadd_ps(dz, s, sz);
        }
        _mm256_storeu_ps(ax + i, sx);
        _mm256_storeu_ps(ay + i, sy);
        _mm256_storeu_ps(az + i, sz);
    }
}

// K vectors of 16 bodies at once: each broadcast of body j serves 16 K bodies, and the K
// independent chains keep both FMA units busy through the rsqrt's latency.
template <bool kMasked, int K>
MYMODULE_AVX512 MYMODULE_INLINE void accelAvx512Block(
    const BodyArrays& b, std::size_t i, std::size_t j0, std::size_t j1, __m512 e2, float* ax, float* ay, float* az) {
    __m512 xi[K], yi[K], zi[K], sx[K], sy[K], sz[K];
    for (int k = 0; k < K; ++k) {
        const std::size_t at = i + 16 * static_cast<std::size_t>(k);
        xi[k] = _mm512_loadu_ps(b.x + at), yi[k] = _mm512_loadu_ps(b.y + at), zi[k] = _mm512_loadu_ps(b.z + at);
        sx[k] = _mm512_loadu_ps(ax + at), sy[k] = _mm512_loadu_ps(ay + at), sz[k] = _mm512_loadu_ps(az + at);
    }
    for (std::size_t j = j0; j < j1; ++j) {
        const __m512 xj = _mm512_set1_ps(b.x[j]), yj = _mm512_set1_ps(b.y[j]), zj = _mm512_set1_ps(b.z[j]);
        const __m512 m15 = _mm512_set1_ps(b.m15[j]), m25 = _mm512_set1_ps(b.m25[j]);
        for (int k = 0; k < K; ++k) {
            const __m512 dx = _mm512_sub_ps(xj, xi[k]), dy = _mm512_sub_ps(yj, yi[k]), dz = _mm512_sub_ps(zj, zi[k]);
            const __m512 r2 = _mm512_fmadd_ps(dx, dx, _mm512_fmadd_ps(dy, dy, _mm512_fmadd_ps(dz, dz, e2)));
            // maskz: the unmasked form trips -Wmaybe-uninitialized in GCC 12
            const __m512 y = _mm512_maskz_rsqrt14_ps(0xFFFF, r2), y2 = _mm512_mul_ps(y, y);
            const __m512 mf = _mm512_fnmadd_ps(_mm512_mul_ps(r2, y2), m15, m25);  // m (2.5 - 1.5 r2 y^2)
            const __m512 y3 = _mm512_mul_ps(y2, y);
            const __m512 s = kMasked ? _mm512_maskz_mul_ps(_mm512_cmp_ps_mask(r2, e2, _CMP_GT_OQ), mf, y3)
                                     : _mm512_mul_ps(mf, y3);
            sx[k] = _mm512_fmadd_ps(dx, s, sx[k]);
            sy[k] = _mm512_fmadd_ps(dy, s, sy[k]);
            sz[k] = _mm512_fmadd_ps(dz, s, sz[k]);
        }
    }
    for (int k = 0; k < K; ++k) {
        const std::size_t at = i + 16 * static_cast<std::size_t>(k);
        _mm512_storeu_ps(ax + at, sx[k]);
        _mm512_storeu_ps(ay + at, sy[k]);
        _mm512_storeu_ps(az + at, sz[k]);
    }
}

template <bool kMasked>
MYMODULE_AVX512 void accelAvx512Loop(
    const BodyArrays& b, std::size_t i0, std::size_t i1, std::size_t j0, std::size_t j1, float eps2, float* ax,
    float* ay, float* az) {
    const __m512 e2 = _mm512_set1_ps(eps2);
    std::size_t i = i0;
    for (; i + 32 <= i1; i += 32) accelAvx512Block<kMasked, 2>(b, i, j0, j1, e2, ax, ay, az);
    for (; i < i1; i += 16) accelAvx512Block<kMasked, 1>(b, i, j0, j1, e2, ax, ay, az);
}

}  // namespace

void accelAvx2(const BodyArrays& b, std::size_t i0, std::size_t i1, std::size_t j0, std::size_t j1, float eps2,
               bool masked, float* ax, float* ay, float* az) {
    (masked ? accelAvx2Loop<true> : accelAvx2Loop<false>)(b, i0, i1, j0, j1, eps2, ax, ay, az);
}

void accelAvx512(const BodyArrays& b, std::size_t i0, std::size_t i1, std::size_t j0, std::size_t j1, float eps2,
                 bool masked, float* ax, float* ay, float* az) {
    (masked ? accelAvx512Loop<true> : accelAvx512Loop<false>)(b, i0, i1, j0, j1, eps2, ax, ay, az);
}
#endif

#if defined(__aarch64__)
void accelNeon(const BodyArrays& b, std::size_t i0, std::size_t i1, std::size_t j0, std::size_t j1, float eps2,
               bool masked, float* ax, float* ay, float* az) {
    const float32x4_t e2 = vdupq_n_f32(eps2);
    const uint32x4_t all = vdupq_n_u32(masked ? 0u : ~0u);
    for (std::size_t i = i0; i < i1; i += 4) {
        const float32x4_t xi = vld1q_f32(b.x + i), yi = vld1q_f32(b.y + i), zi = vld1q_f32(b.z + i);
        float32x4_t sx = vld1q_f32(ax + i), sy = vld1q_f32(ay + i), sz = vld1q_f32(az + i);
        for (std::size_t j = j0; j < j1; ++j) {
            const float32x4_t dx = vsubq_f32(vdupq_n_f32(b.x[j]), xi);
            const float32x4_t dy = vsubq_f32(vdupq_n_f32(b.y[j]), yi);
            const float32x4_t dz = vsubq_f32(vdupq_n_f32(b.z[j]), zi);
            const float32x4_t r2 = vfmaq_f32(vfmaq_f32(vfmaq_f32(e2, dz, dz), dy, dy), dx, dx);
            float32x4_t y = vrsqrteq_f32(r2);
            y = vmulq_f32(y, vrsqrtsq_f32(vmulq_f32(r2, y), y));
            y = vmulq_f32(y, vrsqrtsq_f32(vmulq_f32(r2, y), y));
            const uint32x4_t keep = vorrq_u32(all, vcgtq_f32(r2, e2));
            y = vreinterpretq_f32_u32(vandq_u32(vreinterpretq_u32_f32(y), keep));
            const float32x4_t s = vmulq_f32(vmulq_f32(vdupq_n_f32(b.m[j]), y), vmulq_f32(y, y));
            sx = vfmaq_f32(sx, dx, s);
            sy = vfmaq_f32(sy, dy, s);
            sz = vfmaq_f32(sz, dz, s);
        }
        vst1q_f32(ax + i, sx);
        vst1q_f32(ay + i, sy);
        vst1q_f32(az + i, sz);
    }
}
#endif

namespace {
const NBodyKernels kernelsBaseline = {accelBaseline};
#if defined(__x86_64__)
const NBodyKernels kernelsAvx2 = {accelAvx2};
const NBodyKernels kernelsAvx512 = {accelAvx512};
#endif
#if defined(__aarch64__)
const NBodyKernels kernelsNeon = {accelNeon};
#endif
}  // namespace

MYMODULE_KERNELS_ACCESSOR(NBodyKernels, nbodyKernels)

}  // namespace mymodule::detail
