// A minimal test harness: CHECK records failures, main() returns their count for ctest.
#pragma once

#include <cmath>
#include <cstdio>

#include "mymodule/core.h"
#include "mymodule/progress.h"
#include "simd.h"

inline int failures = 0;

// The instruction set whose kernels forEachIsa is running, or null: CHECK names it in a failure.
inline const char* checkIsa = nullptr;

#define CHECK(condition)                                                                            \
    do {                                                                                            \
        if (!(condition)) {                                                                         \
            std::fprintf(stderr, "%s:%d: CHECK(%s) failed%s%s\n", __FILE__, __LINE__, #condition,  \
                         checkIsa != nullptr ? " on " : "", checkIsa != nullptr ? checkIsa : "");   \
            ++failures;                                                                             \
        }                                                                                           \
    } while (0)

// Runs body(isa) for every instruction set with kernels on this architecture (MYMODULE_FOR_EACH_ISA)
// that the CPU has and MYMODULE_SIMD allows (detail::cpuAllows), baseline first: so each test covers
// every table it can run by construction, and a run capped with MYMODULE_SIMD runs no instruction
// above the cap.
template <class Body>
void forEachIsa(const Body& body) {
    for (const mymodule::detail::Isa isa : mymodule::detail::kIsas) {
        if (!mymodule::detail::cpuAllows(isa)) continue;
        checkIsa = mymodule::detail::isaName(isa);
        body(isa);
    }
    checkIsa = nullptr;
}

// Runs `statement` and checks that it throws `Exception`.
#define CHECK_THROWS(Exception, statement)        \
    do {                                          \
        bool thrown = false;                      \
        try {                                     \
            statement;                            \
        } catch (const Exception&) {              \
            thrown = true;                        \
        }                                         \
        CHECK(thrown && #statement " throws " #Exception); \
    } while (0)

inline bool near(double a, double b, double tolerance) { return std::fabs(a - b) <= tolerance; }

// A progress listener that records what it is told and cancels (returns false) once done reaches
// cancelAtDone; -1 never cancels.
struct CountingListener : mymodule::ProgressListener {
    long long calls = 0, lastDone = 0, lastTotal = 0, cancelAt;
    bool sameTotal = true;  // every call reported the same total
    explicit CountingListener(long long cancelAtDone = -1) : cancelAt(cancelAtDone) {}
    bool onProgress(long long done, long long total) override {
        sameTotal = sameTotal && (calls == 0 || total == lastTotal);
        ++calls;
        lastDone = done;
        lastTotal = total;
        return cancelAt < 0 || done < cancelAt;
    }
};
