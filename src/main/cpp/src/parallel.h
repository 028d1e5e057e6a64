// Work spread over threads, with progress reports and cancellation: the one mechanism that every
// multi-threaded kernel shares (parallelSum, k-means, images, N-body).
#pragma once

#include <functional>

#include "mymodule/progress.h"

namespace mymodule::detail {

/// The most threads an API call accepts.
constexpr int kMaxThreads = 256;

/// Rejects a thread count outside [1, kMaxThreads], naming the function.
void requireThreads(const char* function, int threads);

/// The listener an overload with one was given; NullArgument, naming the function, if it is null.
ProgressListener* requireListener(const char* function, ProgressListener* listener);

/// Runs task(i) for every i in [0, tasks) on up to `threads` threads: the caller's, and helpers from a
/// pool kept between calls (fewer when no thread can be started). Tasks run in no fixed order, so each
/// must write only its own part of the output; a result that must not depend on the thread count is
/// reduced by the caller, in task order, afterwards. A task may call parallelFor itself.
///
/// task(i) returns how many units of work it did. With a listener, progress is reported as
/// onProgress(units done so far, totalUnits), one call at a time and only on the calling thread (which
/// also runs tasks): after each of its own tasks, and while it waits for the other threads, whenever
/// they finished more; the last report, when nothing failed, says totalUnits. The listener is in use
/// (StateError on close()) for the whole call. When the listener returns false, or a task throws, the
/// remaining tasks are skipped, the threads joined, and OperationCancelled
/// ("<function>: cancelled by the listener after <done> of <totalUnits> <unit>") or that exception is
/// thrown.
void parallelFor(const char* function, int threads, long long tasks, const std::function<long long(long long)>& task,
                 ProgressListener* listener = nullptr, long long totalUnits = 0, const char* unit = "");

/// Tells the listener (if any) that `done` of `total` units are finished, for operations that
/// report between their own phases (an iteration, a time step). Call it on the calling thread.
/// \throws OperationCancelled if the listener returns false
void reportProgress(const char* function, ProgressListener* listener, long long done, long long total,
                    const char* unit);

}  // namespace mymodule::detail
