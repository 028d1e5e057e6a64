// Every CPU path of the k-means kernels: the portable loop, AVX2 + FMA, AVX-512 and NEON.
//
// The assignment computes |c|^2 - 2 x.c for a few rows against all centroids at once: the
// centroids sit in panels of SIMD width (see CentroidPanels), each row coordinate is broadcast
// and multiplied into R rows x 2 panels of accumulators, so every centroid load feeds R FMAs and
// every broadcast 2. The distance of a row to the centroid it chose is then recomputed directly.
#include "kmeans_simd.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

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
// The value of a padding lane: finite, so that a row whose real values are all finite has no
// non-finite value at all, and never below a real lane's (those are at most FLT_MAX when finite,
// and come first, so they win the tie).
constexpr float kPaddingNorm = std::numeric_limits<float>::max();

double sqDistPortable(const float* x, const float* c, int d) {
    double s = 0;
    for (int j = 0; j < d; ++j) {
        const double t = static_cast<double>(x[j]) - static_cast<double>(c[j]);
        s += t * t;
    }
    return s;
}

// The nearest centroid by direct distances in double (ties: the lowest index): for a row whose
// expansion |c|^2 - 2 x.c overflowed somewhere (huge coordinates), which leaves infinities and
// NaNs that no minimum can be trusted with.
int nearestExact(const float* x, const CentroidPanels& c) {
    int best = 0;
    double bestDist = sqDistPortable(x, c.centroids, c.d);
    for (int q = 1; q < c.k; ++q) {
        const double t = sqDistPortable(x, c.centroids + static_cast<std::size_t>(q) * static_cast<std::size_t>(c.d), c.d);
        if (t < bestDist) bestDist = t, best = q;
    }
    return best;
}

void addPointPortable(const float* x, int d, int label, double* sums, long long* counts) {
    double* s = sums + static_cast<std::size_t>(label) * static_cast<std::size_t>(d);
    for (int j = 0; j < d; ++j) s[j] += x[j];
    ++counts[label];
}

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

void finishPortable(const float* x, std::size_t rows, int d, const float* centroids, const int* labels, double* dist,
                    double* sums, long long* counts) {
    const auto du = static_cast<std::size_t>(d);
    for (std::size_t i = 0; i < rows; ++i) {
        const float* xi = x + i * du;
        if (dist != nullptr) dist[i] = sqDistPortable(xi, centroids + static_cast<std::size_t>(labels[i]) * du, d);
        if (sums != nullptr) addPointPortable(xi, d, labels[i], sums, counts);
    }
}

// The second smallest of a row's kPad values but the label's (padding lanes hold FLT_MAX).
inline float secondOf(const float* row, int kPad, int label) {
    float next = kInf;
    for (int q = 0; q < kPad; ++q) {
        if (q != label && row[q] < next) next = row[q];
    }
    return next;
}

// One row at a time against L centroids at a time; the compiler vectorises the l loops.
template <int L>
void assignPortable(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                    double* sums, long long* counts, float* second) {
    const auto d = static_cast<std::size_t>(c.d);
    const int groups = c.kPad / L;
    for (std::size_t i = 0; i < rows; ++i) {
        const float* xi = x + i * d;
        float best = kInf, next = kInf;
        int bestIndex = 0;
        bool overflow = false;
        for (int g = 0; g < groups; ++g) {
            const float* p = c.panels + static_cast<std::size_t>(g) * d * L;
            float acc[L];
            for (int l = 0; l < L; ++l) acc[l] = c.norms[g * L + l];
            for (std::size_t j = 0; j < d; ++j) {
                const float xj = xi[j];
                for (int l = 0; l < L; ++l) acc[l] += xj * p[j * L + l];
            }
            for (int l = 0; l < L; ++l) {
                overflow = overflow || !std::isfinite(acc[l]);
                if (acc[l] < best) {
                    next = best, best = acc[l], bestIndex = g * L + l;
                } else if (acc[l] < next) {
                    next = acc[l];
                }
            }
        }
        if (overflow || bestIndex >= c.k) bestIndex = nearestExact(xi, c), next = kNaN;
        labels[i] = bestIndex;
        if (second != nullptr) second[i] = next;
    }
    finishPortable(x, rows, c.d, c.centroids, labels, dist, sums, counts);
}

}  // namespace

double exactSqDist(const float* a, const float* b, int d) { return sqDistPortable(a, b, d); }

void fillPanels(const float* centroids, int k, int d, int lanes, float* panels, float* norms) {
    const int kPad = (k + lanes - 1) / lanes * lanes;
    const auto du = static_cast<std::size_t>(d), lu = static_cast<std::size_t>(lanes);
    std::fill(panels, panels + static_cast<std::size_t>(kPad) * du, 0.0f);
    std::fill(norms, norms + kPad, kPaddingNorm);
    for (int c = 0; c < k; ++c) {
        const float* row = centroids + static_cast<std::size_t>(c) * du;
        float* panel = panels + static_cast<std::size_t>(c / lanes) * du * lu;
        double norm = 0;
        for (std::size_t j = 0; j < du; ++j) {
            panel[j * lu + static_cast<std::size_t>(c % lanes)] = -2.0f * row[j];
            norm = std::fma(static_cast<double>(row[j]), static_cast<double>(row[j]), norm);  // fused on every CPU
        }
        norms[c] = static_cast<float>(norm);
    }
}

void assignBaseline(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                    double* sums, long long* counts, float* second) {
    assignPortable<8>(x, rows, c, labels, dist, sums, counts, second);
}

void finishBaseline(const float* x, std::size_t rows, int d, const float* centroids, const int* labels, double* dist,
                    double* sums, long long* counts) {
    finishPortable(x, rows, d, centroids, labels, dist, sums, counts);
}

std::size_t boundBaseline(std::size_t rows, const int* labels, const double* dist, const double* move,
                          const double* offset, double slope, double* lower, std::uint32_t* todo) {
    constexpr double kDown = 1 - 1e-9;
    std::size_t m = 0;
    for (std::size_t i = 0; i < rows; ++i) {
        const auto a = static_cast<std::size_t>(labels[i]);
        const double l = (lower[i] - move[a]) * kDown;
        const bool keep = (l > 0) & (l * l > dist[i] * slope + offset[a]);
        lower[i] = keep ? l : 0.0;
        todo[m] = static_cast<std::uint32_t>(i);
        m += static_cast<std::size_t>(!keep);
    }
    return m;
}

void minDistBaseline(const float* x, std::size_t rows, int d, const float* c, const double* separation, int seed,
                     double* minDist, int* nearest) {
    for (std::size_t i = 0; i < rows; ++i) {
        if (separation[nearest[i]] >= 4 * minDist[i]) continue;
        const double d2 = sqDistPortable(x + i * static_cast<std::size_t>(d), c, d);
        if (d2 < minDist[i]) minDist[i] = d2, nearest[i] = seed;
    }
}

#if defined(__x86_64__)
namespace {

// ---- AVX2 + FMA: 8 lanes -------------------------------------------------------------------

MYMODULE_AVX2 inline double sqDistAvx2(const float* x, const float* c, int d) {
    __m256d a0 = _mm256_setzero_pd(), a1 = a0;
    int j = 0;
    for (; j + 8 <= d; j += 8) {  // differences in double: x - c may overflow a float
        const __m256d lo = _mm256_sub_pd(_mm256_cvtps_pd(_mm_loadu_ps(x + j)), _mm256_cvtps_pd(_mm_loadu_ps(c + j)));
        const __m256d hi = _mm256_sub_pd(_mm256_cvtps_pd(_mm_loadu_ps(x + j + 4)), _mm256_cvtps_pd(_mm_loadu_ps(c + j + 4)));
        a0 = _mm256_fmadd_pd(lo, lo, a0);
        a1 = _mm256_fmadd_pd(hi, hi, a1);
    }
    const __m256d a = _mm256_add_pd(a0, a1);
    const __m128d h = _mm_add_pd(_mm256_castpd256_pd128(a), _mm256_extractf128_pd(a, 1));
    double s = _mm_cvtsd_f64(_mm_add_sd(h, _mm_unpackhi_pd(h, h)));
    for (; j < d; ++j) {
        const double t = static_cast<double>(x[j]) - static_cast<double>(c[j]);
        s += t * t;
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

// Nearest centroid of R rows (row stride d) into out[0..R). Each group's |c|^2 - 2 x.c goes to
// buf (R rows of kPad floats) while a running vertical minimum is kept; the row's minimum is then
// looked up in buf, first group and lowest lane first, so ties go to the lowest centroid index.
template <int R>
MYMODULE_AVX2 inline void nearestAvx2(const float* x, const CentroidPanels& c, float* buf, int* out, float* second) {
    const auto d = static_cast<std::size_t>(c.d);
    const auto kPad = static_cast<std::size_t>(c.kPad);
    const int groups = c.kPad / 8;
    __m256 best[R], check[R];  // check: 0 while every value is finite, NaN after an infinity or a NaN
    for (int r = 0; r < R; ++r) best[r] = _mm256_set1_ps(kInf), check[r] = _mm256_setzero_ps();
    const __m256 zero = _mm256_setzero_ps();
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
        for (int r = 0; r < R; ++r) {
            float* row = buf + static_cast<std::size_t>(r) * kPad + static_cast<std::size_t>(g) * 8;
            _mm256_storeu_ps(row, a0[r]);
            _mm256_storeu_ps(row + 8, a1[r]);
            best[r] = _mm256_min_ps(best[r], _mm256_min_ps(a0[r], a1[r]));
            check[r] = _mm256_fmadd_ps(a1[r], zero, _mm256_fmadd_ps(a0[r], zero, check[r]));
        }
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
        for (int r = 0; r < R; ++r) {
            _mm256_storeu_ps(buf + static_cast<std::size_t>(r) * kPad + static_cast<std::size_t>(g) * 8, a0[r]);
            best[r] = _mm256_min_ps(best[r], a0[r]);
            check[r] = _mm256_fmadd_ps(a0[r], zero, check[r]);
        }
    }
    for (int r = 0; r < R; ++r) {
        __m256 m = _mm256_min_ps(best[r], _mm256_permute2f128_ps(best[r], best[r], 1));
        m = _mm256_min_ps(m, _mm256_shuffle_ps(m, m, 0x4E));
        m = _mm256_min_ps(m, _mm256_shuffle_ps(m, m, 0xB1));  // the row's minimum in every lane
        const float* row = buf + static_cast<std::size_t>(r) * kPad;
        out[r] = 0;  // only if every value is NaN (overflowing data): cluster 0
        for (int q = 0; q < groups; q += 8) {  // 64 centroids per test: no branch to mispredict for k <= 64
            std::uint64_t mask = 0;
            for (int t = 0; t < 8 && q + t < groups; ++t) {
                mask |= static_cast<std::uint64_t>(static_cast<unsigned>(
                            _mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(row + (q + t) * 8), m, _CMP_EQ_OQ))))
                        << (8 * t);
            }
            if (mask != 0) {
                out[r] = q * 8 + __builtin_ctzll(mask);
                break;
            }
        }
        if (_mm256_movemask_ps(_mm256_cmp_ps(check[r], check[r], _CMP_UNORD_Q)) != 0 || out[r] >= c.k) {
            out[r] = nearestExact(x + static_cast<std::size_t>(r) * d, c);
            if (second != nullptr) second[r] = kNaN;
        } else if (second != nullptr) {
            second[r] = secondOf(row, c.kPad, out[r]);
        }
    }
}

// ---- AVX-512: 16 lanes ---------------------------------------------------------------------

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

// As nearestAvx2, 16 lanes.
template <int R>
MYMODULE_AVX512 inline void nearestAvx512(const float* x, const CentroidPanels& c, float* buf, int* out, float* second) {
    const auto d = static_cast<std::size_t>(c.d);
    const auto kPad = static_cast<std::size_t>(c.kPad);
    const int groups = c.kPad / 16;
    __m512 best[R], check[R];  // check: as in nearestAvx2
    for (int r = 0; r < R; ++r) best[r] = _mm512_set1_ps(kInf), check[r] = _mm512_setzero_ps();
    const __m512 zero = _mm512_setzero_ps();
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
        for (int r = 0; r < R; ++r) {
            float* row = buf + static_cast<std::size_t>(r) * kPad + static_cast<std::size_t>(g) * 16;
            _mm512_storeu_ps(row, a0[r]);
            _mm512_storeu_ps(row + 16, a1[r]);
            best[r] = _mm512_min_ps(best[r], _mm512_min_ps(a0[r], a1[r]));
            check[r] = _mm512_fmadd_ps(a1[r], zero, _mm512_fmadd_ps(a0[r], zero, check[r]));
        }
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
        for (int r = 0; r < R; ++r) {
            _mm512_storeu_ps(buf + static_cast<std::size_t>(r) * kPad + static_cast<std::size_t>(g) * 16, a0[r]);
            best[r] = _mm512_min_ps(best[r], a0[r]);
            check[r] = _mm512_fmadd_ps(a0[r], zero, check[r]);
        }
    }
    for (int r = 0; r < R; ++r) {
        const __m512 m = _mm512_set1_ps(_mm512_reduce_min_ps(best[r]));
        const float* row = buf + static_cast<std::size_t>(r) * kPad;
        out[r] = 0;  // only if every value is NaN (overflowing data): cluster 0
        for (int q = 0; q < groups; q += 4) {  // 64 centroids per test: no branch to mispredict for k <= 64
            std::uint64_t mask = 0;
            for (int t = 0; t < 4 && q + t < groups; ++t) {
                mask |= static_cast<std::uint64_t>(_mm512_cmp_ps_mask(_mm512_loadu_ps(row + (q + t) * 16), m, _CMP_EQ_OQ))
                        << (16 * t);
            }
            if (mask != 0) {
                out[r] = q * 16 + __builtin_ctzll(mask);
                break;
            }
        }
        if (_mm512_cmp_ps_mask(check[r], check[r], _CMP_UNORD_Q) != 0 || out[r] >= c.k) {
            out[r] = nearestExact(x + static_cast<std::size_t>(r) * d, c);
            if (second != nullptr) second[r] = kNaN;
        } else if (second != nullptr) {
            second[r] = secondOf(row, c.kPad, out[r]);
        }
    }
}

// The 8 sums of 8 vectors, in order: a transpose-and-add tree, the same additions for every row.
MYMODULE_AVX512 inline __m512d sum8Avx512(const __m512d* a) {
    __m512d t[4];
    for (int p = 0; p < 4; ++p) {  // per 128-bit lane: (pair sum of a[2p], pair sum of a[2p+1])
        t[p] = _mm512_add_pd(_mm512_unpacklo_pd(a[2 * p], a[2 * p + 1]), _mm512_unpackhi_pd(a[2 * p], a[2 * p + 1]));
    }
    const __m512d v01 = _mm512_add_pd(_mm512_shuffle_f64x2(t[0], t[1], _MM_SHUFFLE(2, 0, 2, 0)),
                                      _mm512_shuffle_f64x2(t[0], t[1], _MM_SHUFFLE(3, 1, 3, 1)));
    const __m512d v23 = _mm512_add_pd(_mm512_shuffle_f64x2(t[2], t[3], _MM_SHUFFLE(2, 0, 2, 0)),
                                      _mm512_shuffle_f64x2(t[2], t[3], _MM_SHUFFLE(3, 1, 3, 1)));
    return _mm512_add_pd(_mm512_shuffle_f64x2(v01, v23, _MM_SHUFFLE(2, 0, 2, 0)),
                         _mm512_shuffle_f64x2(v01, v23, _MM_SHUFFLE(3, 1, 3, 1)));
}

// |x_r - c_r|^2 of 8 (row, centroid) pairs, differences in double: no horizontal sum per row.
MYMODULE_AVX512 inline __m512d sqDist8Avx512(const float* const* xr, const float* const* cr, int d) {
    __m512d acc[8];
    for (int r = 0; r < 8; ++r) acc[r] = _mm512_setzero_pd();
    int j = 0;
    for (; j + 8 <= d; j += 8) {
        for (int r = 0; r < 8; ++r) {
            const __m512d t = _mm512_sub_pd(_mm512_cvtps_pd(_mm256_loadu_ps(xr[r] + j)), _mm512_cvtps_pd(_mm256_loadu_ps(cr[r] + j)));
            acc[r] = _mm512_fmadd_pd(t, t, acc[r]);
        }
    }
    if (j < d) {
        const auto m = static_cast<__mmask8>((1u << (d - j)) - 1);
        for (int r = 0; r < 8; ++r) {
            const __m512d t = _mm512_sub_pd(_mm512_cvtps_pd(_mm256_maskz_loadu_ps(m, xr[r] + j)),
                                            _mm512_cvtps_pd(_mm256_maskz_loadu_ps(m, cr[r] + j)));
            acc[r] = _mm512_fmadd_pd(t, t, acc[r]);
        }
    }
    return sum8Avx512(acc);
}

// The distance of each row to its centroid (8 rows at a time; a short group repeats its last row),
// and the row added to the sums.
MYMODULE_AVX512 inline void finishRowsAvx512(const float* x, std::size_t rows, int d, const float* centroids,
                                             const int* labels, double* dist, double* sums, long long* counts) {
    const auto du = static_cast<std::size_t>(d);
    for (std::size_t i = 0; i < rows; i += 8) {
        const std::size_t group = std::min<std::size_t>(8, rows - i);
        if (dist != nullptr) {
            const float* xr[8];
            const float* cr[8];
            for (std::size_t r = 0; r < 8; ++r) {
                const std::size_t row = i + std::min(r, group - 1);
                xr[r] = x + row * du;
                cr[r] = centroids + static_cast<std::size_t>(labels[row]) * du;
            }
            alignas(64) double out[8];
            _mm512_store_pd(out, sqDist8Avx512(xr, cr, d));
            for (std::size_t r = 0; r < group; ++r) dist[i + r] = out[r];
        }
        if (sums != nullptr) {
            for (std::size_t r = 0; r < group; ++r) addPointAvx512(x + (i + r) * du, d, labels[i + r], sums, counts);
        }
    }
}

// 16 rows of d floats (row stride d) into xT, d columns of 16 floats: 16 x 16 blocks transposed in
// registers (64 shuffles per block; gathers are much slower on CPUs with the GDS microcode fix).
MYMODULE_AVX512 inline void transposeAvx512(const float* x, std::size_t d, float* xT) {
    for (std::size_t jc = 0; jc < d; jc += 16) {
        const std::size_t width = std::min<std::size_t>(16, d - jc);
        const auto m = static_cast<__mmask16>(width == 16 ? 0xFFFFu : (1u << width) - 1);
        __m512 r[16], u[16];
        for (int i = 0; i < 16; ++i) r[i] = _mm512_maskz_loadu_ps(m, x + static_cast<std::size_t>(i) * d + jc);
        for (int g = 0; g < 4; ++g) {  // u[4g + c], lane L: column 4L + c of rows 4g .. 4g+3
            const __m512 t0 = _mm512_unpacklo_ps(r[4 * g], r[4 * g + 1]), t1 = _mm512_unpackhi_ps(r[4 * g], r[4 * g + 1]);
            const __m512 t2 = _mm512_unpacklo_ps(r[4 * g + 2], r[4 * g + 3]), t3 = _mm512_unpackhi_ps(r[4 * g + 2], r[4 * g + 3]);
            u[4 * g] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t0), _mm512_castps_pd(t2)));
            u[4 * g + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t0), _mm512_castps_pd(t2)));
            u[4 * g + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t1), _mm512_castps_pd(t3)));
            u[4 * g + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t1), _mm512_castps_pd(t3)));
        }
        __m512 col[16];
        for (int c = 0; c < 4; ++c) {
            const __m512 v = _mm512_shuffle_f32x4(u[c], u[4 + c], 0x88), v4 = _mm512_shuffle_f32x4(u[c], u[4 + c], 0xDD);
            const __m512 w = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0x88), w4 = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0xDD);
            col[c] = _mm512_shuffle_f32x4(v, w, 0x88);
            col[8 + c] = _mm512_shuffle_f32x4(v, w, 0xDD);
            col[4 + c] = _mm512_shuffle_f32x4(v4, w4, 0x88);
            col[12 + c] = _mm512_shuffle_f32x4(v4, w4, 0xDD);
        }
        for (std::size_t j = 0; j < width; ++j) _mm512_storeu_ps(xT + (jc + j) * 16, col[j]);
    }
}

// Rows in lanes: T tiles of 16 rows, transposed into xT (T x d x 16 floats), against 4
// centroids at a time; per lane a running minimum and its centroid index, so no horizontal
// reduction at all (what costs most when d and k are small). Ties keep the lowest index.
template <int T, bool Second>
MYMODULE_AVX512 inline void nearestLanesAvx512(const float* x, const CentroidPanels& c, float* xT, int* out, float* second) {
    const auto d = static_cast<std::size_t>(c.d);
    for (int t = 0; t < T; ++t) transposeAvx512(x + static_cast<std::size_t>(t) * 16 * d, d, xT + static_cast<std::size_t>(t) * d * 16);
    __m512 best[T], next[T], check[T];  // next: the second smallest; check: as in nearestAvx2
    __m512i bestIndex[T];
    for (int t = 0; t < T; ++t) {
        best[t] = next[t] = _mm512_set1_ps(kInf), bestIndex[t] = _mm512_setzero_si512(), check[t] = _mm512_setzero_ps();
    }
    const __m512 zero = _mm512_setzero_ps();
    auto keep = [&](int t, __m512 value, int q) MYMODULE_AVX512 {
        check[t] = _mm512_fmadd_ps(value, zero, check[t]);
        const __mmask16 less = _mm512_cmp_ps_mask(value, best[t], _CMP_LT_OQ);
        if (Second) next[t] = _mm512_min_ps(next[t], _mm512_max_ps(best[t], value));
        best[t] = _mm512_mask_mov_ps(best[t], less, value);
        bestIndex[t] = _mm512_mask_mov_epi32(bestIndex[t], less, _mm512_set1_epi32(q));
    };
    // -2 c[q][j] from the panels (lane q % 16 of group q / 16): each accumulator starts at |c|^2, so
    // the value |c|^2 - 2 x.c needs no operation after the FMAs.
    auto panel = [&](int q) { return c.panels + static_cast<std::size_t>(q / 16) * d * 16 + static_cast<std::size_t>(q % 16); };
    int q = 0;
    for (; q + 4 <= c.k; q += 4) {
        const float* p[4] = {panel(q), panel(q + 1), panel(q + 2), panel(q + 3)};
        __m512 acc[T][4];
        for (int u = 0; u < 4; ++u) {
            const __m512 norm = _mm512_set1_ps(c.norms[q + u]);
            for (int t = 0; t < T; ++t) acc[t][u] = norm;
        }
        for (std::size_t j = 0; j < d; ++j) {
            __m512 xv[T];
            for (int t = 0; t < T; ++t) xv[t] = _mm512_loadu_ps(xT + (static_cast<std::size_t>(t) * d + j) * 16);
            for (int u = 0; u < 4; ++u) {
                const __m512 cv = _mm512_set1_ps(p[u][j * 16]);
                for (int t = 0; t < T; ++t) acc[t][u] = _mm512_fmadd_ps(xv[t], cv, acc[t][u]);
            }
        }
        for (int u = 0; u < 4; ++u) for (int t = 0; t < T; ++t) keep(t, acc[t][u], q + u);
    }
    for (; q < c.k; ++q) {
        const float* p = panel(q);
        __m512 acc[T];
        for (int t = 0; t < T; ++t) acc[t] = _mm512_set1_ps(c.norms[q]);
        for (std::size_t j = 0; j < d; ++j) {
            const __m512 cv = _mm512_set1_ps(p[j * 16]);
            for (int t = 0; t < T; ++t) {
                acc[t] = _mm512_fmadd_ps(_mm512_loadu_ps(xT + (static_cast<std::size_t>(t) * d + j) * 16), cv, acc[t]);
            }
        }
        for (int t = 0; t < T; ++t) keep(t, acc[t], q);
    }
    for (int t = 0; t < T; ++t) {
        _mm512_storeu_si512(out + t * 16, bestIndex[t]);
        if (Second) _mm512_storeu_ps(second + t * 16, c.k > 1 ? next[t] : _mm512_set1_ps(kPaddingNorm));
        for (__mmask16 bad = _mm512_cmp_ps_mask(check[t], check[t], _CMP_UNORD_Q); bad != 0; bad &= static_cast<__mmask16>(bad - 1)) {
            const int lane = __builtin_ctz(bad);
            out[t * 16 + lane] = nearestExact(x + (static_cast<std::size_t>(t) * 16 + static_cast<std::size_t>(lane)) * d, c);
            if (Second) second[t * 16 + lane] = kNaN;
        }
    }
}

// 32 rows at a time, with or without the second smallest values.
MYMODULE_AVX512 inline void nearestLanes32Avx512(const float* x, const CentroidPanels& c, float* xT, int* out, float* second) {
    if (second != nullptr) {
        nearestLanesAvx512<2, true>(x, c, xT, out, second);
    } else {
        nearestLanesAvx512<2, false>(x, c, xT, out, nullptr);
    }
}

}  // namespace

MYMODULE_AVX2 void finishAvx2(const float* x, std::size_t rows, int d, const float* centroids, const int* labels,
                              double* dist, double* sums, long long* counts);

MYMODULE_AVX2 void assignAvx2(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                              double* sums, long long* counts, float* second) {
    const auto d = static_cast<std::size_t>(c.d);
    std::vector<float> buf(4 * static_cast<std::size_t>(c.kPad));  // 4 rows of |c|^2 - 2 x.c
    std::size_t i = 0;
    for (; i + 4 <= rows; i += 4) nearestAvx2<4>(x + i * d, c, buf.data(), labels + i, second ? second + i : nullptr);
    for (; i < rows; ++i) nearestAvx2<1>(x + i * d, c, buf.data(), labels + i, second ? second + i : nullptr);
    finishAvx2(x, rows, c.d, c.centroids, labels, dist, sums, counts);
}

MYMODULE_AVX2 void finishAvx2(const float* x, std::size_t rows, int d, const float* centroids, const int* labels,
                              double* dist, double* sums, long long* counts) {
    const auto du = static_cast<std::size_t>(d);
    for (std::size_t i = 0; i < rows; ++i) {
        const float* xi = x + i * du;
        if (dist != nullptr) dist[i] = sqDistAvx2(xi, centroids + static_cast<std::size_t>(labels[i]) * du, d);
        if (sums != nullptr) addPointAvx2(xi, d, labels[i], sums, counts);
    }
}

MYMODULE_AVX2 void minDistAvx2(const float* x, std::size_t rows, int d, const float* c, const double* separation, int seed,
                               double* minDist, int* nearest) {
    for (std::size_t i = 0; i < rows; ++i) {
        if (separation[nearest[i]] >= 4 * minDist[i]) continue;
        const double d2 = sqDistAvx2(x + i * static_cast<std::size_t>(d), c, d);
        if (d2 < minDist[i]) minDist[i] = d2, nearest[i] = seed;
    }
}

MYMODULE_AVX512 void assignAvx512(const float* x, std::size_t rows, const CentroidPanels& c, int* labels,
                                  double* dist, double* sums, long long* counts, float* second) {
    const auto d = static_cast<std::size_t>(c.d);
    std::vector<float> buf(std::max<std::size_t>(4 * static_cast<std::size_t>(c.kPad), 32 * d));
    std::size_t i = 0;
    // Rows in lanes wins where the per-row reduction dominates (measured in L2: d = 2: 2x, d = 16: 1.1x,
    // d = 64: 0.8x), so it takes up to 32 coordinates; the last rows go through it too, padded with
    // zero rows, so that every row gets the same arithmetic wherever it sits.
    if (d <= 32) {
        for (; i + 32 <= rows; i += 32) nearestLanes32Avx512(x + i * d, c, buf.data(), labels + i, second ? second + i : nullptr);
        if (i < rows) {
            std::vector<float> tail(32 * d, 0.0f), tailSecond(32);
            std::vector<int> tailLabels(32);
            std::copy(x + i * d, x + rows * d, tail.begin());
            nearestLanes32Avx512(tail.data(), c, buf.data(), tailLabels.data(), tailSecond.data());
            std::copy(tailLabels.begin(), tailLabels.begin() + static_cast<std::ptrdiff_t>(rows - i), labels + i);
            if (second != nullptr) std::copy(tailSecond.begin(), tailSecond.begin() + static_cast<std::ptrdiff_t>(rows - i), second + i);
        }
    } else {
        for (; i + 4 <= rows; i += 4) nearestAvx512<4>(x + i * d, c, buf.data(), labels + i, second ? second + i : nullptr);
        for (; i < rows; ++i) nearestAvx512<1>(x + i * d, c, buf.data(), labels + i, second ? second + i : nullptr);
    }
    finishRowsAvx512(x, rows, c.d, c.centroids, labels, dist, sums, counts);
}

MYMODULE_AVX512 void finishAvx512(const float* x, std::size_t rows, int d, const float* centroids, const int* labels,
                                  double* dist, double* sums, long long* counts) {
    finishRowsAvx512(x, rows, d, centroids, labels, dist, sums, counts);
}

// Eight points at a time; the listed ones compressed out of a vector of indices.
MYMODULE_AVX512 std::size_t boundAvx512(std::size_t rows, const int* labels, const double* dist, const double* move,
                                        const double* offset, double slope, double* lower, std::uint32_t* todo) {
    const __m512d down = _mm512_set1_pd(1 - 1e-9), slopes = _mm512_set1_pd(slope), zero = _mm512_setzero_pd();
    __m256i index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i eight = _mm256_set1_epi32(8);
    std::size_t m = 0, i = 0;
    for (; i + 8 <= rows; i += 8, index = _mm256_add_epi32(index, eight)) {
        const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(labels + i));
        const __m512d l = _mm512_mul_pd(_mm512_sub_pd(_mm512_loadu_pd(lower + i), _mm512_i32gather_pd(a, move, 8)), down);
        const __m512d need = _mm512_fmadd_pd(_mm512_loadu_pd(dist + i), slopes, _mm512_i32gather_pd(a, offset, 8));
        const __mmask8 keep = _mm512_cmp_pd_mask(l, zero, _CMP_GT_OQ) & _mm512_cmp_pd_mask(_mm512_mul_pd(l, l), need, _CMP_GT_OQ);
        _mm512_storeu_pd(lower + i, _mm512_maskz_mov_pd(keep, l));
        _mm256_mask_compressstoreu_epi32(todo + m, static_cast<__mmask8>(~keep), index);
        m += static_cast<std::size_t>(8 - __builtin_popcount(keep));
    }
    const std::size_t rest = boundBaseline(rows - i, labels + i, dist + i, move, offset, slope, lower + i, todo + m);
    for (std::size_t t = 0; t < rest; ++t) todo[m + t] += static_cast<std::uint32_t>(i);
    return m + rest;
}

// The rows the triangle inequality cannot rule out are listed first, then measured 8 at a time
// (no horizontal sum per row): a pass reads only the rows it needs.
MYMODULE_AVX512 void minDistAvx512(const float* x, std::size_t rows, int d, const float* c, const double* separation, int seed,
                                   double* minDist, int* nearest) {
    std::unique_ptr<std::uint32_t[]> todo(new std::uint32_t[rows]);  // not zeroed: written before read
    std::size_t count = 0, i = 0;
    const __m512d four = _mm512_set1_pd(4);
    __m256i index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    for (; i + 8 <= rows; i += 8, index = _mm256_add_epi32(index, _mm256_set1_epi32(8))) {  // 8 rows a step, no branch
        const __m512d sep = _mm512_i32gather_pd(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(nearest + i)), separation, 8);
        const __mmask8 need = _mm512_cmp_pd_mask(sep, _mm512_mul_pd(_mm512_loadu_pd(minDist + i), four), _CMP_NGE_UQ);
        _mm256_mask_compressstoreu_epi32(todo.get() + count, need, index);
        count += static_cast<std::size_t>(__builtin_popcount(need));
    }
    for (; i < rows; ++i) {
        todo[count] = static_cast<std::uint32_t>(i);
        count += separation[nearest[i]] >= 4 * minDist[i] ? 0 : 1;
    }
    const auto du = static_cast<std::size_t>(d);
    const float* cr[8] = {c, c, c, c, c, c, c, c};
    for (std::size_t t = 0; t < count; t += 8) {
        const std::size_t group = std::min<std::size_t>(8, count - t);
        const float* xr[8];
        for (std::size_t r = 0; r < 8; ++r) xr[r] = x + todo[t + std::min(r, group - 1)] * du;
        for (std::size_t r = t + 32; r < std::min(count, t + 40); ++r) {  // scattered rows: ask for them early
            _mm_prefetch(reinterpret_cast<const char*>(x + todo[r] * du), _MM_HINT_T0);
        }
        alignas(64) double d2[8];
        _mm512_store_pd(d2, sqDist8Avx512(xr, cr, d));  // the seed's conversions are hoisted by the compiler
        for (std::size_t r = 0; r < group; ++r) {
            const std::size_t row = todo[t + r];
            if (d2[r] < minDist[row]) minDist[row] = d2[r], nearest[row] = seed;
        }
    }
}
#endif

#if defined(__aarch64__)
// NEON is part of every ARMv8-A CPU: no run-time check. Panels of 8 centroids (two q registers),
// 4 rows at a time, a vertical minimum and the index looked up afterwards, as in nearestAvx2.
namespace {

inline double sqDistNeon(const float* x, const float* c, int d) {
    float64x2_t a0 = vdupq_n_f64(0), a1 = a0;
    int j = 0;
    for (; j + 4 <= d; j += 4) {  // differences in double: x - c may overflow a float
        const float32x4_t xv = vld1q_f32(x + j), cv = vld1q_f32(c + j);
        const float64x2_t lo = vsubq_f64(vcvt_f64_f32(vget_low_f32(xv)), vcvt_f64_f32(vget_low_f32(cv)));
        const float64x2_t hi = vsubq_f64(vcvt_high_f64_f32(xv), vcvt_high_f64_f32(cv));
        a0 = vfmaq_f64(a0, lo, lo);
        a1 = vfmaq_f64(a1, hi, hi);
    }
    double s = vaddvq_f64(vaddq_f64(a0, a1));
    for (; j < d; ++j) {
        const double t = static_cast<double>(x[j]) - static_cast<double>(c[j]);
        s += t * t;
    }
    return s;
}

template <int R>
inline void nearestNeon(const float* x, const CentroidPanels& c, float* buf, int* out, float* second) {
    const auto d = static_cast<std::size_t>(c.d);
    const auto kPad = static_cast<std::size_t>(c.kPad);
    const int groups = c.kPad / 8;
    float32x4_t best[R], check[R];  // check: 0 while every value is finite, NaN after an infinity or a NaN
    for (int r = 0; r < R; ++r) best[r] = vdupq_n_f32(kInf), check[r] = vdupq_n_f32(0);
    for (int g = 0; g < groups; ++g) {
        const float* p = c.panels + static_cast<std::size_t>(g) * d * 8;
        float32x4_t a0[R], a1[R];
        for (int r = 0; r < R; ++r) a0[r] = vld1q_f32(c.norms + g * 8), a1[r] = vld1q_f32(c.norms + g * 8 + 4);
        for (std::size_t j = 0; j < d; ++j) {
            const float32x4_t c0 = vld1q_f32(p + j * 8), c1 = vld1q_f32(p + j * 8 + 4);
            for (int r = 0; r < R; ++r) {
                const float b = x[static_cast<std::size_t>(r) * d + j];
                a0[r] = vfmaq_n_f32(a0[r], c0, b);
                a1[r] = vfmaq_n_f32(a1[r], c1, b);
            }
        }
        for (int r = 0; r < R; ++r) {
            float* row = buf + static_cast<std::size_t>(r) * kPad + static_cast<std::size_t>(g) * 8;
            vst1q_f32(row, a0[r]);
            vst1q_f32(row + 4, a1[r]);
            best[r] = vminq_f32(best[r], vminq_f32(a0[r], a1[r]));
            check[r] = vfmaq_n_f32(vfmaq_n_f32(check[r], a0[r], 0.0f), a1[r], 0.0f);
        }
    }
    for (int r = 0; r < R; ++r) {
        const float m = vminvq_f32(best[r]);
        const float* row = buf + static_cast<std::size_t>(r) * kPad;
        out[r] = 0;  // only if every value is NaN (overflowing data): cluster 0
        for (std::size_t q = 0; q < kPad; ++q) {
            if (row[q] == m) {
                out[r] = static_cast<int>(q);
                break;
            }
        }
        const float probe = vaddvq_f32(check[r]);
        if (probe != probe || out[r] >= c.k) {
            out[r] = nearestExact(x + static_cast<std::size_t>(r) * d, c);
            if (second != nullptr) second[r] = kNaN;
        } else if (second != nullptr) {
            second[r] = secondOf(row, c.kPad, out[r]);
        }
    }
}

}  // namespace

void finishNeon(const float* x, std::size_t rows, int d, const float* centroids, const int* labels, double* dist,
                double* sums, long long* counts);

void assignNeon(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                double* sums, long long* counts, float* second) {
    const auto d = static_cast<std::size_t>(c.d);
    std::vector<float> buf(4 * static_cast<std::size_t>(c.kPad));
    std::size_t i = 0;
    for (; i + 4 <= rows; i += 4) nearestNeon<4>(x + i * d, c, buf.data(), labels + i, second ? second + i : nullptr);
    for (; i < rows; ++i) nearestNeon<1>(x + i * d, c, buf.data(), labels + i, second ? second + i : nullptr);
    finishNeon(x, rows, c.d, c.centroids, labels, dist, sums, counts);
}

void finishNeon(const float* x, std::size_t rows, int d, const float* centroids, const int* labels, double* dist,
                double* sums, long long* counts) {
    const auto du = static_cast<std::size_t>(d);
    for (std::size_t i = 0; i < rows; ++i) {
        const float* xi = x + i * du;
        if (dist != nullptr) dist[i] = sqDistNeon(xi, centroids + static_cast<std::size_t>(labels[i]) * du, d);
        if (sums != nullptr) addPointPortable(xi, d, labels[i], sums, counts);
    }
}

void minDistNeon(const float* x, std::size_t rows, int d, const float* c, const double* separation, int seed,
                 double* minDist, int* nearest) {
    for (std::size_t i = 0; i < rows; ++i) {
        if (separation[nearest[i]] >= 4 * minDist[i]) continue;
        const double d2 = sqDistNeon(x + i * static_cast<std::size_t>(d), c, d);
        if (d2 < minDist[i]) minDist[i] = d2, nearest[i] = seed;
    }
}
#endif

namespace {
const KMeansKernels kernelsBaseline = {assignBaseline, finishBaseline, minDistBaseline, boundBaseline, 8};
#if defined(__x86_64__)
const KMeansKernels kernelsAvx2 = {assignAvx2, finishAvx2, minDistAvx2, boundBaseline, 8};
const KMeansKernels kernelsAvx512 = {assignAvx512, finishAvx512, minDistAvx512, boundAvx512, 16};
#endif
#if defined(__aarch64__)
const KMeansKernels kernelsNeon = {assignNeon, finishNeon, minDistNeon, boundBaseline, 8};
#endif
}  // namespace

MYMODULE_KERNELS_ACCESSOR(KMeansKernels, kmeansKernels)

}  // namespace mymodule::detail
