// Argument checks shared by the implementations: each throws a standard exception whose message
// names the function and the argument, which Java receives as IllegalArgumentException.
#pragma once

#include <stdexcept>
#include <string>

#include "mymodule/common.h"

namespace mymodule::detail {

/// Rejects a span whose data is null although it claims elements (possible from C++ only).
template <class T>
void requireData(const char* function, Span<T> values) {
    if (values.data() == nullptr && !values.empty()) {
        throw std::invalid_argument(std::string(function) + ": values is null");
    }
}

}  // namespace mymodule::detail
