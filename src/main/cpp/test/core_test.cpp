#include "mymodule/core.h"

#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>

#include "check.h"

using namespace mymodule;

namespace {

void addBasics() {
    CHECK(add(3, 4) == 7);
    CHECK(add(-3, -4) == -7);
    CHECK(add(0, 0) == 0);
    CHECK(add(INT_MAX, INT_MIN) == -1);
    CHECK_THROWS(std::overflow_error, add(INT_MAX, 1));
    CHECK_THROWS(std::overflow_error, add(INT_MIN, -1));
    try {
        add(INT_MAX, 1);
    } catch (const std::overflow_error& e) {
        CHECK(std::string(e.what()) == "add: int overflow in 2147483647 + 1");
    }
}

void versionIsSemantic() { CHECK(std::strlen(version()) >= 5 && version()[1] == '.'); }

void simdPathIsKnown() {
    const std::string path = simdPath();
    CHECK(path == "avx512" || path == "avx2" || path == "neon" || path == "baseline");
    if (const char* expectedPath = std::getenv("MYMODULE_EXPECT_SIMD")) CHECK(path == expectedPath);
}

void liveObjectsCountsListeners() {
    const long long before = liveObjects();
    {
        CountingListener listener;
        CHECK(liveObjects() == before + 1);
    }
    CHECK(liveObjects() == before);
}

}  // namespace

int main() {
    addBasics();
    versionIsSemantic();
    simdPathIsKnown();
    liveObjectsCountsListeners();
    return failures;
}
