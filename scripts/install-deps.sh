#!/usr/bin/env bash
# Installs the Debian 12 packages newsalert needs, if any are missing.
#   scripts/install-deps.sh build   # to build and run the daemon
#   scripts/install-deps.sh test    # also to run the test suite
# Needs root (or sudo) only when something is missing.
set -euo pipefail

build_packages=(
  g++ cmake make pkg-config ca-certificates
  libcurl4-openssl-dev libpugixml-dev libsqlite3-dev libspdlog-dev libfmt-dev
  libtomlplusplus-dev nlohmann-json3-dev libre2-dev libutf8proc-dev libssl-dev
  libsystemd-dev libgumbo-dev libcpp-httplib-dev
)
test_packages=(
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-aiosmtpd sqlite3 openssl systemd dpkg-dev
  python3-brotli python3-zstandard nginx-light bc time
  clang libclang-rt-14-dev
)

packages=("${build_packages[@]}")
if [[ "${1:-build}" == "test" ]]; then
  packages+=("${test_packages[@]}")
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "Installing missing packages: ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet: update only when needed.
if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
  "${sudo[@]}" apt-get update
  "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi
