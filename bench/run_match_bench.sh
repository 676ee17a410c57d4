#!/usr/bin/env bash
# The "Filter matching" benchmark of bench/RESULTS.md, end to end:
#   1. the standard corpus and its filter files (genfeeds.py, if missing);
#   2. match_bench: items/s at K = 10, 100, 1000, 10000, the whole pipeline
#      against bare pugixml, and per-rule counts over the first 20 feeds;
#   3. the Python per-rule regex baseline (Debian's /usr/bin/python3) over
#      the same rules: its per-rule counts (the oracle) and its items/s;
#   4. the comparison of the two sets of counts.
#   bench/run_match_bench.sh [CORPUS_DIR] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-/tmp/feedbench/corpus-std}
rounds=${2:-7}
genfeeds=${GENFEEDS:-../shared/bench/genfeeds.py}

if [[ ! -f $corpus/f0001-rss2.xml ]]; then
  /usr/bin/python3 "$genfeeds" --seed 1 --feeds 200 --items 50 --out "$corpus"
fi
for k in 10 100 1000 10000; do
  [[ -f $corpus/filters-$k.txt ]] ||
    /usr/bin/python3 "$genfeeds" --seed 1 --feeds 0 --filters "$k" --out "$corpus"
done

cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSALERT_BUILD_BENCH=ON \
  -DNEWSALERT_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench -j "$(nproc)" --target match_bench >/dev/null

echo "== match_bench"
build-bench/bench/match_bench "$corpus" --rounds "$rounds" --counts "$corpus/cpp-counts.tsv"

echo "== Python per-rule regex matching (oracle counts, first 20 feeds)"
/usr/bin/python3 bench/match_baseline.py "$corpus" --filters 10 --filters 100 --filters 1000 \
  --feeds 20 --counts "$corpus/py-counts.tsv" --time

echo "== per-rule counts, C++ vs Python"
/usr/bin/python3 - "$corpus/cpp-counts.tsv" "$corpus/py-counts.tsv" <<'EOF'
import csv, sys
def load(path):
    return {(r["k"], r["rule"]): int(r["count"]) for r in csv.DictReader(open(path), delimiter="\t")}
cpp, py = load(sys.argv[1]), load(sys.argv[2])
keys = sorted(set(cpp) | set(py))
diff = [k for k in keys if cpp.get(k) != py.get(k)]
for k in ("10", "100", "1000"):
    rules = [key for key in keys if key[0] == k]
    print("K=%s: %d rules, %d matches, %d rules differ"
          % (k, len(rules), sum(py.get(key, 0) for key in rules), sum(1 for d in diff if d[0] == k)))
for k in diff[:20]:
    print("  differs:", k, "C++", cpp.get(k), "Python", py.get(k))
sys.exit(1 if diff else 0)
EOF
