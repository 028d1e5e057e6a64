// Statistics over streams of numbers.
#pragma once

#include "mymodule/common.h"

namespace mymodule {

/// Count, mean, variance, minimum and maximum of values added in any number of batches,
/// using Welford's numerically stable update. Not thread-safe: use one per thread or lock.
class MYMODULE_API RunningStats {
public:
    RunningStats();
    ~RunningStats();
    RunningStats(const RunningStats&) = delete;
    RunningStats& operator=(const RunningStats&) = delete;

    /// Adds a batch of values.
    /// \throws std::invalid_argument if values is null or holds a NaN (nothing is added then)
    void add(Span<const float> values);
    /// Forgets every value added so far.
    void reset() noexcept;

    /// Number of values added.
    long long count() const noexcept;
    /// Arithmetic mean, or NaN when no value was added.
    double mean() const noexcept;
    /// Sample variance (divides by count - 1), or NaN with fewer than two values.
    double variance() const noexcept;
    /// Smallest value, or NaN when no value was added.
    double min() const noexcept;
    /// Largest value, or NaN when no value was added.
    double max() const noexcept;

private:
    long long count_ = 0;
    double mean_ = 0;
    double m2_ = 0;
    double min_ = 0;
    double max_ = 0;
};

}  // namespace mymodule
