// The floor for the Java benchmarks: mymodule::sum (and add) called from C++ through the same
// libmymodule.so, timed the way JMH times AverageTime: warm-up rounds, then measured rounds of
// about 1 s each, reported as mean ns per call with a 99.9% confidence half-width.
//   sum_bench                          the kernel this CPU gets (AVX2 here), as Java gets it
//   MYMODULE_SIMD=baseline sum_bench   the portable kernel, the algorithm of the Java loop
// Also the STREAM triad (stream_triad.h, name=stream_triad gbs=...) and, at n = 6.4e7, sum and dot of
// floats from C++ with the bandwidth they reach (name=... n=64000000 ... gbs=...), in the same run.
// Prints simd=<path>, then one line per measurement: name=... n=... mean_ns=... error_ns=... min_ns=...
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "mymodule/core.h"
#include "mymodule/stats.h"
#include "stream_triad.h"

namespace {

using Clock = std::chrono::steady_clock;

// Like benchmark::DoNotOptimize: the compiler must assume the value is read and memory changed.
template <class T>
inline void doNotOptimize(const T& value) {
    asm volatile("" : : "r,m"(value) : "memory");
}

// Nanoseconds per call of f over `reps` calls.
template <class F>
double timeRound(F&& f, long long reps) {
    const auto start = Clock::now();
    for (long long r = 0; r < reps; ++r) f();
    return std::chrono::duration<double, std::nano>(Clock::now() - start).count() / static_cast<double>(reps);
}

template <class F>
void measure(const char* name, long long n, F&& f) {
    // Calibrate so that one round lasts about a second, like JMH's -r 1s.
    long long reps = 1;
    while (timeRound(f, reps) * static_cast<double>(reps) < 1e7) reps *= 2;  // at least 10 ms
    reps = static_cast<long long>(1e9 / timeRound(f, reps)) + 1;

    const int warmups = 3, rounds = 10;
    for (int w = 0; w < warmups; ++w) timeRound(f, reps);
    std::vector<double> ns;
    for (int r = 0; r < rounds; ++r) ns.push_back(timeRound(f, reps));

    double mean = 0, min = ns[0];
    for (double x : ns) mean += x / rounds, min = std::fmin(min, x);
    double var = 0;
    for (double x : ns) var += (x - mean) * (x - mean) / (rounds - 1);
    const double t = 4.781;  // Student t, 99.9% two-sided, 9 degrees of freedom: JMH's error convention
    std::printf("name=%s n=%lld mean_ns=%.3f error_ns=%.3f min_ns=%.3f reps=%lld\n", name, n, mean,
                t * std::sqrt(var / rounds), min, reps);
    std::fflush(stdout);
}

}  // namespace

int main() {
    std::printf("simd=%s\n", mymodule::simdPath());
    // add: fed from volatiles so the operands are not constants; the call itself is into the .so.
    volatile int a = 3, b = 4;
    measure("add", 0, [&] { doNotOptimize(mymodule::add(a, b)); });

    std::mt19937 rng(42);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    for (long long n : {1000LL, 1000000LL}) {
        std::vector<float> values(static_cast<std::size_t>(n));
        for (float& v : values) v = uniform(rng);
        const float* data = values.data();
        measure("sum", n, [&] {
            doNotOptimize(data);  // the data may have changed: nothing can be hoisted out of the loop
            doNotOptimize(mymodule::sum(mymodule::Span<const float>(data, values.size())));
        });
    }

    // Memory-bound sizes: the triad, then sum and dot of 6.4e7 floats (256 MB per vector) against it.
    std::printf("name=stream_triad gbs=%.2f\n", stream_triad::bandwidth());
    std::fflush(stdout);
    const std::size_t big = 64000000;
    std::vector<float> x(big), y(big);
    for (std::size_t i = 0; i < big; ++i) x[i] = uniform(rng), y[i] = uniform(rng) - 0.5f;
    const mymodule::Span<const float> xs(x.data(), big), ys(y.data(), big);
    for (const char* name : {"sum", "dot"}) {
        const bool isDot = name[0] == 'd';
        double best = 1e30;
        for (int round = 0; round < 5; ++round) {
            const auto start = Clock::now();
            doNotOptimize(isDot ? mymodule::dot(xs, ys) : mymodule::sum(xs));
            best = std::fmin(best, std::chrono::duration<double>(Clock::now() - start).count());
        }
        std::printf("name=%s_memory n=%zu best_ns=%.0f gbs=%.2f\n", name, big, best * 1e9,
                    (isDot ? 8.0 : 4.0) * static_cast<double>(big) / best / 1e9);
        std::fflush(stdout);
    }
}
