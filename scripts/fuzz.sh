#!/usr/bin/env bash
# Runs each libFuzzer target for a time budget (RELIABILITY.md T36):
#   scripts/fuzz.sh [SECONDS] [TARGET...]   # default 60 s; targets: feed_parser html_text query
# Builds with clang (-fsanitize=fuzzer,address,undefined) in build-fuzz/,
# seeds from fuzz/corpus/<target>/ (and, for the feed parser, the shared
# conformance corpus), keeps what it finds in build-fuzz/corpus/<target>/
# and crashes in build-fuzz/artifacts/<target>/. The targets run at once;
# NEWSALERT_FUZZ_SEQUENTIAL=1 runs them one after the other.
# After a run: add a crash input to fuzz/corpus/<target>/ once it is fixed,
# and merge interesting new inputs with -merge=1 to keep the corpus small.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(feed_parser html_text query)
build=build-fuzz
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSALERT_BUILD_FUZZERS=ON -DNEWSALERT_BUILD_TESTS=OFF \
  "${launcher[@]}" >/dev/null
cmake --build "$build" -j2 --target "${targets[@]/%/_fuzzer}"

# Conformance inputs as extra seeds for the feed parser (first byte 0: no
# HTTP charset).
conformance=${NEWSALERT_CONFORMANCE_DIR:-$(pwd)/../shared/conformance}
[[ -d "$conformance" ]] || conformance=/work/shared/conformance
seeds="$build/seeds/feed_parser"
if [[ -d "$conformance/cases" && ! -d "$seeds" ]]; then
  mkdir -p "$seeds"
  find "$conformance/cases" -name '*.xml' -size -64k | while read -r f; do
    out="$seeds/$(echo "$f" | md5sum | cut -c1-16)"
    { printf '\0'; cat "$f"; } > "$out"
  done
fi

run() {
  local target=$1
  local work="$build/corpus/$target" artifacts="$build/artifacts/$target/"
  mkdir -p "$work" "$artifacts"
  local extra=()
  [[ $target == feed_parser && -d "$seeds" ]] && extra+=("$seeds")
  local dict=fuzz/$target.dict
  [[ -f $dict ]] || dict=fuzz/${target}_fuzzer.dict
  "$build/fuzz/${target}_fuzzer" "$work" "fuzz/corpus/$target" "${extra[@]}" \
    -dict="$dict" -max_total_time="$seconds" -max_len=65536 -timeout=2 \
    -rss_limit_mb=2048 -artifact_prefix="$artifacts" -print_final_stats=1 \
    > "$build/$target.log" 2>&1 && status=0 || status=$?
  echo "== $target: exit $status"
  grep -aE "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb|new_units_added)|^#[0-9]+.*DONE|ERROR|SUMMARY" \
    "$build/$target.log" | tail -8 || true
  return "$status"
}

failed=0
if [[ "${NEWSALERT_FUZZ_SEQUENTIAL:-0}" == "1" ]]; then
  for target in "${targets[@]}"; do run "$target" || failed=1; done
else
  pids=()
  for target in "${targets[@]}"; do run "$target" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
fi
exit "$failed"
