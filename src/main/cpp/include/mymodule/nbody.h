// NBody: gravitational N-body simulation with direct summation.
#pragma once

#include <memory>
#include <vector>

#include "mymodule/common.h"
#include "mymodule/progress.h"

namespace mymodule {

/// n point masses under Newtonian gravity with Plummer softening, advanced by the leapfrog
/// (kick-drift-kick) integrator. Forces are summed directly over all pairs (O(n^2) per step) in
/// float32, with SIMD chosen at run time and threads over bodies; energy, momentum and centre of
/// mass are accumulated in double. The state is float32, kept as structure of arrays.
///
/// Arrays of vectors are interleaved: positions {x0, y0, z0, x1, y1, z1, ...}, 3n floats.
///
/// Results are deterministic and identical for every thread count: each body's force is summed by
/// one thread over the other bodies in index order. They may differ in the last bits between CPUs
/// (simdPath()), whose reciprocal square roots differ.
///
/// Threads: step() and the setters change the simulation, so they need it alone (StateError during
/// another call); the getters may run together. close() as in Resource. Setters validate all their arguments
/// before changing anything: a call that throws leaves the simulation as it was.
class MYMODULE_API NBody : public Resource {
public:
    /// n bodies at rest at the origin, each of mass 1/n; gravity 1, softening 0.01, time step 0.001, 1 thread.
    /// \throws std::invalid_argument if n < 1
    /// \throws std::bad_alloc if the state does not fit in memory
    explicit NBody(int n);
    NBody(const NBody&) = delete;
    NBody& operator=(const NBody&) = delete;

    /// A Plummer sphere in N-body units (G = 1, total mass 1, total energy -1/4, virial radius 1),
    /// drawn with the Aarseth, Henon and Wielen (1974) method, radii cut at 10 scale lengths, shifted to
    /// rest at the origin; equal masses 1/n, softening 0.01, time step 0.001. The same seed gives the
    /// same bodies on every platform.
    /// \param n number of bodies, at least 1
    /// \param seed seed of the random generator (64-bit Mersenne Twister)
    /// \throws std::invalid_argument if n < 1
    static NBody plummer(int n, long long seed);

    /// Two bodies of mass 0.5 on a circular orbit of separation 1 in the xy-plane around the origin
    /// (G = 1: period 2 pi), no softening, time step 2 pi / 1000, so 1000 steps make one period.
    static NBody circularBinary();

    /// Number of bodies.
    int size() const;
    /// Simulated time: the sum of the time steps of all steps taken.
    double time() const;
    /// Steps taken since construction.
    long long steps() const;

    /// Sets all positions. \param xyz 3n floats, interleaved x, y, z
    /// \throws std::invalid_argument if xyz is null, does not hold 3n floats or holds NaN or infinity
    NBody& positions(Span<const float> xyz);
    /// Sets all velocities. \param vxyz 3n floats, interleaved
    /// \throws std::invalid_argument if vxyz is null, does not hold 3n floats or holds NaN or infinity
    NBody& velocities(Span<const float> vxyz);
    /// Sets all masses. \param m n floats, each finite and at least 0 (a body of mass 0 feels the others but pulls nothing)
    /// \throws std::invalid_argument if m is null, does not hold n floats, or holds a negative, NaN or infinite mass
    NBody& masses(Span<const float> m);
    /// Sets the gravitational constant G (default 1).
    /// \throws std::invalid_argument if g is NaN or infinite
    NBody& gravity(double g);
    /// Sets the Plummer softening length eps: the potential of a pair is -G m1 m2 / sqrt(r^2 + eps^2).
    /// With eps = 0, bodies at the same position exert no force on each other and add no potential energy.
    /// \throws std::invalid_argument if eps is negative, NaN or infinite
    NBody& softening(double eps);
    /// Sets the time step dt of each step.
    /// \throws std::invalid_argument if dt is not positive and finite
    NBody& timeStep(double dt);
    /// Sets the number of threads for step() and totalEnergy(), the caller's included. Below 512
    /// bodies a step runs on one thread whatever this says (starting threads would cost more than
    /// the work); results are the same for every thread count.
    /// \throws std::invalid_argument if threads is outside [1, 256]
    NBody& threads(int threads);

    /// Gravitational constant G.
    double getGravity() const;
    /// Softening length.
    double getSoftening() const;
    /// Time step.
    double getTimeStep() const;
    /// Number of threads.
    int getThreads() const;

    /// Advances the simulation by `steps` leapfrog steps of getTimeStep() each.
    /// \param steps number of steps, at least 0
    /// \throws std::invalid_argument if steps < 0
    void step(int steps);
    /// Advances the simulation, reporting after each step: onProgress(steps done, steps). A listener
    /// that returns false stops the run after the step it was told about, leaving a consistent state
    /// (whole steps only; time() and steps() count them).
    /// \throws std::invalid_argument if steps < 0
    /// \throws OperationCancelled if the listener returned false
    void step(int steps, ProgressListener* listener);

    /// Kinetic plus potential energy, summed in double over all pairs (O(n^2)).
    double totalEnergy() const;
    /// Total momentum sum(m v), in double.
    /// \param out receives px, py, pz: 3 doubles
    /// \throws std::invalid_argument if out is null or does not hold 3 doubles
    void getMomentum(Span<double> out) const;
    /// Centre of mass sum(m x) / sum(m), in double; with every mass 0, the mean position.
    /// \param out receives x, y, z: 3 doubles
    /// \throws std::invalid_argument if out is null or does not hold 3 doubles
    void getCenterOfMass(Span<double> out) const;
    /// Copies all positions out. \param xyz receives 3n floats, interleaved
    /// \throws std::invalid_argument if xyz is null or does not hold 3n floats
    void getPositions(Span<float> xyz) const;
    /// Copies all velocities out. \param vxyz receives 3n floats, interleaved
    /// \throws std::invalid_argument if vxyz is null or does not hold 3n floats
    void getVelocities(Span<float> vxyz) const;
    /// The positions without a copy: 3n floats, interleaved, shared between the simulation and the
    /// view. Read only: what is written there is lost at the next update. Its contents are replaced by
    /// every step() and positions() call, so read a frame before the next step (a read during a step
    /// on another thread sees a mix of two frames). The memory stays valid as long as the simulation
    /// or the view lives, even after close(). From Java, a FloatPointer whose limit is 3n; close it
    /// (or let the GC collect it) to let the memory go.
    View<const float> positionsView() const;

private:
    // plummer() and circularBinary() return these by value: C++17 builds the result in place, so
    // the class needs no copy or move, and a JavaCPP caller gets one heap object that Java frees.
    struct PlummerTag {};
    struct BinaryTag {};
    NBody(int n, long long seed, PlummerTag);
    explicit NBody(BinaryTag);
    void computeAccelerations();
    void updateMassTerms();
    void release() noexcept override;
    void updateView();
    void run(int steps, ProgressListener* listener);

    int n_ = 0;  // set once, by the constructor
    std::size_t padded_ = 0;  // n rounded up to the widest SIMD vector
    Shared<double> g_ = 1, eps_ = 0.01, dt_ = 0.001, time_ = 0;
    Shared<long long> steps_ = 0;
    Shared<int> threads_ = 1;
    bool accelerationsValid_ = false;
    // Structure of arrays, padded to padded_ (bodies past n: mass 0 at the origin); m25_ = 2.5 m,
    // m15_ = 1.5 m for the SIMD kernels.
    std::vector<float> x_, y_, z_, vx_, vy_, vz_, m_, m25_, m15_, ax_, ay_, az_;
    std::shared_ptr<std::vector<float>> view_;  // interleaved positions, shared with positionsView()
};

}  // namespace mymodule
