// The process-wide count behind mymodule::liveObjects(): every class's constructor and
// destructor adjust it, so a test can compare it before and after.
#pragma once

#include <atomic>

namespace mymodule::detail {

inline std::atomic<long long> liveObjectCount{0};

}  // namespace mymodule::detail
