#include "mymodule/stats.h"

#include <cmath>
#include <vector>

#include "check.h"
#include "mymodule/core.h"

using namespace mymodule;

namespace {

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
    emptyStatsAreNaN();
    matchesTwoPassReference();
    nanIsRejectedWhole();
    liveObjectsCountsStats();
    return failures;
}
