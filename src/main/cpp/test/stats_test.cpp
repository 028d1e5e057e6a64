#include "mymodule/stats.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "check.h"
#include "mymodule/core.h"
#include "stats_simd.h"

using namespace mymodule;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

template <class T>
Span<const T> span(const std::vector<T>& v) {
    return {v.data(), v.size()};
}

bool relativelyNear(double a, double b, double tolerance) {
    return std::fabs(a - b) <= tolerance * std::fabs(b) || a == b;
}

// Every value here is a multiple of 2^-20, so 2^20 * value is an integer and sums are exact in Int128.
constexpr double kUnit = 1.0 / (1 << 20);
__extension__ typedef __int128 Int128;  // GCC and Clang: exact sums of up to 2^127
double exactToDouble(Int128 scaled) { return static_cast<double>(static_cast<long double>(scaled) * kUnit); }
Int128 scaled(double x) { return static_cast<Int128>(std::ldexp(x, 20)); }

/// Offset 1e9 plus unit noise, with mixed magnitudes that cancel: input on which a plain loop loses accuracy.
std::vector<double> illConditioned(std::size_t n, unsigned seed) {
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<long long> noise(-(1LL << 20), 1LL << 20);
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = 1e9 + static_cast<double>(noise(random)) * kUnit;   // 1e9 + [-1, 1] in steps of 2^-20
        if (i % 7 == 3) x[i] = 1e15 + static_cast<double>(noise(random) % 8) * 0.125;  // huge, then cancelled
        if (i % 7 == 4) x[i] = -1e15 - static_cast<double>(noise(random) % 8) * 0.125;
        if (i % 11 == 5) x[i] = static_cast<double>(noise(random) % 1024) * kUnit;  // below 1e-3, still on the grid
    }
    return x;
}

void sumMatchesLoop() {
    std::vector<float> x(1001);
    double expected = 0;
    for (std::size_t i = 0; i < x.size(); ++i) expected += (x[i] = static_cast<float>(i) * 0.5f);
    CHECK(sum({x.data(), x.size()}) == expected);
    CHECK(sum(Span<const float>()) == 0);  // {} alone is ambiguous: sum has a double overload
    CHECK_THROWS(std::invalid_argument, sum(Span<const float>(nullptr, 3)));
}

void parallelSumIndependentOfThreads() {
    std::vector<float> x(100000);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 97) - 48.0f;
    CountingListener one, four;
    const double a = parallelSum({x.data(), x.size()}, 1, 1000, &one);
    const double b = parallelSum({x.data(), x.size()}, 4, 1000, &four);
    CHECK(a == b);
    CHECK(a == sum({x.data(), x.size()}) || near(a, sum({x.data(), x.size()}), 1e-6));
    // One thread reports each of its 100 chunks; with four, the calling thread reports what all have
    // finished, after its own chunks and while it waits, so there are at most 100 calls, ending at the total.
    CHECK(one.calls == 100 && one.lastDone == 100000);
    CHECK(four.calls >= 1 && four.calls <= 100 && four.lastDone == 100000 && four.sameTotal);
    CountingListener whole;
    CHECK(parallelSum({x.data(), x.size()}, 2, LLONG_MAX, &whole) == a && whole.calls == 1);
}

void parallelSumCancelsMidway() {
    std::vector<float> x(100000, 1.0f);
    CountingListener listener(50000);
    CHECK_THROWS(OperationCancelled, parallelSum({x.data(), x.size()}, 4, 1000, &listener));
    CHECK(listener.lastDone >= 50000);  // the cancelling report is the last one
    CountingListener serial(50000);     // one thread reports each chunk: it stops right there
    CHECK_THROWS(OperationCancelled, parallelSum({x.data(), x.size()}, 1, 1000, &serial));
    CHECK(serial.lastDone == 50000 && serial.calls == 50);
    CHECK_THROWS(std::invalid_argument, parallelSum({x.data(), x.size()}, 0, 1000, &listener));
    CHECK_THROWS(std::invalid_argument, parallelSum({x.data(), x.size()}, 1, 0, &listener));
}

void sumSimdPathsAgree() {
    std::vector<float> x(1003);  // not a multiple of any vector width: tails are exercised
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(std::sin(static_cast<double>(i)));
    const double expected = detail::statsKernels(detail::Isa::baseline).sumF32(x.data(), x.size());
    CHECK(near(sum({x.data(), x.size()}), expected, 1e-9));
    forEachIsa([&](detail::Isa isa) { CHECK(near(detail::statsKernels(isa).sumF32(x.data(), x.size()), expected, 1e-9)); });
}

void sumIsExactOnIllConditionedInput() {
    for (std::size_t n : {0u, 1u, 5u, 31u, 1000u, 10007u}) {
        const std::vector<double> x = illConditioned(n, 7);
        Int128 exact = 0;
        for (double v : x) exact += scaled(v);
        forEachIsa([&](detail::Isa isa) {
            CHECK(relativelyNear(detail::statsKernels(isa).sumF64(x.data(), n), exactToDouble(exact), 1e-15));
        });
        CHECK(relativelyNear(sum(span(x)), exactToDouble(exact), 1e-15));
    }
    std::vector<double> cancel = {1e16, 1.0, -1e16, 1.0};  // a naive sum gives 0 or 1
    CHECK(sum(span(cancel)) == 2.0);
    CHECK(sum(Span<const double>()) == 0);
    CHECK_THROWS(std::invalid_argument, sum(Span<const double>(nullptr, 2)));
}

void sumNaNAndInfinity() {
    std::vector<double> x(100, 1.0);
    x[37] = kInf;
    CHECK(sum(span(x)) == kInf);
    x[60] = -kInf;
    CHECK(std::isnan(sum(span(x))));
    x[37] = NAN;
    x[60] = 1;
    CHECK(std::isnan(sum(span(x))));
    std::vector<double> big(64, 1e308);
    CHECK(sum(span(big)) == kInf);
}

void dotIsExactOnIllConditionedInput() {
    std::mt19937_64 random(11);
    std::uniform_int_distribution<long long> noise(-(1 << 10), 1 << 10);
    for (std::size_t n : {0u, 3u, 33u, 1001u, 4099u}) {
        // x near 1e9 (multiples of 2^-10), y = +-1 plus 2^-10 noise: the products cancel to a small dot.
        std::vector<double> x(n), y(n);
        Int128 exact = 0;  // in units of 2^-20
        for (std::size_t i = 0; i < n; ++i) {
            x[i] = 1e9 + static_cast<double>(noise(random)) / 1024;
            y[i] = (i % 2 ? -1.0 : 1.0) + static_cast<double>(noise(random)) / 1024;
            exact += static_cast<Int128>(std::ldexp(x[i], 10)) * static_cast<Int128>(std::ldexp(y[i], 10));
        }
        forEachIsa([&](detail::Isa isa) {
            CHECK(relativelyNear(detail::statsKernels(isa).dotF64(x.data(), y.data(), n), exactToDouble(exact), 1e-14));
        });
        CHECK(relativelyNear(dot(span(x), span(y)), exactToDouble(exact), 1e-14));
        // float: each product is exact in double; compare with the exact sum of the double products.
        std::vector<float> xf(n), yf(n);
        Int128 exactF = 0;
        for (std::size_t i = 0; i < n; ++i) {
            xf[i] = static_cast<float>(i % 13) - 6.0f + 0.5f;
            yf[i] = static_cast<float>(i % 5) * 0.25f - 0.5f;
            exactF += scaled(static_cast<double>(xf[i]) * static_cast<double>(yf[i]));
        }
        forEachIsa([&](detail::Isa isa) {
            CHECK(detail::statsKernels(isa).dotF32(xf.data(), yf.data(), n) == exactToDouble(exactF));
        });
        CHECK(dot(span(xf), span(yf)) == exactToDouble(exactF));
    }
}

void dotRejectsBadInput() {
    std::vector<double> a(3, 1.0), b(4, 1.0);
    CHECK_THROWS(std::invalid_argument, dot(span(a), span(b)));
    try {
        dot(span(a), span(b));
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()) == "dot: x and y must have the same length, got 3 and 4");
    }
    CHECK_THROWS(std::invalid_argument, dot(Span<const float>(nullptr, 1), Span<const float>(nullptr, 1)));
    a[1] = NAN;
    CHECK(std::isnan(dot(span(a), Span<const double>(b.data(), 3))));
}

/// Floats that cancel (1e4 + noise, then -1e4 - noise) with small ones between: float rounding shows.
std::vector<float> cancellingFloats(std::size_t n, unsigned seed) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<float> noise(0.0f, 1.0f);
    std::vector<float> x(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = i % 3 == 0 ? 1e4f + noise(random) : i % 3 == 1 ? -1e4f - noise(random) : noise(random) * 1e-3f;
    }
    return x;
}

// The fast float path promises |error| <= 2^-20 * sum |term| for every length and variant; the exact
// sum of floats (and of their products) is a long double sum here: floats and products of floats are
// exact in double, and their sum of 1e6 terms stays within 2^-60 relative of exact in long double.
void fastFloatPathIsWithinItsBound() {
    for (std::size_t n : {0, 1, 3, 15, 16, 17, 127, 128, 129, 1000, 1023, 1024, 1025, 4099, 65536, 1000003}) {
        const std::vector<float> x = cancellingFloats(n, 7), y = cancellingFloats(n, 8);
        long double sum = 0, dotExact = 0, absSum = 0, absDot = 0;
        for (std::size_t i = 0; i < n; ++i) {
            sum += x[i], absSum += std::fabs(x[i]);
            const double p = static_cast<double>(x[i]) * y[i];
            dotExact += p, absDot += std::fabs(p);
        }
        const double sumBound = std::ldexp(static_cast<double>(absSum), -20), dotBound = std::ldexp(static_cast<double>(absDot), -20);
        forEachIsa([&](detail::Isa isa) {
            const detail::StatsKernels& k = detail::statsKernels(isa);
            CHECK(std::fabs(k.sumFastF32(x.data(), n) - static_cast<double>(sum)) <= sumBound);
            CHECK(std::fabs(k.dotFastF32(x.data(), y.data(), n) - static_cast<double>(dotExact)) <= dotBound);
        });
        CHECK(std::fabs(sumFast(span(x)) - static_cast<double>(sum)) <= sumBound);
        CHECK(std::fabs(dotFast(span(x), span(y)) - static_cast<double>(dotExact)) <= dotBound);
    }
    // The bound has teeth: 1e6 values 1 + 2^-12 (sum exact in double), where a plain loop in 16 float lanes
    // loses the 2^-12 of every addition once a lane passes 8192, about 200 in all; the bound allows 1.
    const std::vector<float> ones(1000000, 1.0f + 0x1.0p-12f);
    const double exact = 1000000 * (1.0 + 0x1.0p-12), bound = std::ldexp(exact, -20);
    float lanes[16] = {};
    for (std::size_t i = 0; i < ones.size(); ++i) lanes[i % 16] += ones[i];
    double plain = 0;
    for (float lane : lanes) plain += lane;
    CHECK(std::fabs(plain - exact) > 100 * bound);
    forEachIsa([&](detail::Isa isa) {
        CHECK(std::fabs(detail::statsKernels(isa).sumFastF32(ones.data(), ones.size()) - exact) <= bound);
    });
}

void fastFloatPathSpecialValues() {
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    std::vector<float> x(300, 1.0f), y(300, 2.0f);
    CHECK(sumFast(span(x)) == 300.0);
    CHECK(dotFast(span(x), span(y)) == 600.0);
    x[123] = nan;
    CHECK(std::isnan(sumFast(span(x))));
    CHECK(std::isnan(dotFast(span(x), span(y))));
    x[123] = inf;
    CHECK(sumFast(span(x)) == kInf);
    x[124] = -inf;
    CHECK(std::isnan(sumFast(span(x))));
    CHECK(sumFast(Span<const float>()) == 0.0);
    CHECK_THROWS(std::invalid_argument, sumFast(Span<const float>(nullptr, 3)));
    CHECK_THROWS(std::invalid_argument, dotFast(span(x), Span<const float>(y.data(), 299)));
    try {
        dotFast(span(x), Span<const float>(y.data(), 299));
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()) == "dotFast: x and y must have the same length, got 300 and 299");
    }
}

void momentsOfASmallSample() {
    const std::vector<double> x = {2, 4, 4, 4, 5, 5, 7, 9};
    const std::vector<float> xf(x.begin(), x.end());
    for (int ddof : {0, 1}) {
        const Moments m = moments(span(x), ddof), mf = moments(span(xf), ddof);
        const double variance = 32.0 / (8 - ddof);
        CHECK(m.count() == 8 && m.mean() == 5 && relativelyNear(m.variance(), variance, 1e-15) && m.min() == 2 && m.max() == 9);
        CHECK(mf.count() == 8 && mf.mean() == 5 && relativelyNear(mf.variance(), variance, 1e-15) && mf.min() == 2 && mf.max() == 9);
    }
}

void momentsOfOffsetInput() {
    std::vector<double> x(10001);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = 1e9 + (i % 2 ? 1.0 : -1.0);
    x.back() = 1e9;  // mean exactly 1e9, sum of squares 10000
    const Moments m = moments(span(x), 0);
    CHECK(m.mean() == 1e9 && relativelyNear(m.variance(), 10000.0 / 10001.0, 1e-15) && m.min() == 1e9 - 1 && m.max() == 1e9 + 1);
}

void momentsEdgeCases() {
    const Moments empty = moments(Span<const double>(), 1);
    CHECK(empty.count() == 0 && std::isnan(empty.mean()) && std::isnan(empty.variance()) && std::isnan(empty.min()) &&
          std::isnan(empty.max()));
    const std::vector<float> one = {3.5f};
    const Moments m0 = moments(span(one), 0), m1 = moments(span(one), 1);
    CHECK(m0.count() == 1 && m0.mean() == 3.5 && m0.variance() == 0 && m0.min() == 3.5 && m0.max() == 3.5);
    CHECK(m1.count() == 1 && m1.mean() == 3.5 && std::isnan(m1.variance()));
    std::vector<double> nan = {1, 2, NAN, 4};
    const Moments mn = moments(span(nan), 0);
    CHECK(mn.count() == 4 && std::isnan(mn.mean()) && std::isnan(mn.variance()) && std::isnan(mn.min()) && std::isnan(mn.max()));
    std::vector<double> inf = {1, kInf, -5};
    const Moments mi = moments(span(inf), 0);
    CHECK(mi.mean() == kInf && std::isnan(mi.variance()) && mi.min() == -5 && mi.max() == kInf);
    Moments into;
    moments(span(inf), 0, &into);
    CHECK(into.count() == 3 && into.mean() == kInf && into.min() == -5);
    CHECK_THROWS(std::invalid_argument, moments(span(one), 2, &into));
    CHECK(into.count() == 3);  // unchanged after an exception
    CHECK_THROWS(std::invalid_argument, moments(span(one), 2));
    CHECK_THROWS(std::invalid_argument, moments(span(one), -1));
    CHECK_THROWS(std::invalid_argument, moments(Span<const float>(nullptr, 1), 0));
}

/// Every variant of every kernel agrees with the baseline, on lengths that exercise the tails.
void simdVariantsAgreeWithBaseline() {
    std::mt19937 random(5);
    std::normal_distribution<double> normal(3, 2);
    for (std::size_t n : {1u, 7u, 63u, 1003u, 9001u}) {
        std::vector<double> x(n), y(n);
        for (std::size_t i = 0; i < n; ++i) x[i] = normal(random), y[i] = normal(random);
        const std::vector<float> xf(x.begin(), x.end()), yf(y.begin(), y.end());
        const detail::StatsKernels& b = detail::statsKernels(detail::Isa::baseline);
        forEachIsa([&](detail::Isa isa) {
            const detail::StatsKernels& k = detail::statsKernels(isa);
            CHECK(relativelyNear(k.sumF64(x.data(), n), b.sumF64(x.data(), n), 1e-15));
            CHECK(relativelyNear(k.dotF64(x.data(), y.data(), n), b.dotF64(x.data(), y.data(), n), 1e-15));
            CHECK(relativelyNear(k.dotF32(xf.data(), yf.data(), n), b.dotF32(xf.data(), yf.data(), n), 1e-14));
            const detail::SumMinMax f = k.sumMinMaxF32(xf.data(), n), fb = b.sumMinMaxF32(xf.data(), n);
            const detail::SumMinMax d = k.sumMinMaxF64(x.data(), n), db = b.sumMinMaxF64(x.data(), n);
            CHECK(relativelyNear(f.sum, fb.sum, 1e-14) && f.min == fb.min && f.max == fb.max);
            CHECK(relativelyNear(d.sum, db.sum, 1e-15) && d.min == db.min && d.max == db.max);
            CHECK(d.min == *std::min_element(x.begin(), x.end()) && d.max == *std::max_element(x.begin(), x.end()));
            const detail::Deviations e = k.deviationsF64(x.data(), n, 3), eb = b.deviationsF64(x.data(), n, 3);
            const detail::Deviations g = k.deviationsF32(xf.data(), n, 3), gb = b.deviationsF32(xf.data(), n, 3);
            CHECK(relativelyNear(e.sumSquares, eb.sumSquares, 1e-15) && near(e.sum, eb.sum, 1e-12 * static_cast<double>(n)));
            CHECK(relativelyNear(g.sumSquares, gb.sumSquares, 1e-14) && near(g.sum, gb.sum, 1e-12 * static_cast<double>(n)));
        });
    }
}

void histogramCountsBinsAndOutliers() {
    const std::vector<double> x = {-kInf, -1, 0, 0.1, 0.25, 0.5, 0.74, 0.75, 0.99, 1, 2, kInf};
    std::vector<long long> counts(4, 99);
    const HistogramOutliers out = histogram(span(x), 0, 1, {counts.data(), counts.size()});
    CHECK(out.below() == 2 && out.above() == 3);
    CHECK(counts[0] == 2 && counts[1] == 1 && counts[2] == 2 && counts[3] == 2);  // edges go to the bin above
    const std::vector<float> xf = {0.f, 0.5f, 2.9999f, 3.f};
    std::vector<long long> one(1);
    const HistogramOutliers outF = histogram(span(xf), 0, 3, {one.data(), 1});
    CHECK(one[0] == 3 && outF.below() == 0 && outF.above() == 1);
}

void histogramRejectsBadInput() {
    const std::vector<double> x = {1, NAN, 2};
    std::vector<long long> counts(3, 7);
    Span<long long> c(counts.data(), counts.size());
    try {
        histogram(span(x), 0, 3, c);
        CHECK(false);
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()) == "histogram: values[1] is NaN");
    }
    CHECK(counts[0] == 7 && counts[1] == 7 && counts[2] == 7);  // untouched
    const std::vector<double> ok = {1};
    try {
        histogram(span(ok), 1, 1, c);
        CHECK(false);
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()) == "histogram: lo and hi must be finite with lo < hi, got lo=1, hi=1");
    }
    CHECK_THROWS(std::invalid_argument, histogram(span(ok), NAN, 1, c));
    CHECK_THROWS(std::invalid_argument, histogram(span(ok), 0, kInf, c));
    CHECK_THROWS(std::invalid_argument, histogram(span(ok), -1e308, 1e308, c));
    CHECK_THROWS(std::invalid_argument, histogram(span(ok), 0, 1, Span<long long>()));
    CHECK(counts[0] == 7);
}

/// numpy's linear quantile, from a sorted copy: the definition, written out again.
double referenceQuantile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    const double h = static_cast<double>(v.size() - 1) * q;
    const auto i = static_cast<std::size_t>(std::floor(h));
    if (i + 1 >= v.size()) return v.back();
    const double t = h - static_cast<double>(i), a = v[i], b = v[i + 1];
    if (t == 0 || a == b) return a;
    return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

void quantileMatchesDefinition() {
    std::mt19937 random(3);
    std::uniform_real_distribution<double> uniform(-10, 10);
    for (std::size_t n : {1u, 2u, 5u, 100u}) {
        std::vector<double> x(n);
        for (double& v : x) v = uniform(random);
        const std::vector<double> before = x;
        const std::vector<double> qs = {0, 0.1, 0.25, 0.5, 0.7, 0.75, 0.999, 1};
        std::vector<double> out(qs.size());
        quantiles(span(x), span(qs), {out.data(), out.size()});
        for (std::size_t j = 0; j < qs.size(); ++j) {
            const double expected = referenceQuantile(x, qs[j]);
            CHECK(quantile(span(x), qs[j]) == expected);
            CHECK(out[j] == expected);
        }
        CHECK(x == before);  // the input is left unchanged
    }
    const std::vector<float> f = {4, 1, 3, 2};
    CHECK(quantile(span(f), 0.5) == 2.5 && quantile(span(f), 0) == 1 && quantile(span(f), 1) == 4);
    const std::vector<double> infinite = {-kInf, 1, kInf, kInf};
    CHECK(quantile(span(infinite), 1) == kInf && quantile(span(infinite), 0.9) == kInf && quantile(span(infinite), 0) == -kInf);
}

void quantileRejectsBadInput() {
    const std::vector<double> x = {1, 2, NAN};
    try {
        quantile(span(x), 0.5);
        CHECK(false);
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()) == "quantile: values[2] is NaN");
    }
    const std::vector<double> ok = {1, 2};
    try {
        quantile(span(ok), 1.5);
        CHECK(false);
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()) == "quantile: q must be in [0, 1], got 1.5");
    }
    CHECK_THROWS(std::invalid_argument, quantile(span(ok), NAN));
    CHECK_THROWS(std::invalid_argument, quantile(span(ok), -0.1));
    CHECK_THROWS(std::invalid_argument, quantile(Span<const double>(), 0.5));
    const std::vector<double> qs = {0.5, 2};
    std::vector<double> out(2, 7), shortOut(1, 7);
    try {
        quantiles(span(ok), span(qs), {out.data(), out.size()});
        CHECK(false);
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()) == "quantiles: qs[1] must be in [0, 1], got 2");
    }
    CHECK(out[0] == 7);
    CHECK_THROWS(std::invalid_argument, quantiles(span(ok), span(qs), {shortOut.data(), 1}));
}

void emptyStatsAreNaN() {
    RunningStats s;
    CHECK(s.count() == 0 && std::isnan(s.mean()) && std::isnan(s.variance()) && std::isnan(s.min()));
}

void matchesTwoPassReference() {
    std::vector<float> x = {2, 4, 4, 4, 5, 5, 7, 9};
    RunningStats s;
    s.add({x.data(), 3});
    s.add({x.data() + 3, x.size() - 3});  // batches give the same answer as one pass
    double mean = 0, m2 = 0;
    for (float v : x) mean += v / static_cast<double>(x.size());
    for (float v : x) m2 += (v - mean) * (v - mean);
    CHECK(s.count() == 8 && near(s.mean(), mean, 1e-12) && near(s.variance(), m2 / 7, 1e-12));
    CHECK(s.min() == 2 && s.max() == 9);
    s.reset();
    CHECK(s.count() == 0);
}

void nanIsRejectedWhole() {
    std::vector<float> x = {1, NAN, 3};
    RunningStats s;
    CHECK_THROWS(std::invalid_argument, s.add({x.data(), x.size()}));
    CHECK(s.count() == 0);
}

void liveObjectsCountsStats() {
    const long long before = liveObjects();
    auto* s = new RunningStats;
    CHECK(liveObjects() == before + 1);
    delete s;
    CHECK(liveObjects() == before);
}

}  // namespace

int main() {
    sumMatchesLoop();
    parallelSumIndependentOfThreads();
    parallelSumCancelsMidway();
    sumSimdPathsAgree();
    sumIsExactOnIllConditionedInput();
    sumNaNAndInfinity();
    dotIsExactOnIllConditionedInput();
    dotRejectsBadInput();
    fastFloatPathIsWithinItsBound();
    fastFloatPathSpecialValues();
    momentsOfASmallSample();
    momentsOfOffsetInput();
    momentsEdgeCases();
    simdVariantsAgreeWithBaseline();
    histogramCountsBinsAndOutliers();
    histogramRejectsBadInput();
    quantileMatchesDefinition();
    quantileRejectsBadInput();
    emptyStatsAreNaN();
    matchesTwoPassReference();
    nanIsRejectedWhole();
    liveObjectsCountsStats();
    std::printf("stats_test: %s kernels, %d failures\n", detail::isaName(detail::cpuIsa()), failures);
    return failures;
}
