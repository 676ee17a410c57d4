// Invariants the fuzz targets check on every input: a violation aborts, so
// libFuzzer (and the corpus replay test) reports it like a crash.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "base/strings.h"

namespace newsalert::fuzz {

inline void Require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
  }
}

inline void RequireUtf8(std::string_view text, const char* what) {
  Require(IsValidUtf8(text), what);
}

}  // namespace newsalert::fuzz
