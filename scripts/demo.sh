#!/usr/bin/env bash
# The demo of the README's Quick start: installs what is missing, builds in
# Release mode, and runs newsalert on config/demo.toml (bundled sample feeds,
# state in ./demo-state, alerts on this console). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh build
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DNEWSALERT_BUILD_TESTS=OFF >/dev/null
cmake --build build-release --target newsalert -j "$(nproc)"

# Start from a fresh state so the demo alerts every time it runs.
rm -rf demo-state
echo
echo "newsalert demo: polling config/demo-feeds/ — alerts appear below. Ctrl-C to stop."
echo
exec ./build-release/newsalert run -c config/demo.toml "$@"
