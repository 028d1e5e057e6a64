#include "mymodule/kmeans.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "check.h"
#include "kmeans_simd.h"
#include "mymodule/core.h"

using namespace mymodule;

namespace {

// n points in d dimensions around `centers` well-separated centres (a fixed LCG, no std:: distributions).
std::vector<float> blobs(long long n, int d, int centers, std::uint32_t seed = 7) {
    std::uint32_t s = seed;
    auto next = [&] { return (s = s * 1664525u + 1013904223u) / 4294967296.0; };
    std::vector<float> x(static_cast<std::size_t>(n) * static_cast<std::size_t>(d));
    for (long long i = 0; i < n; ++i) {
        const auto c = static_cast<int>(i % centers);
        for (int j = 0; j < d; ++j) {
            x[static_cast<std::size_t>(i * d + j)] = static_cast<float>(10.0 * ((c * 7 + j * 3) % 11) + next() - 0.5);
        }
    }
    return x;
}

// Lloyd in double from the given start, the obvious way: nearest centroid by direct distance.
void referenceLloyd(const std::vector<float>& x, long long n, int d, int k, std::vector<double>& c, int iterations,
                    std::vector<int>& labels) {
    labels.assign(static_cast<std::size_t>(n), 0);
    auto assign = [&] {
        for (long long i = 0; i < n; ++i) {
            double best = std::numeric_limits<double>::infinity();
            for (int q = 0; q < k; ++q) {
                double s = 0;
                for (int j = 0; j < d; ++j) {
                    const double t = x[static_cast<std::size_t>(i * d + j)] - c[static_cast<std::size_t>(q * d + j)];
                    s += t * t;
                }
                if (s < best) best = s, labels[static_cast<std::size_t>(i)] = q;
            }
        }
    };
    for (int it = 0; it < iterations; ++it) {
        assign();
        std::vector<double> sum(c.size(), 0.0);
        std::vector<long long> count(static_cast<std::size_t>(k), 0);
        for (long long i = 0; i < n; ++i) {
            const int q = labels[static_cast<std::size_t>(i)];
            ++count[static_cast<std::size_t>(q)];
            for (int j = 0; j < d; ++j) sum[static_cast<std::size_t>(q * d + j)] += x[static_cast<std::size_t>(i * d + j)];
        }
        for (int q = 0; q < k; ++q) {
            for (int j = 0; j < d; ++j) {
                if (count[static_cast<std::size_t>(q)] > 0) {
                    c[static_cast<std::size_t>(q * d + j)] = sum[static_cast<std::size_t>(q * d + j)] / static_cast<double>(count[static_cast<std::size_t>(q)]);
                }
            }
        }
    }
    assign();
}

void matchesReferenceLloyd() {
    const long long n = 2000;
    const int d = 5, k = 6;
    const auto x = blobs(n, d, k);
    KMeans km(k);
    km.seed(3).maxIterations(5).tolerance(0).threads(2);
    km.fit({x.data(), x.size()}, n, d);
    const int iterations = km.iterations();  // tolerance 0 stops early only where the inertia repeats
    CHECK(iterations >= 1 && iterations <= 5);
    std::vector<float> init(static_cast<std::size_t>(k * d)), cen(init.size());
    km.getInitialCentroids({init.data(), init.size()});
    km.getCentroids({cen.data(), cen.size()});
    std::vector<double> ref(init.begin(), init.end());
    std::vector<int> refLabels, labels(static_cast<std::size_t>(n));
    referenceLloyd(x, n, d, k, ref, iterations, refLabels);
    km.getLabels({labels.data(), labels.size()});
    CHECK(labels == refLabels);
    double inertia = 0;
    for (long long i = 0; i < n; ++i) {
        for (int j = 0; j < d; ++j) {
            const double t = x[static_cast<std::size_t>(i * d + j)] - ref[static_cast<std::size_t>(refLabels[static_cast<std::size_t>(i)] * d + j)];
            inertia += t * t;
        }
    }
    for (std::size_t i = 0; i < cen.size(); ++i) CHECK(near(cen[i], ref[i], 1e-4));
    CHECK(near(km.inertia(), inertia, 1e-5 * inertia));
}

void seedsAreDataRows() {
    const long long n = 300;
    const int d = 3, k = 4;
    const auto x = blobs(n, d, k);
    KMeans km(k);
    km.seed(11).fit({x.data(), x.size()}, n, d);
    std::vector<float> init(static_cast<std::size_t>(k * d));
    km.getInitialCentroids({init.data(), init.size()});
    for (int q = 0; q < k; ++q) {
        bool found = false;
        for (long long i = 0; i < n && !found; ++i) {
            found = std::memcmp(&x[static_cast<std::size_t>(i * d)], &init[static_cast<std::size_t>(q * d)], sizeof(float) * d) == 0;
        }
        CHECK(found);
    }
}

void sameResultForAnyThreadCount() {
    const long long n = 5000;  // 20 blocks of 256 rows
    const int d = 7, k = 9;
    const auto x = blobs(n, d, 5);
    std::vector<float> c1(static_cast<std::size_t>(k * d)), c(c1.size());
    std::vector<int> l1(static_cast<std::size_t>(n)), l(l1.size());
    double inertia1 = 0;
    for (int threads : {1, 2, 3, 4}) {
        KMeans km(k);
        km.seed(5).threads(threads).tolerance(0).maxIterations(8);
        km.fit({x.data(), x.size()}, n, d);
        km.getCentroids({c.data(), c.size()});
        km.getLabels({l.data(), l.size()});
        if (threads == 1) {
            c1 = c, l1 = l, inertia1 = km.inertia();
        } else {
            CHECK(std::memcmp(c.data(), c1.data(), c.size() * sizeof(float)) == 0);
            CHECK(l == l1);
            CHECK(km.inertia() == inertia1);
        }
    }
}

// Runs one path's assignment kernel over n rows against the k centroids `cen`, in the library's
// panel layout (detail::fillPanels).
void assignWith(const detail::KMeansKernels& kern, const std::vector<float>& x, std::size_t n, int d,
                const std::vector<float>& cen, int k, std::vector<int>& labels, std::vector<double>& dist,
                std::vector<double>& sums, std::vector<long long>& counts) {
    const int kPad = (k + kern.lanes - 1) / kern.lanes * kern.lanes;
    std::vector<float> panels(static_cast<std::size_t>(kPad * d)), norms(static_cast<std::size_t>(kPad));
    detail::fillPanels(cen.data(), k, d, kern.lanes, panels.data(), norms.data());
    const detail::CentroidPanels view{panels.data(), norms.data(), cen.data(), k, kPad, d};
    labels.assign(n, -1), dist.assign(n, -1), sums.assign(static_cast<std::size_t>(k * d), 0);
    counts.assign(static_cast<std::size_t>(k), 0);
    kern.assign(x.data(), n, view, labels.data(), dist.data(), sums.data(), counts.data(), nullptr);
}

// Every SIMD path finds the same nearest centroid as the portable one (up to exact near-ties).
void everyPathAgreesWithBaseline() {
    const std::size_t n = 333;
    for (int d : {1, 2, 3, 8, 16, 17, 40}) {
        for (int k : {1, 5, 16, 33}) {
            const auto x = blobs(static_cast<long long>(n), d, 3, static_cast<std::uint32_t>(d * 100 + k));
            std::vector<float> cen(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(k * d));
            for (float& v : cen) v += 0.25f;
            forEachIsa([&](detail::Isa isa) {
                const detail::KMeansKernels& base = detail::kmeansKernels(detail::Isa::baseline);
                const detail::KMeansKernels& fast = detail::kmeansKernels(isa);
                auto run = [&](const detail::KMeansKernels& kern, std::vector<int>& labels, std::vector<double>& dist,
                               std::vector<double>& sums, std::vector<long long>& counts) {
                    assignWith(kern, x, n, d, cen, k, labels, dist, sums, counts);
                };
                std::vector<int> lb, lf;
                std::vector<double> db, df, sb, sf;
                std::vector<long long> cb, cf;
                run(base, lb, db, sb, cb);
                run(fast, lf, df, sf, cf);
                for (std::size_t i = 0; i < n; ++i) {
                    CHECK(lf[i] >= 0 && lf[i] < k);
                    if (lb[i] == lf[i]) {
                        CHECK(near(db[i], df[i], 1e-6 * (1 + db[i])));
                    } else {  // a near-tie that the expansion's float rounding decided differently
                        double scale = 0;     // its error is a few ulps of |x|^2 + |c|^2
                        for (int j = 0; j < d; ++j) {
                            const double v = x[i * static_cast<std::size_t>(d) + static_cast<std::size_t>(j)];
                            scale += 2 * v * v;
                        }
                        CHECK(near(db[i], df[i], 1e-5 * (1 + scale)));
                    }
                }
                if (lb == lf) {
                    CHECK(cb == cf);
                    for (std::size_t i = 0; i < sb.size(); ++i) CHECK(sb[i] == sf[i]);
                }
                std::vector<double> mb(n, 1e30), mf(n, 1e30), separation = {0.0, 1e30};
                std::vector<int> nb(n, 0), nf(n, 0);
                base.minDist(x.data(), n, d, cen.data(), separation.data(), 0, mb.data(), nb.data());
                fast.minDist(x.data(), n, d, cen.data(), separation.data(), 0, mf.data(), nf.data());
                for (std::size_t i = 0; i < n; ++i) CHECK(near(mb[i], mf[i], 1e-6 * (1 + mb[i])));
                // A second seed 1e30 away from the first cannot be nearer: no row may change.
                std::vector<double> before = mf;
                std::fill(nf.begin(), nf.end(), 1);
                fast.minDist(x.data(), n, d, cen.data() + d, separation.data(), 0, mf.data(), nf.data());
                CHECK(mf == before);
            });
        }
    }
}

// |a - b|^2 in double with double differences: exact enough for any finite floats (no overflow).
double exactSqDist(const float* a, const float* b, int d) {
    double s = 0;
    for (int j = 0; j < d; ++j) {
        const double t = static_cast<double>(a[j]) - static_cast<double>(b[j]);
        s += t * t;
    }
    return s;
}

// Finite values a caller may pass, mixed: +-FLT_MAX and near it, huge, subnormal, zero and ordinary.
std::vector<float> extremes(std::size_t count, std::uint32_t seed) {
    const float big = std::numeric_limits<float>::max(), tiny = std::numeric_limits<float>::denorm_min();
    const float pool[] = {big, -big, 3e38f, -3e38f, 1.7e38f, 1e30f, -1e30f, 4e19f, -1e19f, 1e10f, 1e-40f, -1e-40f,
                          tiny, -tiny, 1e-30f, 0.0f, -0.0f, 1.0f, -1.0f, 2.5f, 1e3f};
    constexpr std::uint32_t poolSize = sizeof pool / sizeof pool[0];
    std::uint32_t s = seed;
    std::vector<float> v(count);
    for (float& f : v) {
        s = s * 1664525u + 1013904223u;
        const std::uint32_t r = s >> 8;
        f = r % 4 == 0 ? static_cast<float>(r % 1000) * 0.01f - 5 : pool[r % poolSize];  // a quarter ordinary
    }
    return v;
}

// Every path on finite extremes: a label is always a real cluster (never a padding lane), the
// distance to it is exact, and it is the nearest centroid up to the expansion's documented error
// (a few float ulps of |x|^2 + |c|^2, or of the smallest subnormal); where no other centroid is
// that close to being nearest, every path gives the baseline's label.
void extremeValuesOnEveryPath() {
    const std::size_t n = 97;
    for (int d : {1, 3, 16, 17}) {
        for (int k : {1, 2, 5, 16, 33}) {
            const auto seed = static_cast<std::uint32_t>(d * 1000 + k);
            const auto x = extremes(n * static_cast<std::size_t>(d), seed);
            auto cen = extremes(static_cast<std::size_t>(k * d), seed + 1);
            std::copy(x.begin(), x.begin() + d, cen.begin());  // a centroid at distance 0 from row 0
            const double floor = 4.0 * d * std::numeric_limits<float>::denorm_min();
            std::vector<int> lb;
            forEachIsa([&](detail::Isa isa) {
                std::vector<int> labels;
                std::vector<double> dist, sums;
                std::vector<long long> counts;
                assignWith(detail::kmeansKernels(isa), x, n, d, cen, k, labels, dist, sums, counts);
                if (isa == detail::Isa::baseline) lb = labels;
                long long total = 0;
                for (long long c : counts) total += c;
                CHECK(total == static_cast<long long>(n));
                for (double v : sums) CHECK(std::isfinite(v));
                for (std::size_t i = 0; i < n; ++i) {
                    const int l = labels[i];
                    CHECK(l >= 0 && l < k);
                    if (l < 0 || l >= k) continue;
                    const float* xi = x.data() + i * static_cast<std::size_t>(d);
                    auto sq = [&](const float* v) {  // |v|^2
                        double s2 = 0;
                        for (int j = 0; j < d; ++j) s2 += static_cast<double>(v[j]) * v[j];
                        return s2;
                    };
                    std::vector<double> exact(static_cast<std::size_t>(k));
                    int b = 0;
                    for (int c = 0; c < k; ++c) {
                        exact[static_cast<std::size_t>(c)] = exactSqDist(xi, cen.data() + c * d, d);
                        if (exact[static_cast<std::size_t>(c)] < exact[static_cast<std::size_t>(b)]) b = c;
                    }
                    auto tolerance = [&](int c) {
                        return 1e-5 * (sq(xi) + sq(cen.data() + c * d) + sq(cen.data() + b * d)) + floor;
                    };
                    CHECK(near(dist[i], exact[static_cast<std::size_t>(l)], 1e-9 * exact[static_cast<std::size_t>(l)]));
                    CHECK(exact[static_cast<std::size_t>(l)] - exact[static_cast<std::size_t>(b)] <= tolerance(l));
                    bool clear = true;  // no other centroid within the expansion's error of the nearest
                    for (int c = 0; c < k; ++c) {
                        clear = clear && (c == b || exact[static_cast<std::size_t>(c)] - exact[static_cast<std::size_t>(b)] > 2 * tolerance(c));
                    }
                    if (clear) CHECK(l == b && l == lb[i]);
                }
            });
        }
    }
}

// The same through the public API, where a label out of range would read and write out of bounds.
void extremeValuesThroughTheApi() {
    const float big = std::numeric_limits<float>::max();
    const float one = 1.0f;
    int label = -1;
    const double batch = assignClusters({&one, 1}, 1, 1, {&big, 1}, 1, {&label, 1});
    CHECK(label == 0);
    CHECK(batch == (static_cast<double>(big) - 1) * (static_cast<double>(big) - 1));

    const std::vector<float> huge(1000, 3e38f);  // k = 1: every point in cluster 0, centroid 3e38
    KMeans single(1);
    single.maxIterations(5).fit({huge.data(), huge.size()}, 1000, 1);
    std::vector<int> labels(1000, -1);
    single.getLabels({labels.data(), labels.size()});
    float c = 0;
    single.getCentroids({&c, 1});
    CHECK(std::count(labels.begin(), labels.end(), 0) == 1000 && c == 3e38f && single.inertia() == 0);

    const long long n = 400;
    const int d = 3, k = 4;
    const auto x = extremes(static_cast<std::size_t>(n * d), 5);
    std::vector<float> c1(static_cast<std::size_t>(k * d)), cen(c1.size());
    std::vector<int> l1(static_cast<std::size_t>(n)), l(l1.size());
    for (int threads : {1, 2}) {
        KMeans km(k);
        km.seed(3).threads(threads).maxIterations(6).tolerance(0).fit({x.data(), x.size()}, n, d);
        km.getCentroids({cen.data(), cen.size()});
        km.getLabels({l.data(), l.size()});
        for (int v : l) CHECK(v >= 0 && v < k);
        for (float v : cen) CHECK(std::isfinite(v));
        CHECK(std::isfinite(km.inertia()));
        if (threads == 1) {
            c1 = cen, l1 = l;
        } else {
            CHECK(std::memcmp(cen.data(), c1.data(), cen.size() * sizeof(float)) == 0 && l == l1);
        }
    }
}

// Runs plain Lloyd (MYMODULE_KMEANS_BOUNDS=off) or Lloyd with Hamerly's bounds (the default).
void useBounds(bool on) {
#if defined(_WIN32)
    _putenv_s("MYMODULE_KMEANS_BOUNDS", on ? "" : "off");
#else
    if (on) {
        unsetenv("MYMODULE_KMEANS_BOUNDS");
    } else {
        setenv("MYMODULE_KMEANS_BOUNDS", "off", 1);
    }
#endif
}

// Hamerly's bounds change nothing: the labels, centroids, inertia and iteration count of plain
// Lloyd from the same seeds, bit for bit, on any thread count; on data whose clusters are split
// (many points near a boundary), far from the origin (the expansion's error matters), with
// duplicates (empty clusters repaired), in 1 to 40 dimensions and on finite extremes.
void boundsGivePlainLloydsResults() {
    struct Case {
        std::vector<float> x;
        long long n;
        int d, k, iterations;
    };
    std::vector<Case> cases;
    cases.push_back({blobs(6000, 7, 5), 6000, 7, 9, 30});         // 9 clusters over 5 blobs
    cases.push_back({blobs(5000, 16, 32, 3), 5000, 16, 32, 25});  // the benchmark's shape
    cases.push_back({blobs(3000, 1, 4, 5), 3000, 1, 6, 40});
    cases.push_back({blobs(2100, 40, 6, 9), 2100, 40, 7, 20});
    auto far = blobs(4000, 3, 4, 11);
    for (float& v : far) v = v * 0.5f + 1e4f;  // 1e4 from the origin: distance gaps near the expansion's error
    cases.push_back({far, 4000, 3, 5, 30});
    std::vector<float> dup(3000 * 2, 1.0f);
    for (std::size_t i = 0; i < dup.size(); i += 7) dup[i] = 2.0f;  // few distinct points: empty clusters
    cases.push_back({dup, 3000, 2, 5, 10});
    cases.push_back({extremes(900 * 3, 17), 900, 3, 4, 10});
    long long skippedTotal = 0;
    for (const Case& c : cases) {
        for (int threads : {1, 3}) {
            std::vector<float> c0(static_cast<std::size_t>(c.k * c.d)), c1(c0.size());
            std::vector<int> l0(static_cast<std::size_t>(c.n)), l1(l0.size());
            double inertia[2];
            int iterations[2];
            for (int bounded : {0, 1}) {
                useBounds(bounded == 1);
                KMeans km(c.k);
                km.seed(4).threads(threads).maxIterations(c.iterations).tolerance(0);
                km.fit({c.x.data(), c.x.size()}, c.n, c.d);
                km.getCentroids({(bounded ? c1 : c0).data(), c0.size()});
                km.getLabels({(bounded ? l1 : l0).data(), l0.size()});
                inertia[bounded] = km.inertia();
                iterations[bounded] = km.iterations();
#if !defined(_WIN32)  // not exported from the Windows DLL
                if (bounded) skippedTotal += detail::lastFitDistanceCounts().skipped;
#endif
            }
            CHECK(std::memcmp(c0.data(), c1.data(), c0.size() * sizeof(float)) == 0);
            CHECK(l0 == l1);
            CHECK(std::memcmp(&inertia[0], &inertia[1], sizeof(double)) == 0);
            CHECK(iterations[0] == iterations[1]);
        }
    }
#if !defined(_WIN32)
    CHECK(skippedTotal > 0);  // the bounds did rule out distance computations
#endif
    useBounds(true);
}

// The kernel gives a row the same label and second value wherever the row sits (what the bounds
// rely on when they run only some rows through it), and the second value is the second smallest.
void kernelRowsAreIndependent() {
    for (int d : {3, 16, 40}) {
        const int k = 21;
        const std::size_t n = 75;
        const auto x = blobs(static_cast<long long>(n), d, 4, static_cast<std::uint32_t>(d));
        std::vector<float> cen(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(k * d));
        for (float& v : cen) v += 0.125f;
        forEachIsa([&](detail::Isa isa) {
            const detail::KMeansKernels& kern = detail::kmeansKernels(isa);
            const int kPad = (k + kern.lanes - 1) / kern.lanes * kern.lanes;
            std::vector<float> panels(static_cast<std::size_t>(kPad * d)), norms(static_cast<std::size_t>(kPad));
            detail::fillPanels(cen.data(), k, d, kern.lanes, panels.data(), norms.data());
            const detail::CentroidPanels view{panels.data(), norms.data(), cen.data(), k, kPad, d};
            std::vector<int> all(n);
            std::vector<float> second(n);
            kern.assign(x.data(), n, view, all.data(), nullptr, nullptr, nullptr, second.data());
            for (std::size_t start : {std::size_t{1}, std::size_t{30}, std::size_t{62}}) {  // every 3rd row from start
                std::vector<float> some;
                for (std::size_t i = start; i < n; i += 3) some.insert(some.end(), x.begin() + static_cast<std::ptrdiff_t>(i * d), x.begin() + static_cast<std::ptrdiff_t>((i + 1) * d));
                const std::size_t m = some.size() / static_cast<std::size_t>(d);
                std::vector<int> labels(m);
                std::vector<float> second2(m);
                kern.assign(some.data(), m, view, labels.data(), nullptr, nullptr, nullptr, second2.data());
                for (std::size_t t = 0; t < m; ++t) {
                    CHECK(labels[t] == all[start + 3 * t]);
                    CHECK(std::memcmp(&second2[t], &second[start + 3 * t], sizeof(float)) == 0);
                }
            }
            for (std::size_t i = 0; i < n; ++i) {  // the second smallest |c|^2 - 2 x.c over the other centroids
                double secondExact = std::numeric_limits<double>::infinity(), scale = 0;
                for (int q = 0; q < k; ++q) {
                    double v = 0;
                    for (int j = 0; j < d; ++j) {
                        const double c = cen[static_cast<std::size_t>(q * d + j)], xj = x[i * static_cast<std::size_t>(d) + static_cast<std::size_t>(j)];
                        v += c * c - 2 * xj * c;
                        scale += c * c + xj * xj;
                    }
                    if (q != all[i]) secondExact = std::min(secondExact, v);
                }
                CHECK(near(second[i], secondExact, 1e-5 * scale));
            }
        });
    }
}

void edgeCases() {
    const float one[] = {1.5f, -2.0f};
    KMeans single(1);
    single.fit({one, 2}, 1, 2);  // n = 1, k = 1
    float c[2];
    int label = -1;
    single.getCentroids({c, 2});
    single.getLabels({&label, 1});
    CHECK(c[0] == 1.5f && c[1] == -2.0f && label == 0 && single.inertia() == 0);

    const float line[] = {0, 1, 10, 11, 20};  // d = 1, k = n
    KMeans all(5);
    all.fit({line, 5}, 5, 1);
    float cl[5];
    all.getCentroids({cl, 5});
    CHECK(all.inertia() == 0);
    std::vector<float> sorted(cl, cl + 5);
    std::sort(sorted.begin(), sorted.end());
    CHECK(sorted == std::vector<float>(line, line + 5));

    const std::vector<float> same(40, 3.0f);  // duplicates: two clusters must be repaired
    KMeans dup(3);
    dup.seed(1).fit({same.data(), same.size()}, 20, 2);
    std::vector<int> labels(20);
    dup.getLabels({labels.data(), labels.size()});
    CHECK(dup.inertia() == 0);
    for (int v : labels) CHECK(v >= 0 && v < 3);
}

void cancellationKeepsPreviousResult() {
    const long long n = 1000;
    const int d = 2, k = 4;
    const auto x = blobs(n, d, 4);
    KMeans km(k);
    km.maxIterations(50).tolerance(0);
    CountingListener never(1000);
    km.fit({x.data(), x.size()}, n, d, &never);
    const int iterations = km.iterations();
    CHECK(never.calls == iterations && never.lastDone == iterations);
    CHECK(never.sameTotal && never.lastTotal == 50);
    const double inertia = km.inertia();
    const auto other = blobs(n, d, 3, 99);
    CountingListener stop(2);
    CHECK_THROWS(OperationCancelled, km.fit({other.data(), other.size()}, n, d, &stop));
    CHECK(stop.calls == 2 && km.inertia() == inertia && km.iterations() == iterations);
    CHECK(stop.sameTotal && stop.lastTotal == 50);
}

void badInputIsRejected() {
    CHECK_THROWS(std::invalid_argument, KMeans(0));
    KMeans km(2);
    CHECK(!km.fitted());
    CHECK_THROWS(std::logic_error, km.inertia());
    int l[4];
    CHECK_THROWS(std::logic_error, km.getLabels({l, 4}));
    CHECK_THROWS(NotReady, km.iterations());  // its own type, a StateError, apart from a closed or busy object
    CHECK_THROWS(std::invalid_argument, km.threads(0));
    CHECK_THROWS(std::invalid_argument, km.maxIterations(0));
    CHECK_THROWS(std::invalid_argument, km.tolerance(-1));
    CHECK_THROWS(std::invalid_argument, km.tolerance(std::numeric_limits<double>::quiet_NaN()));
    float x[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    CHECK_THROWS(std::invalid_argument, km.fit({x, 8}, 1, 8));  // k > n
    CHECK_THROWS(std::invalid_argument, km.fit({x, 8}, 3, 2));  // 6 != 8
    CHECK_THROWS(std::invalid_argument, km.fit({x, 8}, 8, 0));
    CHECK_THROWS(std::invalid_argument, km.fit({x, 0}, 0, 1));
    x[5] = std::numeric_limits<float>::infinity();
    try {
        km.fit({x, 8}, 4, 2);
        CHECK(false);
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()) == "KMeans.fit: data[5] is infinite; only finite values can be clustered");
    }
    x[5] = 5;
    km.fit({x, 8}, 4, 2);
    CHECK(km.fitted());
    float c[3];
    CHECK_THROWS(std::invalid_argument, km.getCentroids({c, 3}));
    CHECK_THROWS(std::invalid_argument, km.getLabels({l, 3}));
    CHECK_THROWS(std::invalid_argument, km.predict({x, 3}, 2, {l, 4}));
    CHECK_THROWS(std::invalid_argument, km.predict({x, 4}, 2, {l, 1}));
    int p[2] = {-1, -1};
    km.predict({x, 4}, 2, {p, 2});
    int fitted[4];
    km.getLabels({fitted, 4});
    CHECK(p[0] == fitted[0] && p[1] == fitted[1]);
}

// accumulateClusters over batches reproduces one KMeans iteration: the labels KMeans gives for the
// same centroids, the sums and counts of the reference, and batches may be added one after another.
void accumulateMatchesKMeans() {
    const long long n = 1500;
    const int d = 4, k = 5;
    const auto x = blobs(n, d, k, 21);
    KMeans km(k);
    km.seed(2).maxIterations(3).tolerance(0).fit({x.data(), x.size()}, n, d);
    std::vector<float> cen(static_cast<std::size_t>(k * d));
    km.getCentroids({cen.data(), cen.size()});
    std::vector<int> fitted(static_cast<std::size_t>(n)), assigned(fitted.size(), -1);
    km.getLabels({fitted.data(), fitted.size()});
    const double inertia = assignClusters({x.data(), x.size()}, n, d, {cen.data(), cen.size()}, k,
                                          {assigned.data(), assigned.size()});
    CHECK(assigned == fitted);
    CHECK(near(inertia, km.inertia(), 1e-12 * km.inertia()));

    std::vector<double> sums(cen.size(), 0.0), expected(cen.size(), 0.0);
    std::vector<long long> counts(static_cast<std::size_t>(k), 0), expectedCounts(counts.size(), 0);
    for (long long i = 0; i < n; ++i) {
        const auto c = static_cast<std::size_t>(fitted[static_cast<std::size_t>(i)]);
        ++expectedCounts[c];
        for (int j = 0; j < d; ++j) expected[c * d + static_cast<std::size_t>(j)] += x[static_cast<std::size_t>(i * d + j)];
    }
    double batches = 0;
    for (long long begin : {0ll, 700ll, 701ll}) {  // three batches, one of them a single row
        const long long end = begin == 0 ? 700 : begin == 700 ? 701 : n;
        batches += accumulateClusters({x.data() + begin * d, static_cast<std::size_t>((end - begin) * d)}, end - begin, d,
                                      {cen.data(), cen.size()}, k, {sums.data(), sums.size()}, {counts.data(), counts.size()});
    }
    CHECK(counts == expectedCounts);
    for (std::size_t i = 0; i < sums.size(); ++i) CHECK(sums[i] == expected[i]);  // row order, as the reference
    CHECK(near(batches, km.inertia(), 1e-12 * km.inertia()));
    CHECK(accumulateClusters({x.data(), 0}, 0, d, {cen.data(), cen.size()}, k, {sums.data(), sums.size()},
                             {counts.data(), counts.size()}) == 0);
    CHECK(counts == expectedCounts);
}

void accumulateRejectsBadInput() {
    float x[6] = {0, 1, 2, 3, 4, 5}, c[4] = {0, 0, 1, 1};
    double s[4] = {-1, -1, -1, -1};
    long long n[2] = {-1, -1};
    int l[3] = {-1, -1, -1};
    auto message = [&](auto call) {
        try {
            call();
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("no exception");
    };
    CHECK(message([&] { accumulateClusters({x, 6}, 3, 2, {c, 4}, 0, {s, 4}, {n, 2}); }) ==
          "accumulateClusters: k must be at least 1, got k=0");
    CHECK(message([&] { accumulateClusters({x, 6}, 3, 0, {c, 4}, 2, {s, 4}, {n, 2}); }) ==
          "accumulateClusters: d must be at least 1, got d=0");
    CHECK(message([&] { accumulateClusters({x, 6}, -1, 2, {c, 4}, 2, {s, 4}, {n, 2}); }) ==
          "accumulateClusters: m must be at least 0, got m=-1");
    CHECK(message([&] { accumulateClusters({x, 6}, 2, 2, {c, 4}, 2, {s, 4}, {n, 2}); }) ==
          "accumulateClusters: points must hold exactly m*d = 2*2 values, got 6");
    CHECK(message([&] { accumulateClusters({x, 6}, 3, 2, {c, 3}, 2, {s, 4}, {n, 2}); }) ==
          "accumulateClusters: centroids must hold exactly k*d = 2*2 values, got 3");
    CHECK(message([&] { accumulateClusters({x, 6}, 3, 2, {c, 4}, 2, {s, 3}, {n, 2}); }) ==
          "accumulateClusters: sums must hold at least k*d = 4 elements, got 3");
    CHECK(message([&] { accumulateClusters({x, 6}, 3, 2, {c, 4}, 2, {s, 4}, {n, 1}); }) ==
          "accumulateClusters: counts must hold at least k = 2 elements, got 1");
    x[3] = std::numeric_limits<float>::quiet_NaN();
    CHECK(message([&] { accumulateClusters({x, 6}, 3, 2, {c, 4}, 2, {s, 4}, {n, 2}); }) ==
          "accumulateClusters: points[3] is NaN; only finite values can be clustered");
    x[3] = 3;
    c[2] = -std::numeric_limits<float>::infinity();
    CHECK(message([&] { assignClusters({x, 6}, 3, 2, {c, 4}, 2, {l, 3}); }) ==
          "assignClusters: centroids[2] is infinite; only finite values can be clustered");
    c[2] = 1;
    CHECK(message([&] { assignClusters({x, 6}, 3, 2, {c, 4}, 2, {l, 2}); }) ==
          "assignClusters: labelsOut must hold at least m = 3 elements, got 2");
    for (double v : s) CHECK(v == -1);  // nothing written by a call that threw
    CHECK(n[0] == -1 && n[1] == -1 && l[0] == -1);
}

}  // namespace

int main() {
    matchesReferenceLloyd();
    seedsAreDataRows();
    sameResultForAnyThreadCount();
    everyPathAgreesWithBaseline();
    edgeCases();
    cancellationKeepsPreviousResult();
    badInputIsRejected();
    accumulateMatchesKMeans();
    accumulateRejectsBadInput();
    extremeValuesOnEveryPath();
    extremeValuesThroughTheApi();
    boundsGivePlainLloydsResults();
    kernelRowsAreIndependent();
    std::printf("kmeans_test: simd=%s failures=%d\n", simdPath(), failures);
    return failures;
}
