#include "parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace mymodule::detail {

namespace {

[[noreturn]] void cancelled(const char* function, ProgressListener* listener, long long done, long long total,
                            const char* unit) {
    std::string message = std::string(function) + ": cancelled by the listener after " + std::to_string(done) +
                          " of " + std::to_string(total);
    if (*unit != '\0') message += std::string(" ") + unit;
    throw OperationCancelled(message, listener);
}

}  // namespace

void requireThreads(const char* function, int threads) {
    if (threads < 1 || threads > kMaxThreads) {
        throw std::invalid_argument(std::string(function) + ": threads must be in [1, " + std::to_string(kMaxThreads) +
                                    "], got " + std::to_string(threads));
    }
}

void parallelFor(const char* function, int threads, long long tasks, const std::function<long long(long long)>& task,
                 ProgressListener* listener, long long totalUnits, const char* unit) {
    requireThreads(function, threads);
    std::atomic<long long> nextTask{0};
    std::atomic<bool> stop{false};
    std::mutex reportMutex;  // serialises listener calls, so Java code needs no locking
    long long done = 0;
    bool wasCancelled = false;
    std::exception_ptr failure;

    auto work = [&] {
        for (long long i; !stop.load() && (i = nextTask.fetch_add(1)) < tasks;) {
            long long units = 0;
            try {
                units = task(i);
            } catch (...) {
                std::lock_guard<std::mutex> lock(reportMutex);
                if (!failure) failure = std::current_exception();
                stop = true;
                return;
            }
            if (listener == nullptr) continue;
            std::lock_guard<std::mutex> lock(reportMutex);
            if (stop.load()) return;
            done += units;
            try {
                if (!listener->onProgress(done, totalUnits)) {
                    wasCancelled = true;
                    stop = true;
                }
            } catch (...) {
                failure = std::current_exception();
                stop = true;
            }
        }
    };
    const auto workers = static_cast<int>(std::min<long long>(threads, std::max<long long>(tasks, 1)));
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
    if (wasCancelled) cancelled(function, listener, done, totalUnits, unit);
}

void reportProgress(const char* function, ProgressListener* listener, long long done, long long total,
                    const char* unit) {
    if (listener != nullptr && !listener->onProgress(done, total)) cancelled(function, listener, done, total, unit);
}

}  // namespace mymodule::detail
