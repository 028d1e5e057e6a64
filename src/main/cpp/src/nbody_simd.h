// The N-body force kernels, one per instruction set (nbody_simd.cpp), chosen with cpuIsa().
#pragma once

#include <cstddef>

#include "simd.h"

namespace mymodule::detail {

/// Bodies as structure of arrays, each padded to a multiple of 16 elements. m25 = 2.5 m and
/// m15 = 1.5 m serve the rsqrt kernels' refinement step (see nbody_simd.cpp).
struct BodyArrays {
    const float* x;
    const float* y;
    const float* z;
    const float* m;
    const float* m25;
    const float* m15;
};

/// For every body i in [i0, i1) (i0 and i1 multiples of 16), adds to (ax, ay, az)[i], in order of j,
/// the pull of each body j in [j0, j1):  m_j (r_j - r_i) / (|r_j - r_i|^2 + eps2)^(3/2).
/// A pair with |r_j - r_i|^2 + eps2 <= eps2 in float (the same position, including j = i) adds 0
/// when `masked`; unmasked kernels skip that test and are only used when it cannot matter (see
/// nbody.cpp). Each body's sum is made in one fixed order, whatever range a thread is given.
using AccelKernel = void (*)(const BodyArrays& b, std::size_t i0, std::size_t i1, std::size_t j0, std::size_t j1,
                             float eps2, bool masked, float* ax, float* ay, float* az);

/// The kernels of one instruction set; nbody_simd.cpp says how each path forms r2^(-3/2).
struct NBodyKernels {
    AccelKernel accel;
};

/// The kernels of isa, one the CPU has (cpuHas).
const NBodyKernels& nbodyKernels(Isa isa = cpuIsa());

}  // namespace mymodule::detail
