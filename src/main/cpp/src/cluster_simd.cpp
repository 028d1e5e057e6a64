// Every CPU path of the k-means kernels: the portable loop, AVX2 + FMA, AVX-512 and NEON.
//
// The assignment computes |c|^2 - 2 x.c for a few rows against all centroids at once: the
// centroids sit in panels of SIMD width (see CentroidPanels), each row coordinate is broadcast
// and multiplied into R rows x 2 panels of accumulators, so every centroid load feeds R FMAs and
// every broadcast 2. The distance of a row to the centroid it chose is then recomputed directly.
#include "cluster_simd.h"

#include <cmath>
#include <limits>

#if defined(__x86_64__)
#include <immintrin.h>
// GCC 12's AVX-512 reductions and conversions start from _mm512_undefined_*(), which -Wall flags.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#if defined(__aarch64__)
#include <arm_neon.h>
#endif

namespace mymodule::detail {

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

double sqDistPortable(const float* x, const float* c, int d) {
    double s = 0;
    for (int j = 0; j < d; ++j) {
        const float t = x[j] - c[j];
        s += static_cast<double>(t) * t;
    }
    return s;
}

void addPointPortable(const float* x, int d, int label, double* sums, long long* counts) {
    double* s = sums + static_cast<std::size_t>(label) * static_cast<std::size_t>(d);
    for (int j = 0; j < d; ++j) s[j] += x[j];
    ++counts[label];
}

// One row at a time against L centroids at a time; the compiler vectorises the l loops.
template <int L>
void assignPortable(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                    double* sums, long long* counts) {
    const auto d = static_cast<std::size_t>(c.d);
    const int groups = c.kPad / L;
    for (std::size_t i = 0; i < rows; ++i) {
        const float* xi = x + i * d;
        float best = kInf;
        int bestIndex = 0;
        for (int g = 0; g < groups; ++g) {
            const float* p = c.panels + static_cast<std::size_t>(g) * d * L;
            float acc[L];
            for (int l = 0; l < L; ++l) acc[l] = c.norms[g * L + l];
            for (std::size_t j = 0; j < d; ++j) {
                const float xj = xi[j];
                for (int l = 0; l < L; ++l) acc[l] += xj * p[j * L + l];
            }
            for (int l = 0; l < L; ++l) {
                if (acc[l] < best) best = acc[l], bestIndex = g * L + l;
            }
        }
        labels[i] = bestIndex;
        if (dist != nullptr) dist[i] = sqDistPortable(xi, c.centroids + static_cast<std::size_t>(bestIndex) * d, c.d);
        if (sums != nullptr) addPointPortable(xi, c.d, bestIndex, sums, counts);
    }
}

}  // namespace

void assignBaseline(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                    double* sums, long long* counts) {
    assignPortable<8>(x, rows, c, labels, dist, sums, counts);
}

void minDistBaseline(const float* x, std::size_t rows, int d, const float* c, double* minDist) {
    for (std::size_t i = 0; i < rows; ++i) {
        const double d2 = sqDistPortable(x + i * static_cast<std::size_t>(d), c, d);
        if (d2 < minDist[i]) minDist[i] = d2;
    }
}

#if defined(__x86_64__)
#define MYMODULE_AVX2 __attribute__((target("avx2,fma")))
#define MYMODULE_AVX512 __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,fma")))

namespace {

// ---- AVX2 + FMA: 8 lanes -------------------------------------------------------------------

MYMODULE_AVX2 inline double sqDistAvx2(const float* x, const float* c, int d) {
    __m256d a0 = _mm256_setzero_pd(), a1 = a0;
    int j = 0;
    for (; j + 8 <= d; j += 8) {
        const __m256 t = _mm256_sub_ps(_mm256_loadu_ps(x + j), _mm256_loadu_ps(c + j));
        const __m256d lo = _mm256_cvtps_pd(_mm256_castps256_ps128(t)), hi = _mm256_cvtps_pd(_mm256_extractf128_ps(t, 1));
        a0 = _mm256_fmadd_pd(lo, lo, a0);
        a1 = _mm256_fmadd_pd(hi, hi, a1);
    }
    const __m256d a = _mm256_add_pd(a0, a1);
    const __m128d h = _mm_add_pd(_mm256_castpd256_pd128(a), _mm256_extractf128_pd(a, 1));
    double s = _mm_cvtsd_f64(_mm_add_sd(h, _mm_unpackhi_pd(h, h)));
    for (; j < d; ++j) {
        const float t = x[j] - c[j];
        s += static_cast<double>(t) * t;
    }
    return s;
}

MYMODULE_AVX2 inline void addPointAvx2(const float* x, int d, int label, double* sums, long long* counts) {
    double* s = sums + static_cast<std::size_t>(label) * static_cast<std::size_t>(d);
    int j = 0;
    for (; j + 4 <= d; j += 4) {
        _mm256_storeu_pd(s + j, _mm256_add_pd(_mm256_loadu_pd(s + j), _mm256_cvtps_pd(_mm_loadu_ps(x + j))));
    }
    for (; j < d; ++j) s[j] += x[j];
    ++counts[label];
}

// Nearest centroid of R rows (row stride d) into out[0..R).
template <int R>
MYMODULE_AVX2 inline void nearestAvx2(const float* x, const CentroidPanels& c, int* out) {
    const auto d = static_cast<std::size_t>(c.d);
    const int groups = c.kPad / 8;
    __m256 bestValue[R];
    __m256i bestIndex[R];
    for (int r = 0; r < R; ++r) bestValue[r] = _mm256_set1_ps(kInf), bestIndex[r] = _mm256_setzero_si256();
    const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    auto keep = [&](int r, __m256 value, __m256i index) MYMODULE_AVX2 {
        const __m256 less = _mm256_cmp_ps(value, bestValue[r], _CMP_LT_OQ);
        bestValue[r] = _mm256_blendv_ps(bestValue[r], value, less);
        bestIndex[r] = _mm256_castps_si256(
            _mm256_blendv_ps(_mm256_castsi256_ps(bestIndex[r]), _mm256_castsi256_ps(index), less));
    };
    int g = 0;
    for (; g + 2 <= groups; g += 2) {
        const float* p0 = c.panels + static_cast<std::size_t>(g) * d * 8;
        const float* p1 = p0 + d * 8;
        __m256 a0[R], a1[R];
        for (int r = 0; r < R; ++r) a0[r] = _mm256_loadu_ps(c.norms + g * 8), a1[r] = _mm256_loadu_ps(c.norms + g * 8 + 8);
        for (std::size_t j = 0; j < d; ++j) {
            const __m256 c0 = _mm256_loadu_ps(p0 + j * 8), c1 = _mm256_loadu_ps(p1 + j * 8);
            for (int r = 0; r < R; ++r) {
                const __m256 b = _mm256_broadcast_ss(x + static_cast<std::size_t>(r) * d + j);
                a0[r] = _mm256_fmadd_ps(b, c0, a0[r]);
                a1[r] = _mm256_fmadd_ps(b, c1, a1[r]);
            }
        }
        const __m256i i0 = _mm256_add_epi32(iota, _mm256_set1_epi32(g * 8));
        const __m256i i1 = _mm256_add_epi32(i0, _mm256_set1_epi32(8));
        for (int r = 0; r < R; ++r) keep(r, a0[r], i0), keep(r, a1[r], i1);
    }
    if (g < groups) {
        const float* p0 = c.panels + static_cast<std::size_t>(g) * d * 8;
        __m256 a0[R];
        for (int r = 0; r < R; ++r) a0[r] = _mm256_loadu_ps(c.norms + g * 8);
        for (std::size_t j = 0; j < d; ++j) {
            const __m256 c0 = _mm256_loadu_ps(p0 + j * 8);
            for (int r = 0; r < R; ++r) {
                a0[r] = _mm256_fmadd_ps(_mm256_broadcast_ss(x + static_cast<std::size_t>(r) * d + j), c0, a0[r]);
            }
        }
        const __m256i i0 = _mm256_add_epi32(iota, _mm256_set1_epi32(g * 8));
        for (int r = 0; r < R; ++r) keep(r, a0[r], i0);
    }
    for (int r = 0; r < R; ++r) {
        alignas(32) float value[8];
        alignas(32) int index[8];
        _mm256_store_ps(value, bestValue[r]);
        _mm256_store_si256(reinterpret_cast<__m256i*>(index), bestIndex[r]);
        float best = value[0];
        int bestAt = index[0];
        for (int l = 1; l < 8; ++l) {  // the smallest value; among equal ones the lowest centroid index
            if (value[l] < best || (value[l] == best && index[l] < bestAt)) best = value[l], bestAt = index[l];
        }
        out[r] = bestAt;
    }
}

template <int R>
MYMODULE_AVX2 inline void assignRowsAvx2(const float* x, const CentroidPanels& c, int* labels, double* dist,
                                         double* sums, long long* counts) {
    nearestAvx2<R>(x, c, labels);
    const auto d = static_cast<std::size_t>(c.d);
    for (int r = 0; r < R; ++r) {
        const float* xr = x + static_cast<std::size_t>(r) * d;
        if (dist != nullptr) dist[r] = sqDistAvx2(xr, c.centroids + static_cast<std::size_t>(labels[r]) * d, c.d);
        if (sums != nullptr) addPointAvx2(xr, c.d, labels[r], sums, counts);
    }
}

// ---- AVX-512: 16 lanes ---------------------------------------------------------------------

MYMODULE_AVX512 inline void sqAddAvx512(__m512 t, __m512d& a0, __m512d& a1) {
    const __m512d lo = _mm512_cvtps_pd(_mm512_castps512_ps256(t)), hi = _mm512_cvtps_pd(_mm512_extractf32x8_ps(t, 1));
    a0 = _mm512_fmadd_pd(lo, lo, a0);
    a1 = _mm512_fmadd_pd(hi, hi, a1);
}

MYMODULE_AVX512 inline double sqDistAvx512(const float* x, const float* c, int d) {
    __m512d a0 = _mm512_setzero_pd(), a1 = a0;
    int j = 0;
    for (; j + 16 <= d; j += 16) sqAddAvx512(_mm512_sub_ps(_mm512_loadu_ps(x + j), _mm512_loadu_ps(c + j)), a0, a1);
    if (j < d) {
        const auto m = static_cast<__mmask16>((1u << (d - j)) - 1);
        sqAddAvx512(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, x + j), _mm512_maskz_loadu_ps(m, c + j)), a0, a1);
    }
    return _mm512_reduce_add_pd(_mm512_add_pd(a0, a1));
}

MYMODULE_AVX512 inline void addPointAvx512(const float* x, int d, int label, double* sums, long long* counts) {
    double* s = sums + static_cast<std::size_t>(label) * static_cast<std::size_t>(d);
    int j = 0;
    for (; j + 8 <= d; j += 8) {
        _mm512_storeu_pd(s + j, _mm512_add_pd(_mm512_loadu_pd(s + j), _mm512_cvtps_pd(_mm256_loadu_ps(x + j))));
    }
    if (j < d) {
        const auto m = static_cast<__mmask8>((1u << (d - j)) - 1);
        _mm512_mask_storeu_pd(s + j, m, _mm512_add_pd(_mm512_maskz_loadu_pd(m, s + j),
                                                      _mm512_cvtps_pd(_mm256_maskz_loadu_ps(m, x + j))));
    }
    ++counts[label];
}

template <int R>
MYMODULE_AVX512 inline void nearestAvx512(const float* x, const CentroidPanels& c, int* out) {
    const auto d = static_cast<std::size_t>(c.d);
    const int groups = c.kPad / 16;
    __m512 bestValue[R];
    __m512i bestIndex[R];
    for (int r = 0; r < R; ++r) bestValue[r] = _mm512_set1_ps(kInf), bestIndex[r] = _mm512_setzero_si512();
    const __m512i iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    auto keep = [&](int r, __m512 value, __m512i index) MYMODULE_AVX512 {
        const __mmask16 less = _mm512_cmp_ps_mask(value, bestValue[r], _CMP_LT_OQ);
        bestValue[r] = _mm512_mask_mov_ps(bestValue[r], less, value);
        bestIndex[r] = _mm512_mask_mov_epi32(bestIndex[r], less, index);
    };
    int g = 0;
    for (; g + 2 <= groups; g += 2) {
        const float* p0 = c.panels + static_cast<std::size_t>(g) * d * 16;
        const float* p1 = p0 + d * 16;
        __m512 a0[R], a1[R];
        for (int r = 0; r < R; ++r) a0[r] = _mm512_loadu_ps(c.norms + g * 16), a1[r] = _mm512_loadu_ps(c.norms + g * 16 + 16);
        for (std::size_t j = 0; j < d; ++j) {
            const __m512 c0 = _mm512_loadu_ps(p0 + j * 16), c1 = _mm512_loadu_ps(p1 + j * 16);
            for (int r = 0; r < R; ++r) {
                const __m512 b = _mm512_set1_ps(x[static_cast<std::size_t>(r) * d + j]);
                a0[r] = _mm512_fmadd_ps(b, c0, a0[r]);
                a1[r] = _mm512_fmadd_ps(b, c1, a1[r]);
            }
        }
        const __m512i i0 = _mm512_add_epi32(iota, _mm512_set1_epi32(g * 16));
        const __m512i i1 = _mm512_add_epi32(i0, _mm512_set1_epi32(16));
        for (int r = 0; r < R; ++r) keep(r, a0[r], i0), keep(r, a1[r], i1);
    }
    if (g < groups) {
        const float* p0 = c.panels + static_cast<std::size_t>(g) * d * 16;
        __m512 a0[R];
        for (int r = 0; r < R; ++r) a0[r] = _mm512_loadu_ps(c.norms + g * 16);
        for (std::size_t j = 0; j < d; ++j) {
            const __m512 c0 = _mm512_loadu_ps(p0 + j * 16);
            for (int r = 0; r < R; ++r) {
                a0[r] = _mm512_fmadd_ps(_mm512_set1_ps(x[static_cast<std::size_t>(r) * d + j]), c0, a0[r]);
            }
        }
        const __m512i i0 = _mm512_add_epi32(iota, _mm512_set1_epi32(g * 16));
        for (int r = 0; r < R; ++r) keep(r, a0[r], i0);
    }
    for (int r = 0; r < R; ++r) {  // the smallest value; among equal ones the lowest centroid index
        const float best = _mm512_reduce_min_ps(bestValue[r]);
        const __mmask16 equal = _mm512_cmp_ps_mask(bestValue[r], _mm512_set1_ps(best), _CMP_EQ_OQ);
        out[r] = equal == 0 ? 0 : _mm512_mask_reduce_min_epi32(equal, bestIndex[r]);
    }
}

template <int R>
MYMODULE_AVX512 inline void assignRowsAvx512(const float* x, const CentroidPanels& c, int* labels, double* dist,
                                             double* sums, long long* counts) {
    nearestAvx512<R>(x, c, labels);
    const auto d = static_cast<std::size_t>(c.d);
    for (int r = 0; r < R; ++r) {
        const float* xr = x + static_cast<std::size_t>(r) * d;
        if (dist != nullptr) dist[r] = sqDistAvx512(xr, c.centroids + static_cast<std::size_t>(labels[r]) * d, c.d);
        if (sums != nullptr) addPointAvx512(xr, c.d, labels[r], sums, counts);
    }
}

}  // namespace

MYMODULE_AVX2 void assignAvx2(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                              double* sums, long long* counts) {
    const auto d = static_cast<std::size_t>(c.d);
    std::size_t i = 0;
    for (; i + 4 <= rows; i += 4) {
        assignRowsAvx2<4>(x + i * d, c, labels + i, dist ? dist + i : nullptr, sums, counts);
    }
    for (; i < rows; ++i) assignRowsAvx2<1>(x + i * d, c, labels + i, dist ? dist + i : nullptr, sums, counts);
}

MYMODULE_AVX2 void minDistAvx2(const float* x, std::size_t rows, int d, const float* c, double* minDist) {
    for (std::size_t i = 0; i < rows; ++i) {
        const double d2 = sqDistAvx2(x + i * static_cast<std::size_t>(d), c, d);
        if (d2 < minDist[i]) minDist[i] = d2;
    }
}

MYMODULE_AVX512 void assignAvx512(const float* x, std::size_t rows, const CentroidPanels& c, int* labels,
                                  double* dist, double* sums, long long* counts) {
    const auto d = static_cast<std::size_t>(c.d);
    std::size_t i = 0;
    for (; i + 4 <= rows; i += 4) {
        assignRowsAvx512<4>(x + i * d, c, labels + i, dist ? dist + i : nullptr, sums, counts);
    }
    for (; i < rows; ++i) assignRowsAvx512<1>(x + i * d, c, labels + i, dist ? dist + i : nullptr, sums, counts);
}

MYMODULE_AVX512 void minDistAvx512(const float* x, std::size_t rows, int d, const float* c, double* minDist) {
    for (std::size_t i = 0; i < rows; ++i) {
        const double d2 = sqDistAvx512(x + i * static_cast<std::size_t>(d), c, d);
        if (d2 < minDist[i]) minDist[i] = d2;
    }
}
#endif

#if defined(__aarch64__)
// NEON is part of every ARMv8-A CPU; the portable loop with 8 lanes compiles to NEON there.
void assignNeon(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                double* sums, long long* counts) {
    assignPortable<8>(x, rows, c, labels, dist, sums, counts);
}

void minDistNeon(const float* x, std::size_t rows, int d, const float* c, double* minDist) {
    minDistBaseline(x, rows, d, c, minDist);
}
#endif

ClusterKernels clusterKernels(Isa isa) {
    switch (isa) {
#if defined(__x86_64__)
        case Isa::avx2: return {assignAvx2, minDistAvx2, 8};
        case Isa::avx512: return {assignAvx512, minDistAvx512, 16};
#endif
#if defined(__aarch64__)
        case Isa::neon: return {assignNeon, minDistNeon, 8};
#endif
        default: return {assignBaseline, minDistBaseline, 8};
    }
}

}  // namespace mymodule::detail
