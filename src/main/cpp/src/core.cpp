#include "mymodule/core.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "checks.h"
#include "live_objects.h"
#include "simd.h"

namespace mymodule {

int add(int a, int b) {
    int result;
    if (__builtin_add_overflow(a, b, &result)) {
        throw std::overflow_error("add: int overflow in " + std::to_string(a) + " + " + std::to_string(b));
    }
    return result;
}

const char* version() noexcept { return MYMODULE_VERSION; }

long long liveObjects() noexcept { return detail::liveObjectCount.load(); }

namespace {

constexpr int kMaxThreads = 256;

double sumRange(const float* x, std::size_t n) { return detail::simdKernels().sum(x, n); }

}  // namespace

const char* simdPath() noexcept { return detail::simdKernels().name; }

double sum(Span<const float> values) {
    detail::requireData("sum", values);
    return sumRange(values.data(), values.size());
}

ProgressListener::ProgressListener() { ++detail::liveObjectCount; }
ProgressListener::~ProgressListener() { --detail::liveObjectCount; }

double parallelSum(Span<const float> values, int threads, long long chunkSize, ProgressListener& listener) {
    detail::requireData("parallelSum", values);
    if (threads < 1 || threads > kMaxThreads) {
        throw std::invalid_argument("parallelSum: threads must be in [1, " + std::to_string(kMaxThreads) + "], got " +
                                    std::to_string(threads));
    }
    if (chunkSize < 1) {
        throw std::invalid_argument("parallelSum: chunkSize must be at least 1, got " + std::to_string(chunkSize));
    }
    const auto n = static_cast<long long>(values.size());
    const long long chunks = n / chunkSize + (n % chunkSize != 0);  // no overflow for huge chunkSize
    std::vector<double> partial(static_cast<std::size_t>(chunks));  // summed in order: same result for any thread count
    std::atomic<long long> nextChunk{0};
    std::atomic<bool> stop{false};
    std::mutex reportMutex;  // serialises listener calls so Java code needs no locking
    long long done = 0;
    bool cancelled = false;
    std::exception_ptr failure;

    auto work = [&] {
        for (long long c; !stop.load() && (c = nextChunk.fetch_add(1)) < chunks;) {
            const long long begin = c * chunkSize;
            const long long count = std::min(chunkSize, n - begin);
            partial[static_cast<std::size_t>(c)] = sumRange(values.data() + begin, static_cast<std::size_t>(count));
            std::lock_guard<std::mutex> lock(reportMutex);
            if (stop.load()) return;
            done += count;
            try {
                if (!listener.onProgress(done, n)) {
                    cancelled = true;
                    stop = true;
                }
            } catch (...) {
                failure = std::current_exception();
                stop = true;
            }
        }
    };
    const auto workers = static_cast<int>(std::min<long long>(threads, std::max<long long>(chunks, 1)));
    std::vector<std::thread> pool;
    auto joinAll = [&] {
        for (auto& thread : pool) thread.join();
    };
    try {
        for (int t = 1; t < workers; ++t) pool.emplace_back(work);
    } catch (...) {  // no thread for us: stop those started, then report (a joinable thread must not be destroyed)
        stop = true;
        joinAll();
        throw;
    }
    work();  // the calling thread works too
    joinAll();

    if (failure) std::rethrow_exception(failure);
    if (cancelled) {
        throw OperationCancelled("parallelSum: cancelled by the listener after " + std::to_string(done) + " of " +
                                     std::to_string(n) + " values",
                                 &listener);
    }
    double total = 0;
    for (double p : partial) total += p;
    return total;
}

}  // namespace mymodule
