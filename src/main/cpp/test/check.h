// A minimal test harness: CHECK records failures, main() returns their count for ctest.
#pragma once

#include <cmath>
#include <cstdio>

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
