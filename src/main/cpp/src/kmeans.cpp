#include "mymodule/kmeans.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string>
#include <utility>

#include "checks.h"
#include "kmeans_simd.h"
#include "parallel.h"
#include "scratch.h"

namespace mymodule {

namespace {

// splitmix64: tiny, well mixed and the same everywhere (std:: distributions are not).
struct SplitMix64 {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    long long below(long long n) { return static_cast<long long>(next() % static_cast<std::uint64_t>(n)); }
};

// Sum of v[0..n) in a fixed order (four interleaved partial sums, then combined): the same bits on
// every call, and four times the speed of one dependent chain of additions.
double sumInOrder(const double* v, long long n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    long long i = 0;
    for (; i + 4 <= n; i += 4) s0 += v[i], s1 += v[i + 1], s2 += v[i + 2], s3 += v[i + 3];
    for (; i < n; ++i) s0 += v[i];
    return (s0 + s1) + (s2 + s3);
}

// detail::requireFinite in the older wording that tests pin: "data[5] is infinite; only finite values can be clustered".
void requireClusterable(const char* function, const char* argument, Span<const float> values) {
    const long long at = detail::firstNonFinite(values.data(), values.size());
    if (at >= 0) {
        const auto i = static_cast<std::size_t>(at);
        detail::invalid(function, detail::element(argument, i),
                        std::string(std::isnan(values[i]) ? "is NaN" : "is infinite") + "; only finite values can be clustered");
    }
}

// Fixed row blocks: their boundaries depend on n, k and d only, never on the thread count, so the
// per-block partial sums, reduced in block order, give the same result for any number of threads.
// 2048 rows or more: each block's partial sums (zeroed, then reduced, every iteration) stay small
// against its rows, and up to 256 blocks still balance many threads.
struct Blocks {
    long long rows, count;
    Blocks(long long n, int k, int d) {
        const long long perBlock = (static_cast<long long>(k) * d + k) * 8;           // partial sums' bytes
        const long long maxBlocks = std::clamp<long long>((64ll << 20) / perBlock, 1, 256);  // at most 64 MiB
        rows = std::max<long long>(2048, (n + maxBlocks - 1) / maxBlocks);
        count = (n + rows - 1) / rows;
    }
    long long begin(long long b) const { return b * rows; }
    long long size(long long b, long long n) const { return std::min(rows, n - b * rows); }
};

// Centroids in the kernels' panel layout (see CentroidPanels).
struct Panels {
    std::vector<float> panels, norms;
    detail::CentroidPanels view;
    Panels(const float* centroids, int k, int d, int lanes) {
        const int kPad = (k + lanes - 1) / lanes * lanes;
        panels.resize(static_cast<std::size_t>(kPad) * static_cast<std::size_t>(d));
        norms.resize(static_cast<std::size_t>(kPad));
        detail::fillPanels(centroids, k, d, lanes, panels.data(), norms.data());
        view = {panels.data(), norms.data(), centroids, k, kPad, d};
    }
};

// Lloyd's exact acceleration (Hamerly's bounds) is on unless MYMODULE_KMEANS_BOUNDS=off, which
// tests and benchmarks use to run plain Lloyd, whose results the bounds must reproduce bit for bit.
bool boundsEnabled() {
    const char* value = std::getenv("MYMODULE_KMEANS_BOUNDS");
    return value == nullptr || std::string(value) != "off";
}

std::atomic<long long> lastComputed{0}, lastSkipped{0};

void requireFitted(const char* function, bool fitted) {
    if (!fitted) throw NotReady(std::string(function) + ": call fit first");
}

// Rejects a row-major span of other than rows*d values: "points must hold exactly m*d = 2*2 values, got 3".
void requireRows(const char* function, const char* argument, Span<const float> values, const char* rows,
                 long long count, int d) {
    detail::requireData(function, argument, values);
    if (count > std::numeric_limits<long long>::max() / d || static_cast<long long>(values.size()) != count * d) {
        detail::violated(function, argument,
                         "hold exactly " + std::string(rows) + "*d = " + detail::text(count) + "*" + detail::text(d) + " values",
                         detail::text(values.size()));
    }
}

}  // namespace

KMeans::KMeans(int k) : Resource("KMeans"), k_(k) {
    detail::requireAtLeast("KMeans", "k", k, 1);
}

void KMeans::release() noexcept {
    fitted_ = false;
    std::vector<float>().swap(centroids_);
    std::vector<float>().swap(initial_);
    std::vector<int>().swap(labels_);
}

KMeans& KMeans::seed(long long seed) {
    const detail::Use use(*this, "seed", detail::Use::changing);
    seed_ = seed;
    return *this;
}

KMeans& KMeans::threads(int threads) {
    const detail::Use use(*this, "threads", detail::Use::changing);
    detail::requireThreads("KMeans.threads", threads);
    threads_ = threads;
    return *this;
}

KMeans& KMeans::maxIterations(int maxIterations) {
    const detail::Use use(*this, "maxIterations", detail::Use::changing);
    // Pinned by tests as "got 0", not requireAtLeast's "got maxIterations=0".
    if (maxIterations < 1) detail::violated("KMeans.maxIterations", "maxIterations", "be at least 1", detail::text(maxIterations));
    maxIterations_ = maxIterations;
    return *this;
}

KMeans& KMeans::tolerance(double tolerance) {
    const detail::Use use(*this, "tolerance", detail::Use::changing);
    if (!(tolerance >= 0)) detail::violated("KMeans.tolerance", "tolerance", "be >= 0", detail::text(tolerance));
    tolerance_ = tolerance;
    return *this;
}

void KMeans::fit(Span<const float> data, long long n, int d) {
    const detail::Use use(*this, "fit", detail::Use::changing);
    fitImpl(data, n, d, nullptr);
}
void KMeans::fit(Span<const float> data, long long n, int d, ProgressListener* listener) {
    const detail::Use use(*this, "fit", detail::Use::changing);
    fitImpl(data, n, d, detail::requireListener("KMeans.fit", listener));
}

void KMeans::fitImpl(Span<const float> data, long long n, int d, ProgressListener* listener) {
    const char* fn = "KMeans.fit";
    detail::requireData(fn, "data", data);
    detail::requireAtLeast(fn, "d", d, 1);
    if (n < 1) detail::violated(fn, "n", "be at least 1 (no points to cluster)", "n=" + detail::text(n));
    if (n < k_) detail::violated(fn, "k", "be in [1, n]", "k=" + detail::text(k_) + ", n=" + detail::text(n));
    requireRows(fn, "data", data, "n", n, d);
    requireClusterable(fn, "data", data);

    const int k = k_;
    const auto du = static_cast<std::size_t>(d);
    const auto nu = static_cast<std::size_t>(n);
    const float* x = data.data();
    const detail::KMeansKernels& kernels = detail::kmeansKernels();
    const Blocks blocks(n, k, d);
    const auto blockCount = static_cast<std::size_t>(blocks.count);
    auto forBlocks = [&](const std::function<void(long long, long long, long long)>& body) {
        detail::parallelFor(fn, threads_, blocks.count, [&](long long b) {
            body(b, blocks.begin(b), blocks.size(b, n));
            return 1ll;
        });
    };

    // k-means++ seeding: each next seed is a data row drawn with probability proportional to its
    // squared distance to the nearest seed so far (uniformly if all those distances are 0). Rows
    // that the triangle inequality shows to be nearer their seed than the new one are not read.
    SplitMix64 rng{static_cast<std::uint64_t>(seed_)};
    std::vector<float> initial(static_cast<std::size_t>(k) * du);
    // The per-point arrays, in one Scratch (few page faults), are not zeroed here: the block that
    // owns a row writes it first, on the thread that runs the block (first touch).
    const bool bounded = boundsEnabled();
    const detail::Scratch perPoint({nu * sizeof(double), nu * sizeof(int), nu * sizeof(int), bounded ? nu * sizeof(double) : 0});
    double* const dist = perPoint.get<double>(0);      // squared distance to the nearest seed, then to the centroid
    int* const nearest = perPoint.get<int>(1);         // each point's nearest seed so far
    int* const labels = perPoint.get<int>(2);          // each point's centroid
    double* const lower = bounded ? perPoint.get<double>(3) : nullptr;  // Hamerly's lower bound (below)
    std::vector<double> blockSum(blockCount);
    std::vector<double> separation(static_cast<std::size_t>(k), 0.0);  // |seed a - newest seed|^2
    long long pick = rng.below(n);
    for (int c = 0; c < k; ++c) {
        float* seedRow = initial.data() + static_cast<std::size_t>(c) * du;
        std::copy(x + static_cast<std::size_t>(pick) * du, x + static_cast<std::size_t>(pick + 1) * du, seedRow);
        if (c + 1 == k) break;
        for (int a = 0; a < c; ++a) {
            double s = 0;
            for (std::size_t j = 0; j < du; ++j) {
                const double t = static_cast<double>(initial[static_cast<std::size_t>(a) * du + j]) - seedRow[j];
                s += t * t;
            }
            separation[static_cast<std::size_t>(a)] = s;
        }
        forBlocks([&](long long b, long long begin, long long size) {
            double* db = dist + begin;
            if (c == 0) {
                std::fill(db, db + size, std::numeric_limits<double>::infinity());
                std::fill(nearest + begin, nearest + begin + size, 0);
            }
            kernels.minDist(x + static_cast<std::size_t>(begin) * du, static_cast<std::size_t>(size), d, seedRow,
                            separation.data(), c, db, nearest + begin);
            blockSum[static_cast<std::size_t>(b)] = sumInOrder(db, size);
        });
        double total = 0;
        for (double s : blockSum) total += s;
        if (!(total > 0)) {
            pick = rng.below(n);
            continue;
        }
        double r = rng.uniform() * total;
        std::size_t b = 0;
        while (b + 1 < blockCount && r >= blockSum[b]) r -= blockSum[b++];
        const long long begin = blocks.begin(static_cast<long long>(b)), end = begin + blocks.size(static_cast<long long>(b), n);
        pick = -1;
        for (long long i = begin; i < end; ++i) {
            const double w = dist[static_cast<std::size_t>(i)];
            if (w > 0) {
                pick = i;  // the last positive one, should rounding leave r past the end
                if (r < w) break;
                r -= w;
            }
        }
        if (pick < 0) pick = rng.below(n);  // only if rounding emptied a block: never seen
    }

    // Lloyd: assign (with per-block partial sums), repair empty clusters, move centroids.
    //
    // Exact acceleration (Hamerly): lower[i] is a lower bound on the distance from point i to every
    // centroid but its own. After the centroids move, it shrinks by the farthest move of another
    // centroid; a point whose exact distance to its own centroid stays clearly below it keeps its
    // label without the k-centroid kernel. "Clearly": by twice the error bound of the kernel's float
    // expansion |c|^2 - 2 x.c, so the kernel could not have chosen another centroid (nor tied): the
    // labels, hence the sums, centroids and inertia, are bit for bit those of plain Lloyd. The other
    // points are gathered and run through the kernel, which also gives their new lower bound.
    const std::size_t kd = static_cast<std::size_t>(k) * du;
    std::vector<float> centroids = initial, previousCentroids;
    std::vector<double> partialSums(blockCount * kd), sums(kd), blockInertia(blockCount);
    std::vector<long long> partialCounts(blockCount * static_cast<std::size_t>(k)), counts(static_cast<std::size_t>(k));
    std::vector<long long> blockComputed(blockCount), blockSkipped(blockCount);
    // Per centroid, after a move: how far every other centroid moved at most; the largest |c|^2.
    std::vector<double> moveOther(static_cast<std::size_t>(k)), offset(static_cast<std::size_t>(k));
    double maxNorm2 = 0;
    // The expansion's error bound per unit of |x|^2 + 2 max |c|^2: (d + 3) float roundings, doubled; and
    // an absolute term for products that underflow.
    const double relError = 2.0 * (d + 4) * 0x1.0p-24;
    const double absError = 8.0 * (d + 4) * static_cast<double>(std::numeric_limits<float>::denorm_min());
    constexpr double kUp = 1 + 1e-9, kDown = 1 - 1e-9;  // margins for the double roundings of the bounds
    // A point with label a keeps it if l^2 > u2 + 2 error, u2 = |x - c_a|^2, l its lower bound, error
    // = relError (|x|^2 + 2 max |c|^2) + absError with |x|^2 <= 2 u2 + 2 |c_a|^2: l^2 > u2 slope + offset[a].
    const double slope = (1 + 4 * relError) * kUp * kUp;
    auto measureCentroids = [&](bool moved) {
        maxNorm2 = 0;
        double maxMove = 0, secondMove = 0;
        int maxAt = -1;
        for (int c = 0; c < k; ++c) {
            const float* now = centroids.data() + static_cast<std::size_t>(c) * du;
            double n2 = 0, m2 = 0;
            for (std::size_t j = 0; j < du; ++j) {
                n2 += static_cast<double>(now[j]) * now[j];
                if (moved) {
                    const double t = static_cast<double>(now[j]) - previousCentroids[static_cast<std::size_t>(c) * du + j];
                    m2 += t * t;
                }
            }
            offset[static_cast<std::size_t>(c)] = n2 * kUp;  // |c|^2 for now
            maxNorm2 = std::max(maxNorm2, n2 * kUp);
            const double m = std::sqrt(m2) * kUp;
            if (m > maxMove) {
                secondMove = maxMove, maxMove = m, maxAt = c;
            } else if (m > secondMove) {
                secondMove = m;
            }
        }
        for (int c = 0; c < k; ++c) {
            const auto cu = static_cast<std::size_t>(c);
            moveOther[cu] = c == maxAt ? secondMove : maxMove;
            offset[cu] = (2 * (relError * (2 * offset[cu] + 2 * maxNorm2) + absError)) * kUp * kUp;
        }
    };
    // The lower bound the kernel's second smallest |c|^2 - 2 x.c gives: every other centroid is at
    // least sqrt(second + |x|^2 - error) away (0 for a row assigned by direct distances: no bound).
    auto lowerFrom = [&](float secondValue, double x2) {
        if (k == 1) return std::numeric_limits<double>::infinity();
        if (!std::isfinite(secondValue)) return 0.0;
        const double bound2 = (secondValue + x2 - (relError * (x2 * kUp + 2 * maxNorm2) + absError)) * kDown;
        return bound2 > 0 ? std::sqrt(bound2) * kDown : 0.0;
    };
    // |x|^2 of a row: four partial sums, so the chains of additions overlap.
    auto norm2Of = [&](const float* row) {
        double p0 = 0, p1 = 0, p2 = 0, p3 = 0;
        std::size_t j = 0;
        for (; j + 4 <= du; j += 4) {
            p0 += static_cast<double>(row[j]) * row[j];
            p1 += static_cast<double>(row[j + 1]) * row[j + 1];
            p2 += static_cast<double>(row[j + 2]) * row[j + 2];
            p3 += static_cast<double>(row[j + 3]) * row[j + 3];
        }
        for (; j < du; ++j) p0 += static_cast<double>(row[j]) * row[j];
        return (p0 + p1) + (p2 + p3);
    };
    // One block's assignment: labels, dist (its inertia) and, with sums, its partial sums. Its
    // scratch is its own (small heap blocks, reused by malloc: no page faults, nothing shared).
    auto assignBlock = [&](const detail::CentroidPanels& view, std::size_t b, std::size_t begin, std::size_t rows,
                           double* s, long long* cnt, bool useBounds) {
        const float* xb = x + begin * du;
        int* lb = labels + begin;
        double* db = dist + begin;
        if (!bounded) {
            kernels.assign(xb, rows, view, lb, db, s, cnt, nullptr);
            blockComputed[b] += static_cast<long long>(rows);
            return;
        }
        std::unique_ptr<float[]> second(new float[rows]);
        if (!useBounds) {
            kernels.assign(xb, rows, view, lb, db, s, cnt, second.get());
            for (std::size_t i = 0; i < rows; ++i) lower[begin + i] = lowerFrom(second[i], norm2Of(xb + i * du));
            blockComputed[b] += static_cast<long long>(rows);
            return;
        }
        kernels.finish(xb, rows, d, centroids.data(), lb, db, nullptr, nullptr);  // exact distance to the own centroid
        std::unique_ptr<std::uint32_t[]> todo(new std::uint32_t[rows]);
        const std::size_t m = kernels.bound(rows, lb, db, moveOther.data(), offset.data(), slope, lower + begin, todo.get());
        blockComputed[b] += static_cast<long long>(m);
        blockSkipped[b] += static_cast<long long>(rows - m);
        if (m != 0) {
            std::unique_ptr<float[]> gathered(new float[m * du]);
            std::unique_ptr<int[]> gatheredLabels(new int[m]);
            std::unique_ptr<double[]> gatheredDist(new double[m]);
            for (std::size_t t = 0; t < m; ++t) std::copy_n(xb + todo[t] * du, du, gathered.get() + t * du);
            kernels.assign(gathered.get(), m, view, gatheredLabels.get(), gatheredDist.get(), nullptr, nullptr, second.get());
            for (std::size_t t = 0; t < m; ++t) {
                const std::size_t i = todo[t];
                lb[i] = gatheredLabels[t];
                db[i] = gatheredDist[t];
                lower[begin + i] = lowerFrom(second[t], norm2Of(gathered.get() + t * du));
            }
        }
        if (s != nullptr) kernels.finish(xb, rows, d, centroids.data(), lb, nullptr, s, cnt);  // in row order
    };
    int assignments = 0;
    auto assign = [&](bool accumulate) {
        const Panels panels(centroids.data(), k, d, kernels.lanes);
        const bool useBounds = bounded && assignments > 0;
        if (bounded) measureCentroids(assignments > 0);
        forBlocks([&](long long b, long long begin, long long size) {
            const auto bu = static_cast<std::size_t>(b);
            double* s = accumulate ? partialSums.data() + bu * kd : nullptr;
            long long* cnt = accumulate ? partialCounts.data() + bu * static_cast<std::size_t>(k) : nullptr;
            if (accumulate) {
                std::fill(s, s + kd, 0.0);
                std::fill(cnt, cnt + k, 0ll);
            }
            const auto bg = static_cast<std::size_t>(begin);
            assignBlock(panels.view, bu, bg, static_cast<std::size_t>(size), s, cnt, useBounds);
            blockInertia[bu] = sumInOrder(dist + bg, size);
        });
        ++assignments;
        double inertia = 0;
        for (double v : blockInertia) inertia += v;
        return inertia;
    };

    double previous = std::numeric_limits<double>::quiet_NaN();
    int iteration = 0;
    while (iteration < maxIterations_) {
        const double inertia = assign(true);
        // Reduce the blocks' partial sums in block order, one cluster per task (on this thread when small).
        detail::parallelFor(fn, blockCount * kd < (1u << 20) ? 1 : threads_, k, [&](long long c) {
            const auto cu = static_cast<std::size_t>(c);
            double* s = sums.data() + cu * du;
            std::fill(s, s + du, 0.0);
            long long count = 0;
            for (std::size_t b = 0; b < blockCount; ++b) {
                const double* p = partialSums.data() + b * kd + cu * du;
                for (std::size_t j = 0; j < du; ++j) s[j] += p[j];
                count += partialCounts[b * static_cast<std::size_t>(k) + cu];
            }
            counts[cu] = count;
            return 1ll;
        });
        // Empty clusters, in index order, take the point farthest from its centroid (lowest index on
        // ties) among clusters that keep at least one point.
        for (int c = 0; c < k; ++c) {
            if (counts[static_cast<std::size_t>(c)] != 0) continue;
            std::size_t far = nu;
            for (std::size_t i = 0; i < nu; ++i) {
                if (counts[static_cast<std::size_t>(labels[i])] > 1 && (far == nu || dist[i] > dist[far])) far = i;
            }
            const auto from = static_cast<std::size_t>(labels[far]);
            const float* row = x + far * du;
            for (std::size_t j = 0; j < du; ++j) {
                sums[from * du + j] -= row[j];
                sums[static_cast<std::size_t>(c) * du + j] = row[j];
            }
            --counts[from];
            counts[static_cast<std::size_t>(c)] = 1;
            labels[far] = c;
            dist[far] = 0;
            if (bounded) lower[far] = 0;  // moved by hand: no bound, the kernel decides next time
        }
        if (bounded) previousCentroids = centroids;
        for (std::size_t c = 0; c < static_cast<std::size_t>(k); ++c) {
            for (std::size_t j = 0; j < du; ++j) {
                centroids[c * du + j] = static_cast<float>(sums[c * du + j] / static_cast<double>(counts[c]));
            }
        }
        ++iteration;
        detail::reportProgress(fn, listener, iteration, maxIterations_, "iterations");
        const bool converged = iteration > 1 && std::fabs(previous - inertia) <= tolerance_ * inertia;
        previous = inertia;
        if (converged) break;
    }
    const double inertia = assign(false);  // labels and inertia of the final centroids
    long long computed = 0, skipped = 0;
    for (std::size_t b = 0; b < blockCount; ++b) computed += blockComputed[b], skipped += blockSkipped[b];
    lastComputed = computed * k;
    lastSkipped = skipped * k;

    // Only now does the object change; first the one step that can still fail (memory), which then
    // leaves labels_ as it was (a copy into reused capacity, or a new buffer swapped in).
    std::vector<int> result;
    if (labels_.capacity() < nu) result.reserve(nu);
    else result.swap(labels_);
    result.assign(labels, labels + nu);
    labels_.swap(result);
    n_ = n;
    d_ = d;
    iterations_ = iteration;
    inertia_ = inertia;
    centroids_.swap(centroids);
    initial_.swap(initial);
    fitted_ = true;
}

bool KMeans::fitted() const {
    return snapshot("fitted", [this] { return fitted_.get(); });
}
int KMeans::k() const {
    return snapshot("k", [this] { return k_; });
}

double KMeans::inertia() const {
    const auto [fitted, inertia] = snapshot("inertia", [this] { return std::make_pair(fitted_.get(), inertia_.get()); });
    requireFitted("KMeans.inertia", fitted);
    return inertia;
}

int KMeans::iterations() const {
    const auto [fitted, iterations] = snapshot("iterations", [this] { return std::make_pair(fitted_.get(), iterations_.get()); });
    requireFitted("KMeans.iterations", fitted);
    return iterations;
}

void KMeans::getCentroids(Span<float> out) const {
    const detail::Use use(*this, "centroids", detail::Use::reading);
    requireFitted("KMeans.getCentroids", fitted_);
    detail::requireCapacity("KMeans.getCentroids", "out", out, static_cast<long long>(centroids_.size()), "k*d");
    std::copy(centroids_.begin(), centroids_.end(), out.data());
}

void KMeans::getInitialCentroids(Span<float> out) const {
    const detail::Use use(*this, "initialCentroids", detail::Use::reading);
    requireFitted("KMeans.getInitialCentroids", fitted_);
    detail::requireCapacity("KMeans.getInitialCentroids", "out", out, static_cast<long long>(initial_.size()), "k*d");
    std::copy(initial_.begin(), initial_.end(), out.data());
}

void KMeans::getLabels(Span<int> out) const {
    const detail::Use use(*this, "labels", detail::Use::reading);
    requireFitted("KMeans.getLabels", fitted_);
    detail::requireCapacity("KMeans.getLabels", "out", out, n_, "n");
    std::copy(labels_.begin(), labels_.end(), out.data());
}

void KMeans::predict(Span<const float> points, long long m, Span<int> labelsOut) const {
    const detail::Use use(*this, "predict", detail::Use::reading);
    const char* fn = "KMeans.predict";
    requireFitted(fn, fitted_);
    detail::requireAtLeast(fn, "m", m, 0);
    requireRows(fn, "points", points, "m", m, d_);
    detail::requireCapacity(fn, "labelsOut", labelsOut, m, "m");
    requireClusterable(fn, "points", points);
    if (m == 0) return;
    const detail::KMeansKernels& kernels = detail::kmeansKernels();
    const Panels panels(centroids_.data(), k_, d_, kernels.lanes);
    const Blocks blocks(m, k_, d_);
    detail::parallelFor(fn, threads_, blocks.count, [&](long long b) {
        const auto begin = static_cast<std::size_t>(blocks.begin(b));
        kernels.assign(points.data() + begin * static_cast<std::size_t>(d_), static_cast<std::size_t>(blocks.size(b, m)),
                       panels.view, labelsOut.data() + begin, nullptr, nullptr, nullptr, nullptr);
        return 1ll;
    });
}

namespace {

// The checks accumulateClusters and assignClusters share (outputs are checked by the callers).
void requireBatch(const char* fn, Span<const float> points, long long m, int d, Span<const float> centroids, int k) {
    detail::requireAtLeast(fn, "k", k, 1);
    detail::requireAtLeast(fn, "d", d, 1);
    detail::requireAtLeast(fn, "m", m, 0);
    requireRows(fn, "points", points, "m", m, d);
    requireRows(fn, "centroids", centroids, "k", k, d);
}

// Runs KMeans's assignment kernel over the batch in chunks (bounded scratch for the distances);
// labels go to `labels` (or a scratch chunk), sums and counts (if not null) are added to in row order.
double assignBatch(const float* x, long long m, int d, const float* centroids, int k, int* labels, double* sums,
                   long long* counts) {
    const detail::KMeansKernels& kernels = detail::kmeansKernels();
    const Panels panels(centroids, k, d, kernels.lanes);
    constexpr long long chunk = 1024;
    std::vector<double> dist(static_cast<std::size_t>(std::min(m, chunk)));
    std::vector<int> scratch(labels == nullptr ? dist.size() : 0);
    double inertia = 0;
    for (long long begin = 0; begin < m; begin += chunk) {
        const auto rows = static_cast<std::size_t>(std::min(chunk, m - begin));
        int* out = labels == nullptr ? scratch.data() : labels + begin;
        kernels.assign(x + static_cast<std::size_t>(begin) * static_cast<std::size_t>(d), rows, panels.view, out,
                       dist.data(), sums, counts, nullptr);
        for (std::size_t i = 0; i < rows; ++i) inertia += dist[i];
    }
    return inertia;
}

}  // namespace

double accumulateClusters(Span<const float> points, long long m, int d, Span<const float> centroids, int k,
                          Span<double> sums, Span<long long> counts) {
    const char* fn = "accumulateClusters";
    requireBatch(fn, points, m, d, centroids, k);
    detail::requireCapacity(fn, "sums", sums, static_cast<long long>(k) * d, "k*d");
    detail::requireCapacity(fn, "counts", counts, k, "k");
    requireClusterable(fn, "points", points);
    requireClusterable(fn, "centroids", centroids);
    return assignBatch(points.data(), m, d, centroids.data(), k, nullptr, sums.data(), counts.data());
}

double assignClusters(Span<const float> points, long long m, int d, Span<const float> centroids, int k,
                      Span<int> labelsOut) {
    const char* fn = "assignClusters";
    requireBatch(fn, points, m, d, centroids, k);
    detail::requireCapacity(fn, "labelsOut", labelsOut, m, "m");
    requireClusterable(fn, "points", points);
    requireClusterable(fn, "centroids", centroids);
    return assignBatch(points.data(), m, d, centroids.data(), k, labelsOut.data(), nullptr, nullptr);
}

namespace detail {

DistanceCounts lastFitDistanceCounts() { return {lastComputed.load(), lastSkipped.load()}; }

}  // namespace detail

}  // namespace mymodule
