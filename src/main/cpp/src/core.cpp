#include "mymodule/core.h"

#include <algorithm>
#include <vector>

#include "checks.h"
#include "live_objects.h"
#include "parallel.h"
#include "stats_simd.h"

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

const char* simdPath() noexcept { return detail::isaName(detail::cpuIsa()); }

double sum(Span<const float> values) {
    detail::requireData("sum", "values", values);
    return detail::statsKernels().sumF32(values.data(), values.size());
}

double sum(Span<const double> values) {
    detail::requireData("sum", "values", values);
    return detail::statsKernels().sumF64(values.data(), values.size());
}

ProgressListener::ProgressListener() noexcept : Resource("ProgressListener") {}
bool ProgressListener::onProgress(long long, long long) { return true; }

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

}  // namespace mymodule
