// Every CPU path of the vector statistics kernels (see stats_simd.h): one generic body per kernel,
// written with GCC/Clang vector extensions, instantiated for 2 (baseline, NEON), 4 (AVX2) and
// 8 (AVX-512) doubles per vector. The bodies are always inlined into the named variants below, so
// their code is compiled for that variant's instruction set.
#include "stats_simd.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#if defined(__x86_64__)
#include <immintrin.h>
#endif
#if defined(__aarch64__)
#include <arm_neon.h>
#endif

namespace mymodule::detail {

namespace {

/// Elements of float input summed in plain double lanes before the block sum joins the
/// compensated total (see stats_simd.h).
constexpr std::size_t kBlock = 4096;
/// Independent vector accumulators: enough to hide the latency of an addition.
constexpr int kUnroll = 4;
/// For the float dot product, whose FMAs (latency 4, two per cycle) need 8 in flight.
constexpr int kDotUnroll = 8;

template <int W>
struct Vectors {
    typedef double D __attribute__((vector_size(W * sizeof(double))));
    typedef float F __attribute__((vector_size(W * sizeof(float))));
};

// The instruction set of a variant: its vector width, and a*b + c (an FMA where there is one).
// productError(a, b, p) is the rounding error a*b - p of p = fl(a*b), exactly.
struct BaselineIsa {
    static constexpr int W = 2;
    using D = Vectors<W>::D;
    static MYMODULE_INLINE void fma(D& acc, const D& a, const D& b) { acc += a * b; }
    static MYMODULE_INLINE void productError(D& e, const D& a, const D& b, const D& p) {
        // Dekker's split: a = ah + al with 26-bit halves, whose products are exact.
        const D split = D{} + 134217729.0;  // 2^27 + 1
        const D ta = split * a, tb = split * b;
        const D ah = ta - (ta - a), al = a - ah;
        const D bh = tb - (tb - b), bl = b - bh;
        e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    }
    static MYMODULE_INLINE void load(D& v, const float* x) {
        Vectors<W>::F f;
        std::memcpy(&f, x, sizeof f);
        v = __builtin_convertvector(f, D);
    }
};

#if defined(__x86_64__)
struct Avx2Isa {
    static constexpr int W = 4;
    using D = Vectors<W>::D;
    MYMODULE_AVX2 static inline void fma(D& acc, const D& a, const D& b) {
        acc = reinterpret_cast<D>(_mm256_fmadd_pd(reinterpret_cast<__m256d>(a), reinterpret_cast<__m256d>(b),
                                                  reinterpret_cast<__m256d>(acc)));
    }
    MYMODULE_AVX2 static inline void productError(D& e, const D& a, const D& b, const D& p) {
        e = reinterpret_cast<D>(_mm256_fmsub_pd(reinterpret_cast<__m256d>(a), reinterpret_cast<__m256d>(b),
                                                reinterpret_cast<__m256d>(p)));
    }
    MYMODULE_AVX2 static inline void load(D& v, const float* x) {
        v = reinterpret_cast<D>(_mm256_cvtps_pd(_mm_loadu_ps(x)));
    }
};

struct Avx512Isa {
    static constexpr int W = 8;
    using D = Vectors<W>::D;
    MYMODULE_AVX512 static inline void fma(D& acc, const D& a, const D& b) {
        acc = reinterpret_cast<D>(_mm512_fmadd_pd(reinterpret_cast<__m512d>(a), reinterpret_cast<__m512d>(b),
                                                  reinterpret_cast<__m512d>(acc)));
    }
    MYMODULE_AVX512 static inline void productError(D& e, const D& a, const D& b, const D& p) {
        e = reinterpret_cast<D>(_mm512_fmsub_pd(reinterpret_cast<__m512d>(a), reinterpret_cast<__m512d>(b),
                                                reinterpret_cast<__m512d>(p)));
    }
    // One vcvtps2pd zmm, ymm: GCC's generic conversion splits it into halves and shuffles.
    MYMODULE_AVX512 static inline void load(D& v, const float* x) {
        v = reinterpret_cast<D>(_mm512_maskz_cvtps_pd(0xff, _mm256_loadu_ps(x)));  // maskz: GCC 12 warns on the unmasked one
    }
};
#endif

#if defined(__aarch64__)
struct NeonIsa {
    static constexpr int W = 2;
    using D = Vectors<W>::D;
    static MYMODULE_INLINE void fma(D& acc, const D& a, const D& b) {
        acc = reinterpret_cast<D>(vfmaq_f64(reinterpret_cast<float64x2_t>(acc), reinterpret_cast<float64x2_t>(a),
                                            reinterpret_cast<float64x2_t>(b)));
    }
    static MYMODULE_INLINE void productError(D& e, const D& a, const D& b, const D& p) {
        e = reinterpret_cast<D>(vfmaq_f64(vnegq_f64(reinterpret_cast<float64x2_t>(p)),
                                          reinterpret_cast<float64x2_t>(a), reinterpret_cast<float64x2_t>(b)));
    }
    static MYMODULE_INLINE void load(D& v, const float* x) {
        v = reinterpret_cast<D>(vcvt_f64_f32(vld1_f32(x)));
    }
};
#endif

/// W elements at x as doubles; float input is converted (exactly) by Isa::load.
template <class Isa>
MYMODULE_INLINE void load(typename Isa::D& v, const double* x) {
    std::memcpy(&v, x, sizeof v);
}
template <class Isa>
MYMODULE_INLINE void load(typename Isa::D& v, const float* x) {
    Isa::load(v, x);
}

/// Knuth's TwoSum, lane by lane: s + c + x == s' + c' up to the rounding of c (6 additions + 1).
template <class D>
MYMODULE_INLINE void twoSum(D& s, D& c, const D& x) {
    const D t = s + x;
    const D z = t - s;
    c += (s - (t - z)) + (x - z);
    s = t;
}

/// Neumaier's compensated sum of scalars, for lanes, blocks and tails.
struct Neumaier {
    double s = 0, c = 0;
    MYMODULE_INLINE void add(double x) {
        const double t = s + x;
        c += std::fabs(s) >= std::fabs(x) ? (s - t) + x : (x - t) + s;
        s = t;
    }
    /// The compensated sum; a non-finite plain sum (overflow, inf, NaN) as it is.
    MYMODULE_INLINE double result() const { return std::isfinite(s) ? s + c : s; }
};

/// Folds the TwoSum accumulators (sums s, compensations c) of the unrolled vectors into total: first
/// into one vector by error-free vector TwoSums, then lane by lane (W scalar Neumaier steps instead of
/// kUnroll * W: on 1,000 elements the scalar tail was a fifth of the time).
template <class D>
MYMODULE_INLINE void addLanes(Neumaier& total, const D (&s)[kUnroll], const D (&c)[kUnroll]) {
    D sum = s[0], comp = c[0];
    for (int u = 1; u < kUnroll; ++u) {
        comp += c[u];
        twoSum(sum, comp, s[u]);
    }
    for (std::size_t l = 0; l < sizeof(D) / sizeof(double); ++l) {
        total.add(sum[l]);
        total.c += comp[l];
    }
}

/// The sum of values[0..N) in double as a pairwise tree: depth log2 N instead of N dependent additions.
template <std::size_t N, class V>
MYMODULE_INLINE double treeSum(const V& v, std::size_t first = 0) {
    if constexpr (N == 1) {
        return static_cast<double>(v[first]);
    } else {
        return treeSum<N / 2>(v, first) + treeSum<N - N / 2>(v, first + N / 2);
    }
}

template <class D>
MYMODULE_INLINE double laneSum(const D& v) {
    return treeSum<sizeof(D) / sizeof(double)>(v);
}

// ---- sum of doubles (sumF32, the sum of floats, is written by hand for each set below) ----

template <class Isa>
MYMODULE_INLINE double sumF64Body(const double* x, std::size_t n) {
    using D = typename Isa::D;
    constexpr int W = Isa::W;
    D s[kUnroll] = {}, c[kUnroll] = {};
    std::size_t i = 0;
    for (; i + kUnroll * W <= n; i += kUnroll * W) {
        for (int u = 0; u < kUnroll; ++u) {
            D v;
            load<Isa>(v, x + i + u * W);
            twoSum(s[u], c[u], v);
        }
    }
    Neumaier total;
    addLanes(total, s, c);
    for (; i < n; ++i) total.add(x[i]);
    return total.result();
}

// ---- dot ----

/// Dot2: exact products (error by FMA or Dekker), TwoSum accumulation.
template <class Isa>
MYMODULE_INLINE double dotF64Body(const double* x, const double* y, std::size_t n) {
    using D = typename Isa::D;
    constexpr int W = Isa::W;
    D s[kUnroll] = {}, c[kUnroll] = {};
    std::size_t i = 0;
    for (; i + kUnroll * W <= n; i += kUnroll * W) {
        for (int u = 0; u < kUnroll; ++u) {
            D a, b, e;
            load<Isa>(a, x + i + u * W);
            load<Isa>(b, y + i + u * W);
            const D p = a * b;
            Isa::productError(e, a, b, p);
            twoSum(s[u], c[u], p);
            c[u] += e;
        }
    }
    Neumaier total;
    addLanes(total, s, c);
    for (; i < n; ++i) {
        const double p = x[i] * y[i];
        D a = {}, b = {}, e;
        a[0] = x[i], b[0] = y[i];
        D pv = {};
        pv[0] = p;
        Isa::productError(e, a, b, pv);
        total.add(p);
        total.c += e[0];
    }
    return total.result();
}

/// Float input: each product is exact in double, so a plain FMA per element, blocked.
template <class Isa>
MYMODULE_INLINE double dotF32Body(const float* x, const float* y, std::size_t n) {
    using D = typename Isa::D;
    constexpr int W = Isa::W;
    Neumaier total;
    for (std::size_t begin = 0; begin < n; begin += kBlock) {
        const std::size_t end = std::min(n, begin + kBlock);
        D s[kDotUnroll] = {};
        std::size_t i = begin;
        for (; i + kDotUnroll * W <= end; i += kDotUnroll * W) {
            for (int u = 0; u < kDotUnroll; ++u) {
                D a, b;
                load<Isa>(a, x + i + u * W);
                load<Isa>(b, y + i + u * W);
                Isa::fma(s[u], a, b);
            }
        }
        for (; i + W <= end; i += W) {
            D a, b;
            load<Isa>(a, x + i);
            load<Isa>(b, y + i);
            Isa::fma(s[0], a, b);
        }
        double block = laneSum(((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7])));
        for (; i < end; ++i) block += static_cast<double>(x[i]) * static_cast<double>(y[i]);
        total.add(block);
    }
    return total.result();
}

// ---- sum and dot of floats in float lanes (the fast, non-compensated path) ----

/// Float accumulators of the fast kernels, each a whole register of floats.
constexpr int kFastUnroll = 8;
/// Elements each float lane adds per block before the block joins the double total.
constexpr std::size_t kFastPerLane = 8;

template <class Isa>
using Floats = typename Vectors<2 * Isa::W>::F;  // as wide as Isa::D: 4, 8 or 16 floats

/// acc += x[at..] (sum) or x[at..] * y[at..] (dot, one FMA where the instruction set has it).
template <bool kDot, class F>
MYMODULE_INLINE void fastTerm(F& acc, const float* x, const float* y, std::size_t at) {
    F v;
    std::memcpy(&v, x + at, sizeof v);
    if constexpr (kDot) {
        F w;
        std::memcpy(&w, y + at, sizeof w);
        acc += v * w;
    } else {
        static_cast<void>(y);
        acc += v;
    }
}

/// The lanes of a vector of floats added in double: converted exactly, half a vector at a time.
template <class Isa>
MYMODULE_INLINE double floatLaneSum(const Floats<Isa>& f) {
    float lanes[2 * Isa::W];
    std::memcpy(lanes, &f, sizeof lanes);
    typename Isa::D lo, hi;
    Isa::load(lo, lanes);
    Isa::load(hi, lanes + Isa::W);
    return laneSum(lo + hi);  // two floats add in double with at most one rounding of 2^-53
}

/// Blocks of kFastUnroll * kFastPerLane vectors: every lane adds at most kFastPerLane + 1 values in
/// float (the block's last, partial vectors go one to each accumulator, the ragged end zero-padded), the
/// accumulators are added pairwise (3 more roundings), and each block's lanes are converted exactly to
/// double and added there. So every value passes through at most 11 float roundings, whatever n is:
/// |error| <= 11 * 2^-24 * sum |term| plus the double roundings, below 2^-20 * sum |term|.
template <class Isa, bool kDot>
MYMODULE_INLINE double fastF32Body(const float* x, const float* y, std::size_t n) {
    using F = Floats<Isa>;
    constexpr std::size_t L = sizeof(F) / sizeof(float);
    constexpr std::size_t kFastBlock = kFastUnroll * kFastPerLane * L;
    double total = 0;  // at most n / kFastBlock block sums: their double rounding is negligible
    for (std::size_t begin = 0; begin < n; begin += kFastBlock) {
        const std::size_t end = std::min(n, begin + kFastBlock);
        F a[kFastUnroll] = {};
        std::size_t i = begin;
        for (; i + kFastUnroll * L <= end; i += kFastUnroll * L) {
            for (int u = 0; u < kFastUnroll; ++u) fastTerm<kDot>(a[u], x, y, i + u * L);
        }
#pragma GCC unroll 8
        for (int u = 0; u < kFastUnroll; ++u) {  // fewer than kFastUnroll vectors are left
            if (i + L <= end) {
                fastTerm<kDot>(a[u], x, y, i);
                i += L;
            } else if (i < end) {
                float px[L] = {}, py[L] = {};
                std::memcpy(px, x + i, (end - i) * sizeof(float));
                if (kDot) std::memcpy(py, y + i, (end - i) * sizeof(float));
                fastTerm<kDot>(a[u], px, py, 0);
                i = end;
            }
        }
        total += floatLaneSum<Isa>(((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7])));
    }
    return total;
}

// ---- moments, first pass: sum, min, max ----

template <class Isa, class T>
MYMODULE_INLINE SumMinMax sumMinMaxBody(const T* x, std::size_t n) {
    using D = typename Isa::D;
    constexpr int W = Isa::W;
    constexpr double inf = std::numeric_limits<double>::infinity();
    D lo = D{} + inf, hi = D{} - inf;
    double mn = inf, mx = -inf;
    Neumaier total;
    // double input: one TwoSum run over everything; float input: plain blocks (see stats_simd.h).
    const std::size_t block = std::is_same_v<T, double> ? n : kBlock;
    for (std::size_t begin = 0; begin < n; begin += block) {
        const std::size_t end = std::min(n, begin + block);
        D s[kUnroll] = {}, c[kUnroll] = {};
        std::size_t i = begin;
        for (; i + kUnroll * W <= end; i += kUnroll * W) {
            for (int u = 0; u < kUnroll; ++u) {
                D v;
                load<Isa>(v, x + i + u * W);
                if constexpr (std::is_same_v<T, double>) {
                    twoSum(s[u], c[u], v);
                } else {
                    s[u] += v;
                }
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
            }
        }
        if constexpr (std::is_same_v<T, double>) {
            addLanes(total, s, c);
            for (std::size_t j = i; j < end; ++j) total.add(x[j]);
        } else {
            double sum = laneSum((s[0] + s[1]) + (s[2] + s[3]));
            for (std::size_t j = i; j < end; ++j) sum += x[j];
            total.add(sum);
        }
        for (; i < end; ++i) {
            mn = x[i] < mn ? x[i] : mn;
            mx = x[i] > mx ? x[i] : mx;
        }
    }
    for (int l = 0; l < W; ++l) {
        mn = lo[l] < mn ? lo[l] : mn;
        mx = hi[l] > mx ? hi[l] : mx;
    }
    return {total.result(), mn, mx};
}

// ---- moments, second pass: sum of d and of d * d, d = x - mean ----

template <class Isa, class T>
MYMODULE_INLINE Deviations deviationsBody(const T* x, std::size_t n, double mean) {
    using D = typename Isa::D;
    constexpr int W = Isa::W;
    const D m = D{} + mean;
    Neumaier sumD, sumD2;
    const std::size_t block = std::is_same_v<T, double> ? n : kBlock;
    for (std::size_t begin = 0; begin < n; begin += block) {
        const std::size_t end = std::min(n, begin + block);
        D d1[kUnroll] = {}, s2[kUnroll] = {}, c2[kUnroll] = {};
        std::size_t i = begin;
        for (; i + kUnroll * W <= end; i += kUnroll * W) {
            for (int u = 0; u < kUnroll; ++u) {
                D v;
                load<Isa>(v, x + i + u * W);
                const D d = v - m;
                d1[u] += d;  // plain: it only corrects the rounding of the mean
                if constexpr (std::is_same_v<T, double>) {
                    twoSum(s2[u], c2[u], d * d);
                } else {
                    Isa::fma(s2[u], d, d);
                }
            }
        }
        double blockD = laneSum((d1[0] + d1[1]) + (d1[2] + d1[3]));
        if constexpr (std::is_same_v<T, double>) {
            addLanes(sumD2, s2, c2);
            for (; i < end; ++i) {
                const double d = x[i] - mean;
                blockD += d;
                sumD2.add(d * d);
            }
        } else {
            double blockD2 = laneSum((s2[0] + s2[1]) + (s2[2] + s2[3]));
            for (; i < end; ++i) {
                const double d = static_cast<double>(x[i]) - mean;
                blockD += d;
                blockD2 += d * d;
            }
            sumD2.add(blockD2);
        }
        sumD.add(blockD);
    }
    return {sumD.result(), sumD2.result()};
}

}  // namespace

// ---- sum() of floats, written by hand for each instruction set ----

double sumF32Baseline(const float* x, std::size_t n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += x[i];
        s1 += x[i + 1];
        s2 += x[i + 2];
        s3 += x[i + 3];
    }
    for (; i < n; ++i) s0 += x[i];
    return (s0 + s1) + (s2 + s3);
}

#if defined(__x86_64__)
// Compiled for AVX2 here only; called only after the CPU said it has AVX2.
MYMODULE_AVX2 double sumF32Avx2(const float* x, std::size_t n) {
    __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m256 v0 = _mm256_loadu_ps(x + i), v1 = _mm256_loadu_ps(x + i + 8);
        a0 = _mm256_add_pd(a0, _mm256_cvtps_pd(_mm256_castps256_ps128(v0)));
        a1 = _mm256_add_pd(a1, _mm256_cvtps_pd(_mm256_extractf128_ps(v0, 1)));
        a2 = _mm256_add_pd(a2, _mm256_cvtps_pd(_mm256_castps256_ps128(v1)));
        a3 = _mm256_add_pd(a3, _mm256_cvtps_pd(_mm256_extractf128_ps(v1, 1)));
    }
    const __m256d a = _mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3));
    const __m128d half = _mm_add_pd(_mm256_castpd256_pd128(a), _mm256_extractf128_pd(a, 1));
    double s = _mm_cvtsd_f64(_mm_add_sd(half, _mm_unpackhi_pd(half, half)));
    return s + sumF32Baseline(x + i, n - i);
}

// Converts 8 floats straight from memory (one vcvtps2pd zmm, no shuffle) into 8 independent
// accumulators: enough additions in flight to cover their latency at two per cycle (4 left the
// kernel latency-bound on data in L1 and L2).
MYMODULE_AVX512 double sumF32Avx512(const float* x, std::size_t n) {
    __m512d a[8];
    for (__m512d& v : a) v = _mm512_setzero_pd();
    std::size_t i = 0;
    for (; i + 64 <= n; i += 64) {  // maskz: GCC 12 warns about the undefined source of the unmasked form
        for (int u = 0; u < 8; ++u) a[u] = _mm512_add_pd(a[u], _mm512_maskz_cvtps_pd(0xff, _mm256_loadu_ps(x + i + 8 * u)));
    }
    for (; i + 8 <= n; i += 8) a[0] = _mm512_add_pd(a[0], _mm512_maskz_cvtps_pd(0xff, _mm256_loadu_ps(x + i)));
    double lanes[8];  // not _mm512_reduce_add_pd: the same GCC 12 warning
    _mm512_storeu_pd(lanes, _mm512_add_pd(_mm512_add_pd(_mm512_add_pd(a[0], a[1]), _mm512_add_pd(a[2], a[3])),
                                          _mm512_add_pd(_mm512_add_pd(a[4], a[5]), _mm512_add_pd(a[6], a[7]))));
    const double s = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
    return s + sumF32Baseline(x + i, n - i);
}
#endif

#if defined(__aarch64__)
// NEON is part of every ARMv8-A CPU: no run-time check needed.
double sumF32Neon(const float* x, std::size_t n) {
    float64x2_t a0 = vdupq_n_f64(0), a1 = a0, a2 = a0, a3 = a0;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const float32x4_t v0 = vld1q_f32(x + i), v1 = vld1q_f32(x + i + 4);
        a0 = vaddq_f64(a0, vcvt_f64_f32(vget_low_f32(v0)));
        a1 = vaddq_f64(a1, vcvt_high_f64_f32(v0));
        a2 = vaddq_f64(a2, vcvt_f64_f32(vget_low_f32(v1)));
        a3 = vaddq_f64(a3, vcvt_high_f64_f32(v1));
    }
    const double s = vaddvq_f64(vaddq_f64(vaddq_f64(a0, a1), vaddq_f64(a2, a3)));
    return s + sumF32Baseline(x + i, n - i);
}
#endif

// The named variants: each body compiled for one instruction set (the name says which: AVX code
// only in functions named Avx2/Avx512, see test/check_isa.sh), and their table.
#define MYMODULE_STATS_VARIANT(Name, isa, TARGET)                                                                 \
    namespace {                                                                                                   \
    TARGET __attribute__((flatten)) double sumF64##Name(const double* x, std::size_t n) {                         \
        return sumF64Body<Name##Isa>(x, n);                                                                       \
    }                                                                                                             \
    TARGET __attribute__((flatten)) double dotF32##Name(const float* x, const float* y, std::size_t n) {          \
        return dotF32Body<Name##Isa>(x, y, n);                                                                    \
    }                                                                                                             \
    TARGET __attribute__((flatten)) double dotF64##Name(const double* x, const double* y, std::size_t n) {        \
        return dotF64Body<Name##Isa>(x, y, n);                                                                    \
    }                                                                                                             \
    TARGET __attribute__((flatten)) SumMinMax sumMinMaxF32##Name(const float* x, std::size_t n) {                 \
        return sumMinMaxBody<Name##Isa>(x, n);                                                                    \
    }                                                                                                             \
    TARGET __attribute__((flatten)) SumMinMax sumMinMaxF64##Name(const double* x, std::size_t n) {                \
        return sumMinMaxBody<Name##Isa>(x, n);                                                                    \
    }                                                                                                             \
    TARGET __attribute__((flatten)) Deviations deviationsF32##Name(const float* x, std::size_t n, double mean) {  \
        return deviationsBody<Name##Isa>(x, n, mean);                                                             \
    }                                                                                                             \
    TARGET __attribute__((flatten)) Deviations deviationsF64##Name(const double* x, std::size_t n, double mean) { \
        return deviationsBody<Name##Isa>(x, n, mean);                                                             \
    }                                                                                                             \
    TARGET __attribute__((flatten)) double sumFastF32##Name(const float* x, std::size_t n) {                      \
        return fastF32Body<Name##Isa, false>(x, x, n);                                                            \
    }                                                                                                             \
    TARGET __attribute__((flatten)) double dotFastF32##Name(const float* x, const float* y, std::size_t n) {      \
        return fastF32Body<Name##Isa, true>(x, y, n);                                                             \
    }                                                                                                             \
    const StatsKernels kernels##Name = {sumF32##Name,        sumF64##Name,        dotF32##Name,     dotF64##Name, \
                                        sumMinMaxF32##Name,  sumMinMaxF64##Name,  deviationsF32##Name,            \
                                        deviationsF64##Name, sumFastF32##Name,    dotFastF32##Name};              \
    }

MYMODULE_FOR_EACH_ISA(MYMODULE_STATS_VARIANT)

MYMODULE_KERNELS_ACCESSOR(StatsKernels, statsKernels)

}  // namespace mymodule::detail
