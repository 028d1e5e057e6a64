#include "mymodule/nbody.h"

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "check.h"
#include "nbody_simd.h"

using namespace mymodule;

namespace {

constexpr double kPi = 3.14159265358979323846;

std::vector<float> positionsOf(const NBody& sim) {
    std::vector<float> xyz(3 * static_cast<std::size_t>(sim.size()));
    sim.getPositions({xyz.data(), xyz.size()});
    return xyz;
}

// The obvious reference: a_i = sum_j m_j d / (d.d + eps2)^1.5 in double, coincident pairs skipped.
void referenceAccelerations(const std::vector<float>& x, const std::vector<float>& y, const std::vector<float>& z,
                            const std::vector<float>& m, std::size_t n, double eps2, std::vector<double>& a) {
    a.assign(3 * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const double dx = double(x[j]) - x[i], dy = double(y[j]) - y[i], dz = double(z[j]) - z[i];
            const double d2 = dx * dx + dy * dy + dz * dz;
            if (d2 == 0) continue;
            const double s = m[j] / std::pow(d2 + eps2, 1.5);
            a[3 * i] += dx * s, a[3 * i + 1] += dy * s, a[3 * i + 2] += dz * s;
        }
    }
}

void everyKernelMatchesTheReference() {
    const std::size_t n = 37, padded = 48;  // not a multiple of any vector width
    std::vector<float> x(padded), y(padded), z(padded), m(padded);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = static_cast<float>(std::sin(1.3 * double(i))), y[i] = static_cast<float>(std::cos(0.7 * double(i)));
        z[i] = static_cast<float>(std::sin(2.9 * double(i) + 1)), m[i] = 0.5f + static_cast<float>(i % 5) * 0.25f;
    }
    x[5] = x[4], y[5] = y[4], z[5] = z[4];  // two coincident bodies
    std::vector<float> m25(padded), m15(padded);
    for (std::size_t i = 0; i < padded; ++i) m25[i] = 2.5f * m[i], m15[i] = 1.5f * m[i];
    const detail::BodyArrays b{x.data(), y.data(), z.data(), m.data(), m25.data(), m15.data()};
    for (float eps : {0.0f, 0.05f}) {
        std::vector<double> expected;
        referenceAccelerations(x, y, z, m, n, double(eps) * eps, expected);
        forEachIsa([&](detail::Isa isa) {
            const detail::AccelKernel kernel = detail::nbodyKernels(isa).accel;
            for (bool masked : {true, false}) {
                if (eps == 0 && !masked) continue;  // unmasked needs eps > 0 (j = i would divide by 0)
                std::vector<float> ax(padded), ay(padded), az(padded);
                kernel(b, 0, 32, 0, 20, eps * eps, masked, ax.data(), ay.data(), az.data());  // two j tiles, in order
                kernel(b, 0, 32, 20, n, eps * eps, masked, ax.data(), ay.data(), az.data());
                kernel(b, 32, 48, 0, n, eps * eps, masked, ax.data(), ay.data(), az.data());
                for (std::size_t i = 0; i < n; ++i) {
                    const double scale = std::fabs(expected[3 * i]) + std::fabs(expected[3 * i + 1]) +
                                         std::fabs(expected[3 * i + 2]) + 1;
                    CHECK(near(ax[i], expected[3 * i], 1e-5 * scale));
                    CHECK(near(ay[i], expected[3 * i + 1], 1e-5 * scale));
                    CHECK(near(az[i], expected[3 * i + 2], 1e-5 * scale));
                }
            }
        });
    }
}

void circularBinaryReturnsAfterOnePeriod() {
    NBody sim = NBody::circularBinary();
    const std::vector<float> start = positionsOf(sim);
    CHECK(sim.size() == 2 && sim.getSoftening() == 0 && near(sim.getTimeStep(), 2 * kPi / 1000, 1e-15));
    sim.step(1000);
    CHECK(near(sim.time(), 2 * kPi, 1e-9) && sim.steps() == 1000);
    const std::vector<float> end = positionsOf(sim);
    // Leapfrog's phase error on a circular orbit is (w dt)^2 / 24 per radian: 2 pi (w dt)^2 / 24 = 1e-5
    // per period here, times the radius 0.5. The tolerance is 10 times that.
    const double w_dt = 2 * kPi / 1000, tolerance = 10 * 0.5 * 2 * kPi * w_dt * w_dt / 24;
    for (std::size_t k = 0; k < start.size(); ++k) CHECK(near(end[k], start[k], tolerance));
}

void plummerConservesEnergyAndMomentum() {
    NBody sim = NBody::plummer(200, 1);  // small: this test also runs under qemu
    double p0[3], c0[3];
    sim.getMomentum({p0, 3});
    sim.getCenterOfMass({c0, 3});
    CHECK(near(p0[0], 0, 1e-6) && near(c0[0], 0, 1e-6));
    const double e0 = sim.totalEnergy();
    CHECK(near(e0, -0.25, 0.05));  // N-body units, up to sampling noise and the radius cut
    sim.threads(2).step(100);
    double p1[3];
    sim.getMomentum({p1, 3});
    for (int k = 0; k < 3; ++k) CHECK(near(p1[k], p0[k], 1e-5));
    CHECK(std::fabs(sim.totalEnergy() - e0) < 1e-5 * std::fabs(e0));  // 10 dt^2: see NBodyTest
}

void resultsDoNotDependOnThreads() {
    NBody a = NBody::plummer(520, 1), b = NBody::plummer(520, 1);  // over the one-thread limit (512)
    a.threads(1).step(2);
    b.threads(3).step(2);
    const std::vector<float> pa = positionsOf(a), pb = positionsOf(b);
    CHECK(std::memcmp(pa.data(), pb.data(), pa.size() * sizeof(float)) == 0);
    CHECK(a.totalEnergy() == b.threads(1).totalEnergy());
}

void cancelStopsBetweenSteps() {
    NBody sim = NBody::circularBinary(), reference = NBody::circularBinary();
    CountingListener listener(3);
    CHECK_THROWS(OperationCancelled, sim.step(10, &listener));
    CHECK(listener.calls == 3 && sim.steps() == 3);
    reference.step(3);
    CHECK(positionsOf(sim) == positionsOf(reference));
    CountingListener never(100);
    sim.step(2, &never);
    CHECK(never.calls == 2 && never.lastDone == 2 && sim.steps() == 5);
}

void edgeCases() {
    NBody one(1);  // a lone body drifts in a straight line
    const float v[3] = {1, 2, 3}, x[3] = {0, 0, 0};
    one.positions({x, 3}).velocities({v, 3}).timeStep(0.5).step(4);
    const std::vector<float> p = positionsOf(one);
    CHECK(p[0] == 2 && p[1] == 4 && p[2] == 6);
    CHECK(near(one.totalEnergy(), 0.5 * 14, 1e-12));

    NBody pair(2);  // coincident bodies: finite with and without softening
    const float same[6] = {1, 1, 1, 1, 1, 1};
    for (double eps : {0.0, 0.1}) {
        pair.positions({same, 6}).softening(eps).step(5);
        for (float c : positionsOf(pair)) CHECK(std::isfinite(c));
        CHECK(std::isfinite(pair.totalEnergy()));
    }

    NBody massless(2);  // a massless body feels the other but does not pull it
    const float xy[6] = {0, 0, 0, 1, 0, 0}, m[2] = {1, 0};
    massless.positions({xy, 6}).masses({m, 2}).softening(0).step(1);
    const std::vector<float> q = positionsOf(massless);
    CHECK(q[0] == 0 && q[3] < 1);

    std::vector<float> view(positionsOf(massless));
    const Span<const float> span = massless.positionsView();
    CHECK(span.size() == 6 && std::vector<float>(span.begin(), span.end()) == view);
}

void badInputLeavesStateUnchanged() {
    NBody sim(2);
    const float good[6] = {0, 0, 0, 1, 0, 0}, nan[6] = {0, 0, 0, NAN, 0, 0}, neg[2] = {1, -1};
    sim.positions({good, 6});
    CHECK_THROWS(std::invalid_argument, NBody(0));
    CHECK_THROWS(std::invalid_argument, NBody(-1));
    CHECK_THROWS(std::invalid_argument, NBody::plummer(0, 1));
    CHECK_THROWS(std::invalid_argument, sim.positions({good, 5}));
    CHECK_THROWS(std::invalid_argument, sim.positions({nullptr, 6}));
    CHECK_THROWS(std::invalid_argument, sim.positions({nan, 6}));
    CHECK_THROWS(std::invalid_argument, sim.velocities({nan, 6}));
    CHECK_THROWS(std::invalid_argument, sim.masses({neg, 2}));
    CHECK_THROWS(std::invalid_argument, sim.masses({good, 3}));
    CHECK_THROWS(std::invalid_argument, sim.timeStep(0));
    CHECK_THROWS(std::invalid_argument, sim.timeStep(NAN));
    CHECK_THROWS(std::invalid_argument, sim.softening(-1));
    CHECK_THROWS(std::invalid_argument, sim.gravity(INFINITY));
    CHECK_THROWS(std::invalid_argument, sim.threads(0));
    CHECK_THROWS(std::invalid_argument, sim.step(-1));
    double three[3];
    CHECK_THROWS(std::invalid_argument, sim.getMomentum({three, 2}));
    CHECK(positionsOf(sim) == std::vector<float>(good, good + 6));
    CHECK(sim.getTimeStep() == 0.001 && sim.getSoftening() == 0.01 && sim.getGravity() == 1 && sim.getThreads() == 1);
    try {
        sim.positions({nan, 6});
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()) == "NBody.positions: xyz[3] must be finite, got nan");
    }
}

}  // namespace

int main() {
    everyKernelMatchesTheReference();
    circularBinaryReturnsAfterOnePeriod();
    plummerConservesEnergyAndMomentum();
    resultsDoNotDependOnThreads();
    cancelStopsBetweenSteps();
    edgeCases();
    badInputLeavesStateUnchanged();
    return failures;
}
