// KMeans: k-means clustering with k-means++ seeding, multi-threaded and deterministic.
#pragma once

#include <vector>

#include "mymodule/common.h"
#include "mymodule/progress.h"

namespace mymodule {

/// k-means clustering of n points in d dimensions (float, row-major n x d): k-means++ seeding from
/// a seed, then Lloyd iterations until the relative change of the inertia falls below the
/// tolerance or the iteration limit is reached.
///
/// Deterministic: for the same data, k, seed, iteration limit and tolerance the result is
/// bit-for-bit the same whatever the number of threads (per-block partial sums over fixed row
/// blocks, reduced in block order, in double). It may differ in the last bits between CPUs with
/// different SIMD paths (simdPath()).
///
/// Distances: labels come from the expansion |c|^2 - 2 x.c (float, SIMD; a near-tie may go either
/// way, by a few float ulps of |x|^2 + |c|^2; a point whose expansion overflows the float range,
/// with coordinates near FLT_MAX, is assigned by direct distances in double instead); the distance
/// of each point to its chosen centroid is then recomputed directly as |x - c|^2 (in double), so
/// inertia() does not suffer from the expansion's cancellation, nor overflow. Work per assignment: 2*n*k*d flops. An empty cluster is repaired by
/// moving into it the point farthest from its own centroid (ties: the lowest index), taken from a
/// cluster that keeps at least one point. getLabels() and inertia() belong to the final centroids
/// (one more assignment after the last update).
///
/// Output arrays must have at least the needed length (k*d, n or m); longer ones are written only
/// at the front. Every check runs before anything is written. Threads: fit() and the setters change
/// the object, so they need it alone (StateError during another call); the getters and predict() may
/// run together. close() as in Resource.
class MYMODULE_API KMeans : public Resource {
public:
    /// \param k number of clusters, at least 1 (and at most n, checked by fit)
    /// \throws std::invalid_argument if k < 1
    explicit KMeans(int k);
    KMeans(const KMeans&) = delete;
    KMeans& operator=(const KMeans&) = delete;

    /// Seed of the k-means++ seeding (splitmix64, the same on every platform); default 0.
    KMeans& seed(long long seed);
    /// Number of threads, the caller's included; default 1.
    /// \throws std::invalid_argument if threads is outside [1, 256]
    KMeans& threads(int threads);
    /// Most Lloyd iterations; default 100.
    /// \throws std::invalid_argument if maxIterations < 1
    KMeans& maxIterations(int maxIterations);
    /// Lloyd stops once |previous inertia - inertia| <= tolerance * inertia; default 1e-4, 0 runs
    /// every iteration up to maxIterations (unless the inertia stops changing at all).
    /// \throws std::invalid_argument if tolerance is negative or NaN
    KMeans& tolerance(double tolerance);

    /// Clusters n points of d coordinates each. On success the previous result is replaced; on an
    /// exception (bad input, cancellation) the previous result, if any, is left as it was.
    /// \param data n * d values, row-major; exactly n * d long (a longer array is rejected too, it
    ///        usually means wrong n or d)
    /// \param n number of points, at least k
    /// \param d number of coordinates per point, at least 1
    /// \throws std::invalid_argument if n < k, d < 1, data.size() != n * d, or data holds a NaN or
    ///         infinite value (the message gives its index)
    void fit(Span<const float> data, long long n, int d);
    /// The same, telling the listener after each Lloyd iteration (done = iterations so far, total =
    /// maxIterations); returning false stops the fit within one iteration.
    /// \throws OperationCancelled if the listener returned false (the previous result is kept)
    void fit(Span<const float> data, long long n, int d, ProgressListener* listener);

    /// True once a fit has succeeded.
    bool fitted() const;
    /// Number of clusters.
    int k() const;
    /// Sum over all points of the squared distance to the nearest final centroid.
    /// \throws std::logic_error before a successful fit
    double inertia() const;
    /// Lloyd iterations the last fit ran (1 to maxIterations).
    /// \throws std::logic_error before a successful fit
    int iterations() const;
    /// Copies the k x d centroids, row-major, into out (at least k * d long).
    /// \throws std::logic_error before a successful fit
    /// \throws std::invalid_argument if out is shorter than k * d
    void getCentroids(Span<float> out) const;
    /// Copies the k-means++ seeds the last fit started Lloyd from (k x d, row-major; always rows of
    /// the data), so a test can replay Lloyd from the same start.
    /// \throws std::logic_error before a successful fit
    /// \throws std::invalid_argument if out is shorter than k * d
    void getInitialCentroids(Span<float> out) const;
    /// Copies the cluster (0 to k-1) of each of the n fitted points into out (at least n long).
    /// \throws std::logic_error before a successful fit
    /// \throws std::invalid_argument if out is shorter than n
    void getLabels(Span<int> out) const;
    /// Nearest final centroid of each of m new points (ties: the lowest cluster index).
    /// \param points m * d values, row-major, exactly m * d long, finite
    /// \param m number of points, at least 0
    /// \param labelsOut receives m cluster indices (at least m long)
    /// \throws std::logic_error before a successful fit
    /// \throws std::invalid_argument if m < 0, points.size() != m * d, labelsOut is shorter than m
    ///         or points holds a NaN or infinite value
    void predict(Span<const float> points, long long m, Span<int> labelsOut) const;

private:
    void release() noexcept override;
    void fitImpl(Span<const float> data, long long n, int d, ProgressListener* listener);

    int k_;  // set once, by the constructor
    long long seed_ = 0;
    int threads_ = 1;
    int maxIterations_ = 100;
    double tolerance_ = 1e-4;

    Shared<bool> fitted_ = false;
    long long n_ = 0;
    int d_ = 0;
    Shared<int> iterations_ = 0;
    Shared<double> inertia_ = 0;
    std::vector<float> centroids_;
    std::vector<float> initial_;
    std::vector<int> labels_;
};

/// One Lloyd step's work on one batch of points, for callers that spread the points over machines
/// or read them in chunks (a Spark partition, a file) and reduce the batches themselves: assigns
/// each of the m points to its nearest centroid and ADDS it to that cluster's sum and count.
///
/// It runs KMeans's own assignment kernel on the same SIMD path (the one simdPath() names), so for
/// the same centroids the labels are those KMeans::predict and KMeans::fit give (ties: the lowest
/// cluster index). Points are added in row order, in double, on the calling thread: batches
/// reduced in a fixed order give reproducible sums, equal to KMeans's own up to the order of the
/// double additions.
///
/// \param points m * d values, row-major, exactly m * d long, finite
/// \param m number of points, at least 0 (0 adds nothing and returns 0)
/// \param d number of coordinates per point, at least 1
/// \param centroids k * d values, row-major, exactly k * d long, finite
/// \param k number of centroids, at least 1
/// \param sums running per-cluster sums, at least k * d long: a point x with label c is added to
///        sums[c * d + j]; not cleared first (zero it before the first batch)
/// \param counts running per-cluster counts, at least k long: counts[c] += 1 for each point with
///        label c; not cleared first
/// \return the batch inertia: the sum over the m points of |x - c|^2 to the chosen centroid,
///         recomputed directly (in double) as KMeans::inertia() is
/// \throws std::invalid_argument if k < 1, d < 1, m < 0, points.size() != m * d,
///         centroids.size() != k * d, sums or counts is too short, or points or centroids hold a
///         NaN or infinite value (the message gives its index); nothing is written then
MYMODULE_API double accumulateClusters(Span<const float> points, long long m, int d, Span<const float> centroids, int k,
                          Span<double> sums, Span<long long> counts);

/// Nearest of k centroids for each of m points, with KMeans's assignment kernel (the labels
/// KMeans::predict gives for the same centroids; ties: the lowest cluster index), on the calling
/// thread.
/// \param points m * d values, row-major, exactly m * d long, finite
/// \param m number of points, at least 0
/// \param d number of coordinates per point, at least 1
/// \param centroids k * d values, row-major, exactly k * d long, finite
/// \param k number of centroids, at least 1
/// \param labelsOut receives m cluster indices (at least m long; a longer one is written at the front)
/// \return the batch inertia, as accumulateClusters returns it
/// \throws std::invalid_argument as accumulateClusters does, or if labelsOut is shorter than m
MYMODULE_API double assignClusters(Span<const float> points, long long m, int d, Span<const float> centroids, int k,
                      Span<int> labelsOut);

}  // namespace mymodule
