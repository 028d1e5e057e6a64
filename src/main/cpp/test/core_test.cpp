#include "mymodule/core.h"

#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "check.h"
#include "stats_simd.h"

using namespace mymodule;

namespace {

void addBasics() {
    CHECK(add(3, 4) == 7);
    CHECK(add(-3, -4) == -7);
    CHECK(add(0, 0) == 0);
    CHECK(add(INT_MAX, INT_MIN) == -1);
    CHECK_THROWS(std::overflow_error, add(INT_MAX, 1));
    CHECK_THROWS(std::overflow_error, add(INT_MIN, -1));
    try {
        add(INT_MAX, 1);
    } catch (const std::overflow_error& e) {
        CHECK(std::string(e.what()) == "add: int overflow in 2147483647 + 1");
    }
}

void versionIsSemantic() { CHECK(std::strlen(version()) >= 5 && version()[1] == '.'); }

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

void simdPathsAgree() {
    std::vector<float> x(1003);  // not a multiple of any vector width: tails are exercised
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(std::sin(static_cast<double>(i)));
    const double expected = detail::statsKernels(detail::Isa::baseline).sumF32(x.data(), x.size());
    CHECK(near(sum({x.data(), x.size()}), expected, 1e-9));
    forEachIsa([&](detail::Isa isa) { CHECK(near(detail::statsKernels(isa).sumF32(x.data(), x.size()), expected, 1e-9)); });
    const std::string path = simdPath();
    CHECK(path == "avx512" || path == "avx2" || path == "neon" || path == "baseline");
    if (const char* expectedPath = std::getenv("MYMODULE_EXPECT_SIMD")) CHECK(path == expectedPath);
}

void liveObjectsCountsListeners() {
    const long long before = liveObjects();
    {
        CountingListener listener;
        CHECK(liveObjects() == before + 1);
    }
    CHECK(liveObjects() == before);
}

}  // namespace

int main() {
    addBasics();
    versionIsSemantic();
    sumMatchesLoop();
    parallelSumIndependentOfThreads();
    parallelSumCancelsMidway();
    simdPathsAgree();
    liveObjectsCountsListeners();
    return failures;
}
