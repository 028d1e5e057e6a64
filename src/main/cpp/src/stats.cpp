#include "mymodule/stats.h"

#include <cmath>
#include <limits>
#include <string>

#include "checks.h"
#include "live_objects.h"

namespace mymodule {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

RunningStats::RunningStats() { ++detail::liveObjectCount; }
RunningStats::~RunningStats() { --detail::liveObjectCount; }

void RunningStats::add(Span<const float> values) {
    detail::requireData("RunningStats.add", values);
    for (std::size_t i = 0; i < values.size(); ++i) {  // validate first: a rejected batch adds nothing
        if (std::isnan(values[i])) {
            throw std::invalid_argument("RunningStats.add: values[" + std::to_string(i) + "] is NaN");
        }
    }
    for (float v : values) {
        const double x = v;
        if (count_ == 0) {
            min_ = max_ = x;
        } else {
            min_ = std::fmin(min_, x);
            max_ = std::fmax(max_, x);
        }
        ++count_;
        const double delta = x - mean_;
        mean_ += delta / static_cast<double>(count_);
        m2_ += delta * (x - mean_);
    }
}

void RunningStats::reset() noexcept { count_ = 0, mean_ = m2_ = min_ = max_ = 0; }

long long RunningStats::count() const noexcept { return count_; }
double RunningStats::mean() const noexcept { return count_ > 0 ? mean_ : kNaN; }
double RunningStats::variance() const noexcept { return count_ > 1 ? m2_ / static_cast<double>(count_ - 1) : kNaN; }
double RunningStats::min() const noexcept { return count_ > 0 ? min_ : kNaN; }
double RunningStats::max() const noexcept { return count_ > 0 ? max_ : kNaN; }

}  // namespace mymodule
