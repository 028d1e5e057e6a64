#include "mymodule/stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "checks.h"
#include "parallel.h"
#include "stats_simd.h"

namespace mymodule {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const detail::StatsKernels& kernels() { return detail::statsKernels(); }

double sumMinMax(const float* x, std::size_t n, detail::SumMinMax& r) { return (r = kernels().sumMinMaxF32(x, n)).sum; }
double sumMinMax(const double* x, std::size_t n, detail::SumMinMax& r) { return (r = kernels().sumMinMaxF64(x, n)).sum; }
detail::Deviations deviations(const float* x, std::size_t n, double mean) { return kernels().deviationsF32(x, n, mean); }
detail::Deviations deviations(const double* x, std::size_t n, double mean) { return kernels().deviationsF64(x, n, mean); }

// A Moments' fields while they are computed.
struct MomentsValues {
    long long count = 0;
    double mean = 0, variance = 0, min = 0, max = 0;
};

template <class T>
MomentsValues momentsOf(Span<const T> values, int ddof) {
    detail::requireData("moments", "values", values);
    if (ddof != 0 && ddof != 1) detail::violated("moments", "ddof", "be 0 or 1", detail::text(ddof));
    const std::size_t n = values.size();
    MomentsValues m;
    m.count = static_cast<long long>(n);
    if (n == 0) {
        m.mean = m.variance = m.min = m.max = kNaN;
        return m;
    }
    detail::SumMinMax first;
    const double sum = sumMinMax(values.data(), n, first);
    m.min = first.min;
    m.max = first.max;
    m.mean = sum / static_cast<double>(n);
    if (std::isnan(sum) && std::any_of(values.begin(), values.end(), [](T v) { return std::isnan(v); })) {
        m.mean = m.variance = m.min = m.max = kNaN;  // min and max skipped the NaN
        return m;
    }
    if (!std::isfinite(m.mean) || n <= static_cast<std::size_t>(ddof)) {
        m.variance = kNaN;
        return m;
    }
    m.mean = std::min(std::max(m.mean, m.min), m.max);  // rounding never leaves [min, max]
    const detail::Deviations d = deviations(values.data(), n, m.mean);
    const double squares = d.sumSquares - d.sum * d.sum / static_cast<double>(n);
    m.variance = std::max(squares, 0.0) / static_cast<double>(n - static_cast<std::size_t>(ddof));
    return m;
}

template <class T>
HistogramOutliers histogramOf(Span<const T> values, double lo, double hi, Span<long long> counts) {
    const char* fn = "histogram";
    detail::requireData(fn, "values", values);
    if (counts.data() == nullptr) detail::invalid(fn, "counts", "is null");
    if (counts.empty()) detail::invalid(fn, "counts", "is empty, need at least one bin");
    const auto both = [&] { return "lo=" + detail::text(lo) + ", hi=" + detail::text(hi); };
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi)) detail::violated(fn, "lo and hi", "be finite with lo < hi", both());
    if (!std::isfinite(hi - lo)) detail::invalid(fn, "hi - lo", "overflows, got " + both());
    // Signed indices: double <-> int64 is one instruction on x86-64, the unsigned conversions are not.
    const auto bins = static_cast<long long>(counts.size());
    const double width = (hi - lo) / static_cast<double>(bins);
    const double scale = static_cast<double>(bins) / (hi - lo);
    const auto edge = [&](long long k) { return lo + static_cast<double>(k) * width; };
    // Counted in a copy, in one pass that also finds NaN: counts changes only when all went well.
    std::vector<long long> local(counts.size());
    long long* const count = local.data();
    long long below = 0, above = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = values[i];
        if (v >= lo && v < hi) {
            // An estimate from the scale, then moved to the bin whose computed edges hold v.
            long long k = std::min(static_cast<long long>((v - lo) * scale), bins - 1);
            if (k > 0 && v < edge(k)) {
                --k;
            } else if (k + 1 < bins && v >= edge(k + 1)) {
                ++k;
            }
            ++count[k];
        } else if (v < lo) {
            ++below;
        } else if (v >= hi) {
            ++above;
        } else {
            detail::invalid(fn, detail::element("values", i), "is NaN");  // found while counting: no second pass
        }
    }
    std::copy(local.begin(), local.end(), counts.begin());
    return HistogramOutliers(below, above);
}

template <class T>
std::vector<T> validCopy(const char* function, Span<const T> values) {
    detail::requireData(function, "values", values);
    if (values.empty()) detail::invalid(function, "values", "is empty");
    detail::requireNoNaN(function, "values", values);
    return std::vector<T>(values.begin(), values.end());
}

/// numpy's _lerp: a + (b - a) * t, or b - (b - a) * (1 - t) for t >= 0.5, exact at both ends.
double lerp(double a, double b, double t) {
    if (t == 0 || a == b) return a;  // also for infinite a, where numpy's formula gives NaN
    const double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/// The quantile at q of v, sorted at least at floor((n - 1) * q) and the rank above it.
template <class T>
double fromSorted(const std::vector<T>& v, double q) {
    const double h = static_cast<double>(v.size() - 1) * q;
    const auto i = std::min(static_cast<std::size_t>(h), v.size() - 1);
    const double t = h - static_cast<double>(i);
    return i + 1 < v.size() ? lerp(v[i], v[i + 1], t) : static_cast<double>(v[i]);
}

template <class T>
double quantileOf(Span<const T> values, double q) {
    detail::requireRange("quantile", "q", q, 0, 1);
    std::vector<T> v = validCopy("quantile", values);
    const double h = static_cast<double>(v.size() - 1) * q;
    const auto i = std::min(static_cast<std::size_t>(h), v.size() - 1);
    const double t = h - static_cast<double>(i);
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), v.end());
    if (i + 1 == v.size()) return v[i];
    const T next = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(i) + 1, v.end());
    return lerp(v[i], next, t);
}

template <class T>
void quantilesOf(Span<const T> values, Span<const double> qs, Span<double> out) {
    detail::requireSameLength("quantiles", "qs", qs, "out", out);
    for (std::size_t i = 0; i < qs.size(); ++i) detail::requireRange("quantiles", detail::element("qs", i), qs[i], 0, 1);
    std::vector<T> v = validCopy("quantiles", values);
    // Only the ranks that the quantiles need, each selected in what is left above the previous one:
    // O(n) expected per rank instead of a full sort.
    std::vector<std::size_t> ranks;
    for (double q : qs) {
        const auto i = std::min(static_cast<std::size_t>(static_cast<double>(v.size() - 1) * q), v.size() - 1);
        ranks.push_back(i);
        if (i + 1 < v.size()) ranks.push_back(i + 1);
    }
    std::sort(ranks.begin(), ranks.end());
    ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
    auto from = v.begin();
    for (std::size_t rank : ranks) {
        const auto at = v.begin() + static_cast<std::ptrdiff_t>(rank);
        std::nth_element(from, at, v.end());
        from = at + 1;
    }
    for (std::size_t i = 0; i < qs.size(); ++i) out[i] = fromSorted(v, qs[i]);  // the needed ranks are in place
}

template <class T>
double dotOf(Span<const T> x, Span<const T> y) {
    detail::requireSameLength("dot", "x", x, "y", y);
    if constexpr (std::is_same_v<T, float>) {
        return kernels().dotF32(x.data(), y.data(), x.size());
    } else {
        return kernels().dotF64(x.data(), y.data(), x.size());
    }
}

}  // namespace

RunningStats::RunningStats() noexcept : Resource("RunningStats") {}

void RunningStats::add(Span<const float> values) {
    const detail::Use use(*this, "add", detail::Use::changing);
    detail::requireData("RunningStats.add", "values", values);
    detail::requireNoNaN("RunningStats.add", "values", values);  // first: a rejected batch adds nothing
    long long count = count_;  // in locals: the loop stays in registers, the fields are stored once
    double mean = mean_, m2 = m2_, min = min_, max = max_;
    for (float v : values) {
        const double x = v;
        min = count == 0 ? x : std::fmin(min, x);
        max = count == 0 ? x : std::fmax(max, x);
        ++count;
        const double delta = x - mean;
        mean += delta / static_cast<double>(count);
        m2 += delta * (x - mean);
    }
    count_ = count, mean_ = mean, m2_ = m2, min_ = min, max_ = max;
}

void RunningStats::reset() {
    const detail::Use use(*this, "reset", detail::Use::changing);
    count_ = 0, mean_ = m2_ = min_ = max_ = 0;
}

long long RunningStats::count() const {
    return snapshot("count", [this] { return count_.get(); });
}
double RunningStats::mean() const {
    return snapshot("mean", [this] { return count_.get() > 0 ? mean_.get() : kNaN; });
}
double RunningStats::variance() const {
    return snapshot("variance", [this] {
        const long long n = count_.get();
        return n > 1 ? m2_.get() / static_cast<double>(n - 1) : kNaN;
    });
}
double RunningStats::min() const {
    return snapshot("min", [this] { return count_.get() > 0 ? min_.get() : kNaN; });
}
double RunningStats::max() const {
    return snapshot("max", [this] { return count_.get() > 0 ? max_.get() : kNaN; });
}

Moments::Moments() noexcept : Resource("Moments") {}
Moments::Moments(long long count, double mean, double variance, double min, double max) noexcept
    : Resource("Moments"), count_(count), mean_(mean), variance_(variance), min_(min), max_(max) {}

long long Moments::count() const {
    return snapshot("count", [this] { return count_.get(); });
}
double Moments::mean() const {
    return snapshot("mean", [this] { return mean_.get(); });
}
double Moments::variance() const {
    return snapshot("variance", [this] { return variance_.get(); });
}
double Moments::min() const {
    return snapshot("min", [this] { return min_.get(); });
}
double Moments::max() const {
    return snapshot("max", [this] { return max_.get(); });
}

HistogramOutliers::HistogramOutliers() noexcept : Resource("HistogramOutliers") {}
HistogramOutliers::HistogramOutliers(long long below, long long above) noexcept
    : Resource("HistogramOutliers"), below_(below), above_(above) {}

long long HistogramOutliers::below() const {
    return snapshot("below", [this] { return below_.get(); });
}
long long HistogramOutliers::above() const {
    return snapshot("above", [this] { return above_.get(); });
}

double sum(Span<const float> values) {
    detail::requireData("sum", "values", values);
    return detail::statsKernels().sumF32(values.data(), values.size());
}

double sum(Span<const double> values) {
    detail::requireData("sum", "values", values);
    return detail::statsKernels().sumF64(values.data(), values.size());
}

double parallelSum(Span<const float> values, int threads, long long chunkSize, ProgressListener* listener) {
    detail::requireData("parallelSum", "values", values);
    detail::requireThreads("parallelSum", threads);
    detail::requireAtLeast("parallelSum", "chunkSize", chunkSize, 1);
    const auto n = static_cast<long long>(values.size());
    const long long chunks = n / chunkSize + (n % chunkSize != 0);  // no overflow for huge chunkSize
    std::vector<double> partial(static_cast<std::size_t>(chunks));
    const auto kernel = detail::statsKernels().sumF32;
    detail::parallelFor("parallelSum", threads, chunks, [&](long long c) {
        const long long begin = c * chunkSize;
        const long long count = std::min(chunkSize, n - begin);
        partial[static_cast<std::size_t>(c)] = kernel(values.data() + begin, static_cast<std::size_t>(count));
        return count;
    }, detail::requireListener("parallelSum", listener), n, "values");
    double total = 0;
    for (double p : partial) total += p;  // in chunk order: the same result for any thread count
    return total;
}

double dot(Span<const float> x, Span<const float> y) { return dotOf(x, y); }
double dot(Span<const double> x, Span<const double> y) { return dotOf(x, y); }

double sumFast(Span<const float> values) {
    detail::requireData("sumFast", "values", values);
    return kernels().sumFastF32(values.data(), values.size());
}

double dotFast(Span<const float> x, Span<const float> y) {
    detail::requireSameLength("dotFast", "x", x, "y", y);
    return kernels().dotFastF32(x.data(), y.data(), x.size());
}

namespace {

Moments toMoments(const MomentsValues& m) { return Moments(m.count, m.mean, m.variance, m.min, m.max); }

template <class T>
void momentsInto(Span<const T> values, int ddof, Moments* out) {
    if (out == nullptr) throw NullArgument("moments: out is null");
    const detail::Use use(*out, "moments", detail::Use::changing);
    const MomentsValues m = momentsOf(values, ddof);
    *out = toMoments(m);
}

}  // namespace

Moments moments(Span<const float> values, int ddof) { return toMoments(momentsOf(values, ddof)); }
Moments moments(Span<const double> values, int ddof) { return toMoments(momentsOf(values, ddof)); }
void moments(Span<const float> values, int ddof, Moments* out) { momentsInto(values, ddof, out); }
void moments(Span<const double> values, int ddof, Moments* out) { momentsInto(values, ddof, out); }

HistogramOutliers histogram(Span<const float> values, double lo, double hi, Span<long long> counts) {
    return histogramOf(values, lo, hi, counts);
}
HistogramOutliers histogram(Span<const double> values, double lo, double hi, Span<long long> counts) {
    return histogramOf(values, lo, hi, counts);
}

double quantile(Span<const float> values, double q) { return quantileOf(values, q); }
double quantile(Span<const double> values, double q) { return quantileOf(values, q); }

void quantiles(Span<const float> values, Span<const double> qs, Span<double> out) { quantilesOf(values, qs, out); }
void quantiles(Span<const double> values, Span<const double> qs, Span<double> out) { quantilesOf(values, qs, out); }

}  // namespace mymodule
