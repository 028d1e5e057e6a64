// A minimal test harness: CHECK records failures, main() returns their count for ctest.
#pragma once

#include <cmath>
#include <cstdio>

#include "mymodule/core.h"

inline int failures = 0;

#define CHECK(condition)                                                      \
    do {                                                                      \
        if (!(condition)) {                                                   \
            std::fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #condition); \
            ++failures;                                                       \
        }                                                                     \
    } while (0)

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
