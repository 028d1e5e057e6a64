// The k-means kernels with their SIMD variants (cluster_simd.cpp), chosen once with cpuIsa().
#pragma once

#include <cstddef>

#include "simd.h"

namespace mymodule::detail {

/// Centroids laid out for the assignment kernels. Centroids are taken in groups of `lanes`
/// (the SIMD width); group g is a panel of d rows of `lanes` floats holding -2 * c[g*lanes + l][j],
/// padded with zeros, and norms[c] = |c|^2 (+infinity for padding), so that
/// norms[c] + sum_j x[j] * panel[j][c] = |c|^2 - 2 x.c, whose argmin is the nearest centroid.
struct CentroidPanels {
    const float* panels;     ///< kPad / lanes panels of d * lanes floats
    const float* norms;      ///< kPad floats
    const float* centroids;  ///< k * d floats, row-major: the plain centroids
    int k, kPad, d;
};

/// Assigns `rows` points (row-major, d floats each) to their nearest centroid (ties: the lowest
/// index). Writes labels[i]; if dist is not null, dist[i] = |x_i - c_label|^2 computed directly
/// (float differences, double sums); if sums is not null, adds each point to sums[label * d + j]
/// (double) and counts[label]. Points are added in row order, so a block's sums are deterministic.
using AssignKernel = void (*)(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                              double* sums, long long* counts);

/// For k-means++ seeding: minDist[i] = min(minDist[i], |x_i - c|^2) for `rows` points, distances
/// computed directly (float differences, double sums), as in AssignKernel's dist.
using MinDistKernel = void (*)(const float* x, std::size_t rows, int d, const float* c, double* minDist);

void assignBaseline(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                    double* sums, long long* counts);
void minDistBaseline(const float* x, std::size_t rows, int d, const float* c, double* minDist);
#if defined(__x86_64__)
void assignAvx2(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                double* sums, long long* counts);
void minDistAvx2(const float* x, std::size_t rows, int d, const float* c, double* minDist);
void assignAvx512(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                  double* sums, long long* counts);
void minDistAvx512(const float* x, std::size_t rows, int d, const float* c, double* minDist);
#endif
#if defined(__aarch64__)
void assignNeon(const float* x, std::size_t rows, const CentroidPanels& c, int* labels, double* dist,
                double* sums, long long* counts);
void minDistNeon(const float* x, std::size_t rows, int d, const float* c, double* minDist);
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
