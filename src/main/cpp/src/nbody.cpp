#include "mymodule/nbody.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>

#include "checks.h"
#include "parallel.h"
#include "nbody_simd.h"

namespace mymodule {

namespace {

constexpr int kMaxBodies = 1 << 26;              // 3.8 GB of state; a step would take days anyway
constexpr std::size_t kPad = 16;                 // the widest vector (AVX-512) in floats
constexpr std::size_t kTaskBodies = 64;          // bodies per thread task (a multiple of kPad)
constexpr std::size_t kTileBodies = 1024;        // bodies j per tile: x, y, z, 2.5 m, 1.5 m = 20 KiB, in L1
constexpr int kSerialBelow = 512;                // fewer bodies: one thread (a step is ~0.1 ms)
constexpr double kPi = 3.14159265358979323846;

// The size a simulation can have: "n must be in [1, 67108864], got 0".
void requireBodies(const char* function, int n) { detail::requireRange(function, "n", n, 1, kMaxBodies); }

// Uniform in (0, 1) from the top 53 bits: the same numbers on every platform (unlike std::uniform_real_distribution).
double uniform(std::mt19937_64& rng) { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; }

// A random vector of length r, isotropic.
void isotropic(std::mt19937_64& rng, double r, double& x, double& y, double& z) {
    z = (1 - 2 * uniform(rng)) * r;
    const double rxy = std::sqrt(std::max(r * r - z * z, 0.0)), phi = 2 * kPi * uniform(rng);
    x = rxy * std::cos(phi);
    y = rxy * std::sin(phi);
}

}  // namespace

NBody::NBody(int n) : Resource("NBody") {
    requireBodies("NBody", n);
    n_ = n;
    padded_ = (static_cast<std::size_t>(n) + kPad - 1) / kPad * kPad;
    for (auto* v : {&x_, &y_, &z_, &vx_, &vy_, &vz_, &m_, &m25_, &m15_, &ax_, &ay_, &az_}) v->assign(padded_, 0.0f);
    std::fill(m_.begin(), m_.begin() + n, static_cast<float>(1.0 / n));
    updateMassTerms();
    view_ = std::make_shared<std::vector<float>>(3 * static_cast<std::size_t>(n), 0.0f);
}

NBody::NBody(int n, long long seed, PlummerTag) : NBody(n) {
    std::mt19937_64 rng(static_cast<std::uint64_t>(seed));
    const double lengthScale = 3 * kPi / 16, speedScale = std::sqrt(16 / (3 * kPi));  // Henon units -> N-body units
    double cx = 0, cy = 0, cz = 0, cvx = 0, cvy = 0, cvz = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
        double r;
        do {
            r = 1 / std::sqrt(std::pow(uniform(rng), -2.0 / 3.0) - 1);  // inverts the Plummer cumulative mass
        } while (r > 10);
        double x, y, z;
        isotropic(rng, r * lengthScale, x, y, z);
        double q, g;  // speed / escape speed, by rejection from q^2 (1 - q^2)^3.5 (its maximum is < 0.1)
        do {
            q = uniform(rng);
            g = 0.1 * uniform(rng);
        } while (g > q * q * std::pow(1 - q * q, 3.5));
        double vx, vy, vz;
        isotropic(rng, q * std::sqrt(2.0) * std::pow(1 + r * r, -0.25) * speedScale, vx, vy, vz);
        x_[i] = static_cast<float>(x), y_[i] = static_cast<float>(y), z_[i] = static_cast<float>(z);
        vx_[i] = static_cast<float>(vx), vy_[i] = static_cast<float>(vy), vz_[i] = static_cast<float>(vz);
        cx += x, cy += y, cz += z, cvx += vx, cvy += vy, cvz += vz;
    }
    const double inv = 1.0 / n;  // equal masses: the centre of mass is the mean
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
        x_[i] = static_cast<float>(x_[i] - cx * inv), y_[i] = static_cast<float>(y_[i] - cy * inv);
        z_[i] = static_cast<float>(z_[i] - cz * inv), vx_[i] = static_cast<float>(vx_[i] - cvx * inv);
        vy_[i] = static_cast<float>(vy_[i] - cvy * inv), vz_[i] = static_cast<float>(vz_[i] - cvz * inv);
    }
    updateView();
}

NBody::NBody(BinaryTag) : NBody(2) {
    x_[0] = 0.5f, x_[1] = -0.5f;
    vy_[0] = 0.5f, vy_[1] = -0.5f;  // G (m1 + m2) / d^3 = 1: angular speed 1, speed 0.5 at radius 0.5
    eps_ = 0;
    dt_ = 2 * kPi / 1000;
    updateView();
}

NBody NBody::plummer(int n, long long seed) {
    requireBodies("NBody.plummer", n);
    return NBody(n, seed, PlummerTag{});
}

NBody NBody::circularBinary() { return NBody(BinaryTag{}); }

void NBody::release() noexcept {
    for (auto* v : {&x_, &y_, &z_, &vx_, &vy_, &vz_, &m_, &m25_, &m15_, &ax_, &ay_, &az_}) std::vector<float>().swap(*v);
    view_.reset();  // a positionsView() still held keeps its memory
}

int NBody::size() const {
    return snapshot("size", [this] { return n_; });
}
double NBody::time() const {
    return snapshot("time", [this] { return time_.get(); });
}
long long NBody::steps() const {
    return snapshot("steps", [this] { return steps_.get(); });
}
double NBody::getGravity() const {
    return snapshot("getGravity", [this] { return g_.get(); });
}
double NBody::getSoftening() const {
    return snapshot("getSoftening", [this] { return eps_.get(); });
}
double NBody::getTimeStep() const {
    return snapshot("getTimeStep", [this] { return dt_.get(); });
}
int NBody::getThreads() const {
    return snapshot("getThreads", [this] { return threads_.get(); });
}

NBody& NBody::positions(Span<const float> xyz) {
    const detail::Use use(*this, "positions", detail::Use::changing);
    detail::requireLength("NBody.positions", "xyz", xyz, 3 * static_cast<std::size_t>(n_), "floats (3n)");
    detail::requireFinite("NBody.positions", "xyz", xyz);
    for (std::size_t i = 0; i < static_cast<std::size_t>(n_); ++i) {
        x_[i] = xyz[3 * i], y_[i] = xyz[3 * i + 1], z_[i] = xyz[3 * i + 2];
    }
    accelerationsValid_ = false;
    updateView();
    return *this;
}

NBody& NBody::velocities(Span<const float> vxyz) {
    const detail::Use use(*this, "velocities", detail::Use::changing);
    detail::requireLength("NBody.velocities", "vxyz", vxyz, 3 * static_cast<std::size_t>(n_), "floats (3n)");
    detail::requireFinite("NBody.velocities", "vxyz", vxyz);
    for (std::size_t i = 0; i < static_cast<std::size_t>(n_); ++i) {
        vx_[i] = vxyz[3 * i], vy_[i] = vxyz[3 * i + 1], vz_[i] = vxyz[3 * i + 2];
    }
    return *this;
}

NBody& NBody::masses(Span<const float> m) {
    const detail::Use use(*this, "masses", detail::Use::changing);
    detail::requireLength("NBody.masses", "m", m, static_cast<std::size_t>(n_), "floats (n)");
    for (std::size_t i = 0; i < m.size(); ++i) {
        if (!(m[i] >= 0) || !std::isfinite(m[i])) {
            detail::violated("NBody.masses", detail::element("m", i), "be finite and >= 0", detail::text(m[i]));
        }
    }
    std::copy(m.begin(), m.end(), m_.begin());
    updateMassTerms();
    accelerationsValid_ = false;
    return *this;
}

NBody& NBody::gravity(double g) {
    const detail::Use use(*this, "gravity", detail::Use::changing);
    detail::requireFinite("NBody.gravity", "g", g);
    g_ = g;
    accelerationsValid_ = false;
    return *this;
}

NBody& NBody::softening(double eps) {
    const detail::Use use(*this, "softening", detail::Use::changing);
    if (!(eps >= 0) || !std::isfinite(eps)) detail::violated("NBody.softening", "eps", "be finite and >= 0", detail::text(eps));
    eps_ = eps;
    accelerationsValid_ = false;
    return *this;
}

NBody& NBody::timeStep(double dt) {
    const detail::Use use(*this, "timeStep", detail::Use::changing);
    if (!(dt > 0) || !std::isfinite(dt)) detail::violated("NBody.timeStep", "dt", "be finite and > 0", detail::text(dt));
    dt_ = dt;
    return *this;
}

NBody& NBody::threads(int threads) {
    const detail::Use use(*this, "threads", detail::Use::changing);
    detail::requireThreads("NBody.threads", threads);
    threads_ = threads;
    return *this;
}

void NBody::computeAccelerations() {
    const float eps2 = static_cast<float>(eps_ * eps_);
    // Unmasked kernels are safe when no pair can overflow: coincident bodies (j = i included) then
    // add m d s = 0 exactly, as the mask would. That needs m_max / eps^3 well inside float range.
    const float maxMass = *std::max_element(m_.begin(), m_.begin() + n_);
    const bool masked = !(eps2 >= 1e-20f && static_cast<double>(maxMass) / (static_cast<double>(eps2) * eps_) < 1e30);
    const detail::BodyArrays bodies{x_.data(), y_.data(), z_.data(), m_.data(), m25_.data(), m15_.data()};
    const detail::AccelKernel kernel = detail::nbodyKernels().accel;
    const auto n = static_cast<std::size_t>(n_);
    const long long tasks = static_cast<long long>((padded_ + kTaskBodies - 1) / kTaskBodies);
    const float g = static_cast<float>(g_);
    detail::parallelFor("NBody.step", n_ < kSerialBelow ? 1 : threads_.get(), tasks, [&](long long t) {
        const std::size_t i0 = static_cast<std::size_t>(t) * kTaskBodies, i1 = std::min(i0 + kTaskBodies, padded_);
        std::fill(ax_.begin() + static_cast<std::ptrdiff_t>(i0), ax_.begin() + static_cast<std::ptrdiff_t>(i1), 0.0f);
        std::fill(ay_.begin() + static_cast<std::ptrdiff_t>(i0), ay_.begin() + static_cast<std::ptrdiff_t>(i1), 0.0f);
        std::fill(az_.begin() + static_cast<std::ptrdiff_t>(i0), az_.begin() + static_cast<std::ptrdiff_t>(i1), 0.0f);
        for (std::size_t j0 = 0; j0 < n; j0 += kTileBodies) {  // tiles of j stay in L1 across the i blocks
            kernel(bodies, i0, i1, j0, std::min(j0 + kTileBodies, n), eps2, masked, ax_.data(), ay_.data(), az_.data());
        }
        for (std::size_t i = i0; i < i1; ++i) ax_[i] *= g, ay_[i] *= g, az_[i] *= g;
        return 1LL;
    });
    accelerationsValid_ = true;
}

void NBody::updateMassTerms() {
    for (std::size_t i = 0; i < padded_; ++i) m25_[i] = 2.5f * m_[i], m15_[i] = 1.5f * m_[i];
}

void NBody::updateView() {
    std::vector<float>& view = *view_;
    for (std::size_t i = 0; i < static_cast<std::size_t>(n_); ++i) {
        view[3 * i] = x_[i], view[3 * i + 1] = y_[i], view[3 * i + 2] = z_[i];
    }
}

void NBody::run(int steps, ProgressListener* listener) {
    if (steps < 0) detail::violated("NBody.step", "steps", "be >= 0", detail::text(steps));
    if (!accelerationsValid_) computeAccelerations();
    const float dt = static_cast<float>(dt_), half = static_cast<float>(0.5 * dt_);
    const auto n = static_cast<std::size_t>(n_);
    for (int s = 0; s < steps; ++s) {
        for (std::size_t i = 0; i < n; ++i) {  // kick half a step, drift a whole one
            vx_[i] += half * ax_[i], vy_[i] += half * ay_[i], vz_[i] += half * az_[i];
            x_[i] += dt * vx_[i], y_[i] += dt * vy_[i], z_[i] += dt * vz_[i];
        }
        computeAccelerations();
        for (std::size_t i = 0; i < n; ++i) {  // kick the other half with the new forces
            vx_[i] += half * ax_[i], vy_[i] += half * ay_[i], vz_[i] += half * az_[i];
        }
        time_ = time_ + dt_;
        steps_ = steps_ + 1;
        updateView();
        detail::reportProgress("NBody.step", listener, s + 1, steps, "steps");  // between steps: a whole state
    }
}

void NBody::step(int steps) {
    const detail::Use use(*this, "step", detail::Use::changing);
    run(steps, nullptr);
}
void NBody::step(int steps, ProgressListener* listener) {
    const detail::Use use(*this, "step", detail::Use::changing);
    run(steps, detail::requireListener("NBody.step", listener));
}

double NBody::totalEnergy() const {
    const detail::Use use(*this, "totalEnergy", detail::Use::reading);
    const auto n = static_cast<std::size_t>(n_);
    constexpr std::size_t rows = 64;
    const long long tasks = static_cast<long long>((n + rows - 1) / rows);
    std::vector<double> potential(static_cast<std::size_t>(tasks));
    const double eps2 = eps_ * eps_;
    detail::parallelFor("NBody.totalEnergy", n_ < kSerialBelow ? 1 : threads_.get(), tasks, [&](long long t) {
        double sum = 0;
        for (std::size_t i = static_cast<std::size_t>(t) * rows; i < std::min(n, (static_cast<std::size_t>(t) + 1) * rows); ++i) {
            double row = 0;
            for (std::size_t j = i + 1; j < n; ++j) {
                const double dx = double(x_[j]) - x_[i], dy = double(y_[j]) - y_[i], dz = double(z_[j]) - z_[i];
                const double r2 = dx * dx + dy * dy + dz * dz + eps2;
                if (r2 > eps2) row += m_[j] / std::sqrt(r2);  // as the force: coincident pairs add nothing
            }
            sum += m_[i] * row;
        }
        potential[static_cast<std::size_t>(t)] = sum;
        return 1LL;
    });
    double kinetic = 0, pot = 0;
    for (std::size_t i = 0; i < n; ++i) {
        kinetic += 0.5 * m_[i] * (double(vx_[i]) * vx_[i] + double(vy_[i]) * vy_[i] + double(vz_[i]) * vz_[i]);
    }
    for (double p : potential) pot += p;  // in task order: the same for every thread count
    return kinetic - g_ * pot;
}

void NBody::getMomentum(Span<double> out) const {
    const detail::Use use(*this, "momentum", detail::Use::reading);
    detail::requireLength("NBody.getMomentum", "out", out, 3, "doubles");
    double p[3] = {0, 0, 0};
    for (std::size_t i = 0; i < static_cast<std::size_t>(n_); ++i) {
        p[0] += double(m_[i]) * vx_[i], p[1] += double(m_[i]) * vy_[i], p[2] += double(m_[i]) * vz_[i];
    }
    std::copy(p, p + 3, out.begin());
}

void NBody::getCenterOfMass(Span<double> out) const {
    const detail::Use use(*this, "centerOfMass", detail::Use::reading);
    detail::requireLength("NBody.getCenterOfMass", "out", out, 3, "doubles");
    double c[3] = {0, 0, 0}, mass = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(n_); ++i) mass += m_[i];
    for (std::size_t i = 0; i < static_cast<std::size_t>(n_); ++i) {
        const double w = mass > 0 ? m_[i] / mass : 1.0 / n_;
        c[0] += w * x_[i], c[1] += w * y_[i], c[2] += w * z_[i];
    }
    std::copy(c, c + 3, out.begin());
}

void NBody::getPositions(Span<float> xyz) const {
    const detail::Use use(*this, "getPositions", detail::Use::reading);
    detail::requireLength("NBody.getPositions", "xyz", xyz, 3 * static_cast<std::size_t>(n_), "floats (3n)");
    std::copy(view_->begin(), view_->end(), xyz.begin());
}

void NBody::getVelocities(Span<float> vxyz) const {
    const detail::Use use(*this, "getVelocities", detail::Use::reading);
    detail::requireLength("NBody.getVelocities", "vxyz", vxyz, 3 * static_cast<std::size_t>(n_), "floats (3n)");
    for (std::size_t i = 0; i < static_cast<std::size_t>(n_); ++i) {
        vxyz[3 * i] = vx_[i], vxyz[3 * i + 1] = vy_[i], vxyz[3 * i + 2] = vz_[i];
    }
}

View<const float> NBody::positionsView() const {
    const detail::Use use(*this, "positionsView", detail::Use::reading);
    return View<const float>(Span<const float>(view_->data(), view_->size()), view_);
}

}  // namespace mymodule
