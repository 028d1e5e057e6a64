// Statistics: of vectors of numbers, and over streams of numbers (RunningStats).
#pragma once

#include "mymodule/common.h"
#include "mymodule/progress.h"
#include "mymodule/resource.h"

namespace mymodule {

/// Count, mean, variance, minimum and maximum of values added in any number of batches,
/// using Welford's numerically stable update. Threads: add() and reset() change it, so they need it
/// alone (a call during another throws StateError); the getters may run together.
class MYMODULE_API RunningStats : public Resource {
public:
    RunningStats() noexcept;
    RunningStats(const RunningStats&) = delete;
    RunningStats& operator=(const RunningStats&) = delete;

    /// Adds a batch of values.
    /// \throws std::invalid_argument if values is null or holds a NaN (nothing is added then)
    void add(Span<const float> values);
    /// Forgets every value added so far.
    void reset();

    /// Number of values added.
    long long count() const;
    /// Arithmetic mean, or NaN when no value was added.
    double mean() const;
    /// Sample variance (divides by count - 1), or NaN with fewer than two values.
    double variance() const;
    /// Smallest value, or NaN when no value was added.
    double min() const;
    /// Largest value, or NaN when no value was added.
    double max() const;

private:
    Shared<long long> count_ = 0;
    Shared<double> mean_ = 0;
    Shared<double> m2_ = 0;
    Shared<double> min_ = 0;
    Shared<double> max_ = 0;
};

/// Count, mean, variance, minimum and maximum of a vector of numbers, as moments() returns them.
/// For empty input count is 0 and every other field NaN. Read-only once made, except as the output
/// of moments(values, ddof, out).
class MYMODULE_API Moments : public Resource {
public:
    /// All zero.
    Moments() noexcept;
    Moments(long long count, double mean, double variance, double min, double max) noexcept;

    /// Number of values.
    long long count() const;
    /// Arithmetic mean; NaN when count is 0.
    double mean() const;
    /// Sum of squared deviations from the mean divided by count - ddof; NaN when count <= ddof.
    double variance() const;
    /// Smallest value; NaN when count is 0.
    double min() const;
    /// Largest value; NaN when count is 0.
    double max() const;

private:
    Shared<long long> count_ = 0;
    Shared<double> mean_ = 0;
    Shared<double> variance_ = 0;
    Shared<double> min_ = 0;
    Shared<double> max_ = 0;
};

/// Sum of all values, accumulated in double precision. SIMD paths add in another order, so
/// results may differ between CPUs in the last bits.
/// \param values the numbers to add; empty gives 0
/// \throws std::invalid_argument if values is null
MYMODULE_API double sum(Span<const float> values);

/// Sum of all values, compensated: every addition keeps its rounding error (TwoSum in each SIMD
/// lane, the lanes joined with Neumaier's algorithm), so the result is as accurate as a sum in twice
/// the precision, rounded once: within a few units in the last place of the exact sum unless that
/// sum cancels more than about 15 digits. 7 FLOPs per element. A NaN anywhere gives NaN; inf and
/// -inf give what IEEE addition gives (NaN for both); an overflowing sum gives inf.
/// \param values the numbers to add; empty gives 0
/// \throws std::invalid_argument if values is null
MYMODULE_API double sum(Span<const double> values);

/// Sum of all values, computed in chunks by several threads, reporting progress after each chunk.
/// The result does not depend on the number of threads.
/// \param values the numbers to add
/// \param threads number of threads, the caller's included, from 1 to 256
/// \param chunkSize elements per chunk and per progress report, at least 1
/// \param listener told the number of elements summed so far; may cancel
/// \throws std::invalid_argument if values is null, threads is outside [1, 256] or chunkSize < 1
/// \throws OperationCancelled if the listener returned false
/// \throws StateError if the listener is closed
MYMODULE_API double parallelSum(Span<const float> values, int threads, long long chunkSize, ProgressListener* listener);

/// Dot product, sum of x[i] * y[i]. float input: every product is exact in double and summed in
/// double blocks joined by a compensated sum (2 FLOPs per element, one FMA); double input:
/// Ogita-Rump-Oishi Dot2, each product's rounding error (FMA, or Dekker's split without FMA) and
/// each addition's kept (10 FLOPs per element with FMA, 25 without), as accurate as a dot product in
/// twice the precision, rounded once. NaN in either input gives NaN; infinities follow IEEE rules.
/// \param x the first vector
/// \param y the second vector, as long as x; empty vectors give 0
/// \throws std::invalid_argument if x or y is null or their lengths differ
MYMODULE_API double dot(Span<const float> x, Span<const float> y);
MYMODULE_API double dot(Span<const double> x, Span<const double> y);

/// Sum of float values for speed, where a float result is enough: float lanes, each adding at most
/// 9 values before the lanes are joined pairwise and converted to double per block of a few hundred
/// values, so |error| <= 2^-20 * sum |x| whatever the length (a plain float loop: about n / lanes *
/// 2^-24 * sum |x|); sum() is exact to about 2^-40 of that. A NaN gives NaN; infinities follow IEEE.
/// \param values the numbers to add; empty gives 0
/// \throws std::invalid_argument if values is null
MYMODULE_API double sumFast(Span<const float> values);

/// Dot product of float vectors for speed: as sumFast, with one FMA per element (the product is not
/// rounded), so |error| <= 2^-20 * sum |x[i] * y[i]| for any length; dot() rounds only once at the end.
/// \throws std::invalid_argument if x or y is null or their lengths differ
MYMODULE_API double dotFast(Span<const float> x, Span<const float> y);

/// Count, mean, variance, minimum and maximum in two passes over the values: the first sums
/// (compensated, as sum() does) and finds min and max, the second sums d = x - mean and d * d
/// (compensated for double input) and corrects for the rounding of the mean:
/// variance = (sum d^2 - (sum d)^2 / count) / (count - ddof). FLOPs per element: 19 for double input
/// (9 in the first pass, 10 in the second), 7 for float input (plain double blocks, see dot); the
/// values are read twice.
/// NaN policy: a NaN anywhere makes mean, variance, min and max NaN (count stays the number of
/// values). Infinite values give an infinite or NaN mean and a NaN variance; min and max stay exact.
/// \param values the numbers; empty gives count 0 and NaN elsewhere
/// \param ddof 0 for the population variance (divides by count), 1 for the sample variance (count - 1)
/// \return the moments, by value
/// \throws std::invalid_argument if values is null or ddof is not 0 or 1
MYMODULE_API Moments moments(Span<const float> values, int ddof);
MYMODULE_API Moments moments(Span<const double> values, int ddof);

/// moments(values, ddof), written into out: from Java, a result returned by value costs an
/// allocation (about 2 microseconds with JavaCPP's memory accounting), so many small vectors should reuse one
/// Moments. out is left unchanged when an exception is thrown.
/// \throws std::invalid_argument as moments(values, ddof)
/// \throws NullArgument if out is null
/// \throws StateError if out is closed or in use by another call
MYMODULE_API void moments(Span<const float> values, int ddof, Moments* out);
MYMODULE_API void moments(Span<const double> values, int ddof, Moments* out);

/// How many values histogram() left out of its bins, below lo and at or above hi.
class MYMODULE_API HistogramOutliers : public Resource {
public:
    /// Both zero.
    HistogramOutliers() noexcept;
    HistogramOutliers(long long below, long long above) noexcept;

    /// Values below lo, -inf included.
    long long below() const;
    /// Values at or above hi, inf included.
    long long above() const;

private:
    Shared<long long> below_ = 0;
    Shared<long long> above_ = 0;
};

/// Counts values in counts.size() equal bins over [lo, hi): bin k holds lo + k * w <= v <
/// lo + (k + 1) * w with w = (hi - lo) / counts.size(), the edges computed in double like that (the
/// last bin ends at hi), so a value on an edge goes to the bin above it. One pass (a multiplication,
/// a conversion and up to two edge comparisons per value) into a private copy of the counts, so
/// counts is overwritten (not added to) only when no NaN was found. The copy takes 8 bytes per bin.
/// \param values the numbers; NaN is rejected, infinities are counted as below or above
/// \param lo the lower edge of the first bin, finite
/// \param hi the upper edge of the last bin (excluded), finite, greater than lo, with hi - lo finite
/// \param counts receives the number of values in each bin; at least one bin
/// \return the numbers of values below lo and at or above hi
/// \throws std::invalid_argument if values or counts is null, counts is empty, lo or hi is NaN or
///         infinite, lo >= hi, hi - lo overflows, or values holds a NaN (the message names the first
///         index); counts is left untouched then
MYMODULE_API HistogramOutliers histogram(Span<const float> values, double lo, double hi, Span<long long> counts);
MYMODULE_API HistogramOutliers histogram(Span<const double> values, double lo, double hi, Span<long long> counts);

/// The q-th quantile by linear interpolation, numpy's default ("linear", type 7 of Hyndman and Fan):
/// with the values sorted as v and h = (n - 1) * q, the result is v[floor(h)] interpolated towards
/// v[floor(h) + 1] by h - floor(h), computed in double as numpy's lerp does (a + (b - a) * t, or
/// b - (b - a) * (1 - t) when t >= 0.5; t = 0 or equal neighbours give v[floor(h)], also when infinite,
/// where numpy's formula gives NaN).
/// The values are copied (O(n) memory, O(n) expected time) and left unchanged.
/// \param values the numbers, at least one; NaN is rejected, infinities take part
/// \param q in [0, 1]: 0 gives the minimum, 0.5 the median, 1 the maximum
/// \throws std::invalid_argument if values is null or empty, holds a NaN (the message names the first
///         index), or q is outside [0, 1] or NaN
MYMODULE_API double quantile(Span<const float> values, double q);
MYMODULE_API double quantile(Span<const double> values, double q);

/// Several quantiles at once, each as quantile() computes it, from one copy of the values in which
/// only the needed ranks are selected, each among the values above the previous one (O(n) expected
/// per quantile, instead of a full sort).
/// \param values the numbers, at least one; NaN is rejected
/// \param qs the wanted quantiles, each in [0, 1]
/// \param out receives quantile(values, qs[i]) at i; as long as qs
/// \throws std::invalid_argument if an argument is null, values is empty or holds a NaN, a q is
///         outside [0, 1] or NaN, or out and qs differ in length; out is left untouched then
MYMODULE_API void quantiles(Span<const float> values, Span<const double> qs, Span<double> out);
MYMODULE_API void quantiles(Span<const double> values, Span<const double> qs, Span<double> out);

}  // namespace mymodule
