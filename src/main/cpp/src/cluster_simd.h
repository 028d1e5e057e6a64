// The k-means kernels with their SIMD variants (cluster_simd.cpp), chosen once with cpuIsa().
#pragma once

#include <cstddef>

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
/// double instead, so a label is always in [0, k). Writes labels[i]; if dist is not null, dist[i] = |x_i - c_label|^2 computed directly
/// (double differences and sums); if sums is not null, adds each point to sums[label * d + j]
/// (double) and counts[label]. Points are added in row order, so a block's sums are deterministic.
using AssignKernel = void (*)(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                              double* sums, long long* counts);

/// For k-means++ seeding, after seed number `seed` was chosen: for each of `rows` points whose
/// nearest seed so far, nearest[i], is not ruled out by the triangle inequality (separation[a] =
/// |seed a - new seed|^2 >= 4 * minDist[i] means the new seed cannot be closer, and the row is not
/// even read), computes |x_i - c|^2 directly (float differences, double sums, as AssignKernel's
/// dist) and, if smaller, stores it in minDist[i] and `seed` in nearest[i].
using MinDistKernel = void (*)(const float* x, std::size_t rows, int d, const float* c, const double* separation,
                               int seed, double* minDist, int* nearest);

void assignBaseline(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                    double* sums, long long* counts);
void minDistBaseline(const float* x, std::size_t rows, int d, const float* c, const double* separation, int seed,
                 double* minDist, int* nearest);
#if defined(__x86_64__)
void assignAvx2(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                double* sums, long long* counts);
void minDistAvx2(const float* x, std::size_t rows, int d, const float* c, const double* separation, int seed,
                 double* minDist, int* nearest);
void assignAvx512(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                  double* sums, long long* counts);
void minDistAvx512(const float* x, std::size_t rows, int d, const float* c, const double* separation, int seed,
                 double* minDist, int* nearest);
#endif
#if defined(__aarch64__)
void assignNeon(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                double* sums, long long* counts);
void minDistNeon(const float* x, std::size_t rows, int d, const float* c, const double* separation, int seed,
                 double* minDist, int* nearest);
#endif

/// The kernels of one instruction set, with the panel width they expect.
struct ClusterKernels {
    AssignKernel assign;
    MinDistKernel minDist;
    int lanes;
};

/// The kernels for `isa` (an ISA this CPU has: pass cpuIsa(), or baseline).
ClusterKernels clusterKernels(Isa isa);

}  // namespace mymodule::detail
