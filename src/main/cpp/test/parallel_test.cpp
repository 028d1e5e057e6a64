// detail::parallelFor, the one threading mechanism: every task once, failures and nesting, many
// callers at once, and helper threads kept between calls.
#include "parallel.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "check.h"

using mymodule::detail::parallelFor;

namespace {

// Runs `tasks` tasks on `threads` threads; true if each ran exactly once.
bool eachTaskOnce(int threads, long long tasks) {
    std::vector<std::atomic<int>> runs(static_cast<std::size_t>(tasks));
    parallelFor("test", threads, tasks, [&](long long i) {
        runs[static_cast<std::size_t>(i)].fetch_add(1);
        return 1ll;
    });
    for (const auto& r : runs) {
        if (r.load() != 1) return false;
    }
    return true;
}

void everyTaskOnce() {
    for (int threads : {1, 2, 3, 8, 64}) {
        for (long long tasks : {0ll, 1ll, 2ll, 7ll, 1000ll}) CHECK(eachTaskOnce(threads, tasks));
    }
}

void aFailureReachesTheCallerAndTheNextCallWorks() {
    for (int round = 0; round < 20; ++round) {
        CHECK_THROWS(std::runtime_error, parallelFor("test", 4, 100, [](long long i) -> long long {
            if (i == 37) throw std::runtime_error("task 37");
            return 1;
        }));
        CHECK(eachTaskOnce(4, 100));
    }
}

// A task that calls parallelFor itself (a kernel used by another) finishes even when every helper
// is busy with the outer call: the inner caller then does its tasks alone.
void nestedCallsFinish() {
    std::atomic<long long> inner{0};
    parallelFor("outer", 4, 16, [&](long long) {
        parallelFor("inner", 4, 50, [&](long long) {
            inner.fetch_add(1);
            return 1ll;
        });
        return 1ll;
    });
    CHECK(inner.load() == 16 * 50);
}

void manyCallersAtOnce() {
    std::atomic<int> bad{0};
    std::vector<std::thread> callers;
    for (int c = 0; c < 4; ++c) {
        callers.emplace_back([&] {
            for (int call = 0; call < 200; ++call) {
                if (!eachTaskOnce(2 + call % 3, call % 17)) bad.fetch_add(1);
            }
        });
    }
    for (auto& t : callers) t.join();
    CHECK(bad.load() == 0);
}

// Helpers are kept between calls: a hundred calls in a row on 2 threads are helped by a thread or
// two, not by a new thread each (starting one costs about 50 us on our VMs). Linux: by kernel
// thread ids, which are not reused as quickly as std::thread ids.
void helpersAreKept() {
#if defined(__linux__)
    const auto caller = static_cast<long>(syscall(SYS_gettid));
    std::mutex mutex;
    std::set<long> helpers;
    for (int call = 0; call < 100; ++call) {
        parallelFor("test", 2, 64, [&](long long) {
            const auto id = static_cast<long>(syscall(SYS_gettid));
            if (id != caller) {
                const std::lock_guard<std::mutex> lock(mutex);
                helpers.insert(id);
            }
            std::this_thread::sleep_for(std::chrono::microseconds(20));  // long enough to be helped
            return 1ll;
        });
    }
    CHECK(!helpers.empty());
    CHECK(helpers.size() <= 2);
#endif
}

}  // namespace

int main() {
    helpersAreKept();  // first: the other tests start more helpers, and any idle one may answer a call
    everyTaskOnce();
    aFailureReachesTheCallerAndTheNextCallWorks();
    nestedCallsFinish();
    manyCallersAtOnce();
    return failures;
}
