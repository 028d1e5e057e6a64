// The lifetime and threading contract of mymodule::Resource, on real classes: close() against calls in
// progress on other threads and from a listener, two close() at once, changing calls against each
// other. `cppbuild.sh sanitize` runs it under TSan too, where any data race fails it.
#include <atomic>
#include <cmath>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "check.h"
#include "mymodule/kmeans.h"
#include "mymodule/nbody.h"
#include "mymodule/stats.h"

using namespace mymodule;

namespace {

std::vector<float> noise(std::size_t n) {
    std::vector<float> x(n);
    unsigned state = 12345;
    for (float& v : x) v = static_cast<float>((state = state * 1664525u + 1013904223u) >> 8) / 16777216.0f;
    return x;
}

// A listener that runs `inside` on its first call.
struct Hook : ProgressListener {
    std::function<void()> inside;
    bool done = false;
    explicit Hook(std::function<void()> f) : inside(std::move(f)) {}
    bool onProgress(long long, long long) override {
        if (!done) {
            done = true;
            inside();
        }
        return true;
    }
};

void callsAfterCloseThrowStateError() {
    const long long before = liveObjects();
    RunningStats stats;
    CHECK(liveObjects() == before + 1);
    stats.close();
    CHECK(stats.closed() && liveObjects() == before);
    std::string what;
    try {
        stats.count();
    } catch (const StateError& e) {
        what = e.what();
    }
    CHECK(what == "RunningStats.count: this RunningStats is closed");
    stats.close();  // a second close does nothing
    CHECK(liveObjects() == before);
}

void closeDuringAListenerCallIsRefused() {
    const auto x = noise(3000);
    KMeans km(4);
    std::string fromInside;
    Hook closing([&] {
        try {
            km.close();
        } catch (const StateError& e) {
            fromInside = e.what();
        }
    });
    km.maxIterations(3).fit({x.data(), x.size()}, 1000, 3, &closing);
    CHECK(fromInside == "KMeans.close: this KMeans is in use by another call");
    CHECK(!km.closed() && km.fitted());
    std::string listenerClosed;
    Hook self([&] {});
    self.inside = [&] {
        try {
            self.close();
        } catch (const StateError& e) {
            listenerClosed = e.what();
        }
    };
    km.fit({x.data(), x.size()}, 1000, 3, &self);
    CHECK(listenerClosed == "ProgressListener.close: this ProgressListener is in use by another call");
}

// Two threads race close() against calls on one object: every call either completes or throws
// StateError, and exactly one close() does the work.
void closeRacesCallsOnOtherThreads() {
    const auto x = noise(6000);
    for (int round = 0; round < 20; ++round) {
        KMeans km(3);
        NBody sim(64);
        RunningStats stats;
        std::atomic<int> refused{0}, completed{0};
        auto use = [&] {
            for (int i = 0; i < 20; ++i) {
                try {
                    stats.add({x.data(), 100});
                    km.fit({x.data(), x.size()}, 2000, 3);
                    sim.step(1);
                    ++completed;
                } catch (const StateError&) {
                    ++refused;
                }
            }
        };
        auto close = [&] {
            for (;;) {
                try {
                    km.close();
                    sim.close();
                    stats.close();
                    return;
                } catch (const StateError&) {
                    std::this_thread::yield();  // in use: try again, as a caller would
                }
            }
        };
        std::thread a(use), b(close), c(close);
        a.join();
        b.join();
        c.join();
        CHECK(km.closed() && sim.closed() && stats.closed());
        CHECK(completed + refused == 20);
    }
}

void changingCallsNeedTheObjectAlone() {
    RunningStats stats;
    const std::vector<float> ones(200000, 1.0f);
    std::atomic<long long> added{0}, refused{0};
    auto add = [&] {
        for (int i = 0; i < 50; ++i) {
            try {
                stats.add({ones.data(), ones.size()});
                added += static_cast<long long>(ones.size());
            } catch (const StateError&) {
                ++refused;
            }
        }
    };
    std::thread a(add), b(add);
    a.join();
    b.join();
    CHECK(stats.count() == added.load());  // never a lost update: each add either counted or refused
    CHECK(added + refused * 200000 == 2 * 50 * 200000LL);
}

// Cheap getters read without registering (Resource::snapshot) while another thread resets and refills
// the object: a read is whole, from one state between changes, or a StateError; never a mix of the
// two (count from before reset() and min from after it would give 0).
void snapshotsNeverMixTwoStates() {
    RunningStats stats;
    const std::vector<float> fives(100, 5.0f);
    std::atomic<bool> done{false};
    std::thread writer([&] {
        for (int i = 0; i < 200000; ++i) {
            stats.reset();
            stats.add({fives.data(), fives.size()});
        }
        done = true;
    });
    long long whole = 0, mixed = 0;
    while (!done) {
        try {
            const double min = stats.min(), mean = stats.mean();
            for (double v : {min, mean}) (std::isnan(v) || v == 5.0 ? whole : mixed) += 1;
        } catch (const StateError&) {
            // a change was in progress
        }
    }
    writer.join();
    CHECK(mixed == 0);
    CHECK(whole > 0);
}

void viewsOutliveClose() {
    NBody sim = NBody::circularBinary();
    std::vector<float> expected(6);
    sim.getPositions({expected.data(), expected.size()});
    const View<const float> view = sim.positionsView();
    sim.close();
    for (std::size_t i = 0; i < expected.size(); ++i) CHECK(view[i] == expected[i]);
}

}  // namespace

int main() {
    callsAfterCloseThrowStateError();
    closeDuringAListenerCallIsRefused();
    closeRacesCallsOnOtherThreads();
    changingCallsNeedTheObjectAlone();
    snapshotsNeverMixTwoStates();
    viewsOutliveClose();
    return failures;
}
