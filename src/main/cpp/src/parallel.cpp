#include "parallel.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

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

// One parallelFor call: its tasks, how far they got, and how many pool threads are helping.
struct Job {
    Job(const std::function<long long(long long)>& task, long long tasks) : task(task), tasks(tasks) {}

    // Claims and runs tasks until none is left or the job stops; afterTask() after each one.
    template <class AfterTask>
    void work(const AfterTask& afterTask) {
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
    }

    const std::function<long long(long long)>& task;
    const long long tasks;
    std::atomic<long long> nextTask{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;  // guards the fields below
    std::condition_variable progressed;
    long long finished = 0;  // units of the tasks done so far
    int helpers = 0;         // pool threads working on this job now
    std::exception_ptr failure;
};

// Threads kept between parallelFor calls to help their callers. Starting a thread costs about 50 us on
// the VMs we measure on, as much as the whole work of a small call, and a k-means fit makes dozens of
// calls. A thread is started when a call offers more places than there are idle threads (at most
// kMaxThreads in all); if none can be started, the caller does the work alone. Never destroyed: at
// exit its threads may still be waiting in it.
class Pool {
public:
    static Pool& instance() {
        static Pool* const pool = new Pool;
        return *pool;
    }

    // Offers `places` idle threads to help with job.
    void offer(Job& job, int places) {
        const std::lock_guard<std::mutex> lock(mutex_);
        places_.insert(places_.end(), static_cast<std::size_t>(places), &job);
        while (idle_ < static_cast<long long>(places_.size()) && threads_ < kMaxThreads) {
            try {
                std::thread([this] { help(); }).detach();
            } catch (...) {  // no thread for us (std::system_error): fewer helpers
                break;
            }
            ++threads_;
            ++idle_;
        }
        if (places == 1) {
            wake_.notify_one();
        } else {
            wake_.notify_all();
        }
    }

    // Takes back job's places that no thread took; afterwards job.helpers can only fall.
    void withdraw(Job& job) {
        const std::lock_guard<std::mutex> lock(mutex_);
        places_.erase(std::remove(places_.begin(), places_.end(), &job), places_.end());
    }

private:
    void help() {
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            wake_.wait(lock, [this] { return !places_.empty(); });
            Job& job = *places_.front();
            places_.pop_front();
            --idle_;
            {
                const std::lock_guard<std::mutex> joining(job.mutex);
                ++job.helpers;  // before withdraw() can return: the caller waits for us
            }
            lock.unlock();
            job.work([&job] { job.progressed.notify_all(); });
            lock.lock();
            ++idle_;  // idle again before the caller can go on, so its next call finds us
            const std::lock_guard<std::mutex> leaving(job.mutex);
            --job.helpers;
            job.progressed.notify_all();  // under the job's lock: the caller cannot free the job before
        }
    }

    std::mutex mutex_;  // guards the fields below
    std::condition_variable wake_;
    std::deque<Job*> places_;  // a job once for each helper it asks for
    long long idle_ = 0;       // threads waiting for a place, or about to
    int threads_ = 0;
};

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
    Job job(task, tasks);

    // Only the calling thread calls the listener: a Java listener then runs on the thread that called
    // into native code, and a Java exception it throws stays there for the binding to rethrow.
    long long reported = 0;
    bool wasCancelled = false;
    auto report = [&] {
        long long done;
        {
            const std::lock_guard<std::mutex> lock(job.mutex);
            if (listener == nullptr || job.stop.load() || job.finished == reported) return;
            done = reported = job.finished;
        }
        bool goOn = false;
        try {
            goOn = listener->onProgress(done, totalUnits);
        } catch (...) {
            const std::lock_guard<std::mutex> lock(job.mutex);
            if (!job.failure) job.failure = std::current_exception();
        }
        if (!goOn) {
            wasCancelled = true;
            job.stop = true;
        }
    };
    const auto workers = static_cast<int>(std::min<long long>(threads, std::max<long long>(tasks, 1)));
    if (workers > 1) Pool::instance().offer(job, workers - 1);
    job.work(report);  // the calling thread works too, and reports after each of its tasks
    if (workers > 1) Pool::instance().withdraw(job);  // every task is taken or skipped: nobody else may join
    {
        std::unique_lock<std::mutex> lock(job.mutex);
        for (;;) {  // report the helpers' progress until they are done
            job.progressed.wait(lock, [&] { return job.helpers == 0 || (listener != nullptr && !job.stop.load() && job.finished != reported); });
            if (job.helpers == 0) break;
            lock.unlock();
            report();
            lock.lock();
        }
    }
    report();  // the last tasks' units
    if (job.failure) std::rethrow_exception(job.failure);
    if (wasCancelled) cancelled(function, listener, reported, totalUnits, unit);
}

void reportProgress(const char* function, ProgressListener* listener, long long done, long long total,
                    const char* unit) {
    if (listener == nullptr) return;
    const Use listening(*listener, "onProgress", Use::reading);
    if (!listener->onProgress(done, total)) cancelled(function, listener, done, total, unit);
}

}  // namespace mymodule::detail
