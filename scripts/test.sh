#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite through
# CTest: once in a normal build, once under AddressSanitizer +
# UndefinedBehaviorSanitizer. The exit status is the result.
#   NEWSALERT_SKIP_SANITIZE=1 scripts/test.sh   # the normal build only
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh test
jobs=$(nproc)
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi

echo "== build (RelWithDebInfo, -Werror)"
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSALERT_WERROR=ON \
  "${launcher[@]}" >/dev/null
cmake --build build-test -j "$jobs"
echo "== tests"
(cd build-test && ctest -j "$jobs" --output-on-failure --timeout 300)

if [[ "${NEWSALERT_SKIP_SANITIZE:-0}" != "1" ]]; then
  echo "== build (AddressSanitizer + UndefinedBehaviorSanitizer)"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DNEWSALERT_SANITIZE=ON -DNEWSALERT_WERROR=ON \
    "${launcher[@]}" >/dev/null
  cmake --build build-asan -j "$jobs"
  echo "== tests under ASan + UBSan"
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     ctest -j "$jobs" --output-on-failure --timeout 600)
fi
echo "== all tests passed"
