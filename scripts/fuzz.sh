#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for
# SECONDS (default 60), with its dictionary and a working copy of its seed
# corpus. New inputs that libFuzzer finds stay in build-fuzz/corpus/<target>/;
# copy the interesting ones into fuzz/corpus/<target>/ to keep them.
# Crashes are written to build-fuzz/artifacts/<target>/.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
jobs=$(nproc)
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cxx=$(command -v clang++ || command -v clang++-14)
cc=$(command -v clang || command -v clang-14)

cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_C_COMPILER="$cc" -DNEWSALERT_BUILD_FUZZERS=ON -DNEWSALERT_BUILD_TESTS=OFF \
  "${launcher[@]}" >/dev/null
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for source in fuzz/*_fuzzer.cc; do targets+=("$(basename "$source" .cc)"); done
fi
cmake --build build-fuzz -j "$jobs" --target "${targets[@]}"

status=0
for target in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$target
  artifacts=build-fuzz/artifacts/$target
  mkdir -p "$corpus" "$artifacts"
  if [[ -d fuzz/corpus/${target%_fuzzer} ]]; then cp -n fuzz/corpus/"${target%_fuzzer}"/* "$corpus"/ || true; fi
  dict=()
  if [[ -f fuzz/$target.dict ]]; then dict=(-dict="fuzz/$target.dict"); fi
  echo "== $target for ${seconds}s"
  if ! build-fuzz/fuzz/"$target" "$corpus" "${dict[@]}" -max_total_time="$seconds" \
        -artifact_prefix="$artifacts/" -print_final_stats=1; then
    echo "== $target: FOUND A PROBLEM (see $artifacts/)"
    status=1
  fi
done
exit $status
