// The k-means kernels with their SIMD variants (kmeans_simd.cpp), chosen once with cpuIsa().
#pragma once

#include <cstddef>
#include <cstdint>

#include "simd.h"

namespace mymodule::detail {

/// Centroids laid out for the assignment kernels. Centroids are taken in groups of `lanes`
/// (the SIMD width); group g is a panel of d rows of `lanes` floats holding -2 * c[g*lanes + l][j],
/// padded with zeros, and norms[c] = |c|^2 (FLT_MAX for padding: finite, and never below a real
/// centroid's finite value, which comes first and so wins a tie), so that
/// norms[c] + sum_j x[j] * panel[j][c] = |c|^2 - 2 x.c, whose argmin is the nearest centroid.
struct CentroidPanels {
    const float* panels;     ///< kPad / lanes panels of d * lanes floats
    const float* norms;      ///< kPad floats
    const float* centroids;  ///< k * d floats, row-major: the plain centroids
    int k, kPad, d;
};

/// Writes k centroids (k x d, row-major) in that layout: panels gets kPad * d floats and norms kPad
/// floats, kPad being k rounded up to a multiple of lanes.
void fillPanels(const float* centroids, int k, int d, int lanes, float* panels, float* norms);

/// Assigns `rows` points (row-major, d floats each) to their nearest centroid (ties: the lowest
/// index). A row with any non-finite |c|^2 - 2 x.c (an overflow) is assigned by direct distances in
/// double instead, so a label is always in [0, k). Each row's label is computed with the same
/// arithmetic wherever the row sits in x (a gathered subset of rows gets the labels the whole set
/// gives them). Writes labels[i]; if second is not null, second[i] = the row's second smallest
/// |c|^2 - 2 x.c over the other centroids (FLT_MAX if k = 1, NaN for a row assigned by direct
/// distances); then what FinishKernel writes for dist, sums and counts.
using AssignKernel = void (*)(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                              double* sums, long long* counts, float* second);

/// For rows already labelled: if dist is not null, dist[i] = |x_i - c_label|^2 computed directly
/// (double differences and sums, the same arithmetic for every row); if sums is not null, adds each
/// point to sums[label * d + j] (double) and counts[label], in row order, so a block's sums are
/// deterministic.
using FinishKernel = void (*)(const float* x, std::size_t rows, int d, const float* centroids, const int* labels,
                              double* dist, double* sums, long long* counts);

/// For k-means++ seeding, after seed number `seed` was chosen: for each of `rows` points whose
/// nearest seed so far, nearest[i], is not ruled out by the triangle inequality (separation[a] =
/// |seed a - new seed|^2 >= 4 * minDist[i] means the new seed cannot be closer, and the row is not
/// even read), computes |x_i - c|^2 directly (float differences, double sums, as AssignKernel's
/// dist) and, if smaller, stores it in minDist[i] and `seed` in nearest[i].
using MinDistKernel = void (*)(const float* x, std::size_t rows, int d, const float* c, const double* separation,
                               int seed, double* minDist, int* nearest);

/// |a - b|^2 of two rows of d floats, in double (double differences): exact enough for any finite values.
double exactSqDist(const float* a, const float* b, int d);

/// Point-centroid distance computations of the last KMeans fit (on any thread): done by the
/// assignment kernel, and ruled out by the bounds (each point counted k times per assignment). For
/// benchmarks; defined in kmeans.cpp.
struct DistanceCounts {
    long long computed, skipped;
};
DistanceCounts lastFitDistanceCounts();

/// Hamerly's test for `rows` labelled points: point i keeps its label if l = (lower[i] -
/// move[labels[i]]) * (1 - 1e-9) is positive and l^2 > dist[i] * slope + offset[labels[i]]; then
/// lower[i] = l, else lower[i] = 0 and i is listed in todo. Returns how many were listed.
using BoundKernel = std::size_t (*)(std::size_t rows, const int* labels, const double* dist, const double* move,
                                    const double* offset, double slope, double* lower, std::uint32_t* todo);

/// The kernels of one instruction set, with the panel width they expect.
struct KMeansKernels {
    AssignKernel assign;
    FinishKernel finish;
    MinDistKernel minDist;
    BoundKernel bound;
    int lanes;
};

/// The kernels of isa, one the CPU has (cpuHas).
const KMeansKernels& kmeansKernels(Isa isa = cpuIsa());

}  // namespace mymodule::detail
