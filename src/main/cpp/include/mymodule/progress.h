// Progress reports with cancellation, which every long operation shares (parallelSum, k-means,
// images, N-body). Below the domain headers and src/parallel.h, which include it; the exception a
// cancelled operation throws, OperationCancelled, is in common.h, which JavaCPP does not parse.
#pragma once

#include "mymodule/common.h"
#include "mymodule/resource.h"

namespace mymodule {

/// Receives progress reports from long operations and can cancel them. Operations call it on the
/// thread that called them, never on their worker threads, one call at a time. An operation uses its
/// listener from start to end: closing the listener meanwhile (also from inside onProgress) throws
/// StateError. One listener may serve several operations at once.
class MYMODULE_API ProgressListener : public Resource {
public:
    ProgressListener() noexcept;
    ProgressListener(const ProgressListener&) = delete;
    ProgressListener& operator=(const ProgressListener&) = delete;

    /// Called after each piece of work. An exception thrown here cancels the operation, which then
    /// throws it (from Java: the same Throwable).
    /// \param done units of work finished so far, increasing from call to call
    /// \param total units of work in the whole operation
    /// \return true to go on, false to cancel the operation; this base class always goes on, so a
    ///         plain ProgressListener (`new ProgressListener()` from Java) ignores progress
    virtual bool onProgress(long long done, long long total);
};

}  // namespace mymodule
