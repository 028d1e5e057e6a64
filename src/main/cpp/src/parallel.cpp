#include "parallel.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "checks.h"

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
    requireRange(function, "threads", threads, 1, kMaxThreads);
}

ProgressListener* requireListener(const char* function, ProgressListener* listener) {
    if (listener == nullptr) throw NullArgument(std::string(function) + ": listener is null");
    return listener;
}

void parallelFor(const char* function, int threads, long long tasks, const std::function<long long(long long)>& task,
                 ProgressListener* listener, long long totalUnits, const char* unit) {
    requireThreads(function, threads);
    std::optional<Use> listening;
    if (listener != nullptr) listening.emplace(*listener, "onProgress", Use::reading);
    std::atomic<long long> nextTask{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;  // guards the fields below
    std::condition_variable progressed;
    long long finished = 0;  // units of the tasks done so far
    int workersLeft = 0;
    std::exception_ptr failure;

    // Claims and runs tasks until none is left or the operation stops.
    auto work = [&](const std::function<void()>& afterTask) {
        for (long long i; !stop.load() && (i = nextTask.fetch_add(1)) < tasks;) {
            long long units = 0;
            try {
                units = task(i);
            } catch (...) {
                const std::lock_guard<std::mutex> lock(mutex);
                if (!failure) failure = std::current_exception();
                stop = true;
                progressed.notify_all();
                return;
            }
            {
                const std::lock_guard<std::mutex> lock(mutex);
                finished += units;
            }
            afterTask();
        }
    };
    // Only the calling thread calls the listener: a Java listener then runs on the thread that called
    // into native code, and a Java exception it throws stays there for the binding to rethrow.
    long long reported = 0;
    bool wasCancelled = false;
    auto report = [&] {
        long long done;
        {
            const std::lock_guard<std::mutex> lock(mutex);
            if (listener == nullptr || stop.load() || finished == reported) return;
            done = reported = finished;
        }
        bool goOn = false;
        try {
            goOn = listener->onProgress(done, totalUnits);
        } catch (...) {
            const std::lock_guard<std::mutex> lock(mutex);
            if (!failure) failure = std::current_exception();
        }
        if (!goOn) {
            wasCancelled = true;
            stop = true;
        }
    };

    const auto workers = static_cast<int>(std::min<long long>(threads, std::max<long long>(tasks, 1)));
    std::vector<std::thread> pool;
    auto joinAll = [&] {
        for (auto& thread : pool) thread.join();
    };
    try {
        for (int t = 1; t < workers; ++t) {
            {
                const std::lock_guard<std::mutex> lock(mutex);
                ++workersLeft;
            }
            pool.emplace_back([&] {
                work([&] { progressed.notify_all(); });
                const std::lock_guard<std::mutex> lock(mutex);
                --workersLeft;
                progressed.notify_all();
            });
        }
    } catch (...) {  // no thread for us: stop those started, then report (a joinable thread must not be destroyed)
        stop = true;
        joinAll();
        throw;
    }
    work(report);  // the calling thread works too, and reports after each of its tasks
    while (listener != nullptr) {  // then reports the workers' progress until they are done
        {
            std::unique_lock<std::mutex> lock(mutex);
            progressed.wait(lock, [&] { return workersLeft == 0 || stop.load() || finished != reported; });
            if (workersLeft == 0 || stop.load()) break;
        }
        report();
    }
    joinAll();
    report();  // the last tasks' units

    if (failure) std::rethrow_exception(failure);
    if (wasCancelled) cancelled(function, listener, reported, totalUnits, unit);
}

void reportProgress(const char* function, ProgressListener* listener, long long done, long long total,
                    const char* unit) {
    if (listener == nullptr) return;
    const Use listening(*listener, "onProgress", Use::reading);
    if (!listener->onProgress(done, total)) cancelled(function, listener, done, total, unit);
}

}  // namespace mymodule::detail
