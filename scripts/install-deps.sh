#!/usr/bin/env bash
# Installs the Debian 12 packages mixfit builds and tests with. Idempotent:
# packages already present are skipped, so re-running costs one dpkg query.
# --sanitizers adds clang-14 and its sanitizer and libFuzzer runtimes, for
# scripts/sanitize-and-fuzz.sh only.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost-dev libboost-math-dev libboost-random-dev
  libboost-program-options-dev libboost-test-dev
  libarmadillo-dev libopenblas-dev liblapack-dev
  libyaml-cpp-dev
  libssl-dev
  openmpi-bin libopenmpi-dev
  gnuplot-nox
  libstb-dev
)
if [ "${1:-}" = --sanitizers ]; then
  packages+=(clang-14 libclang-rt-14-dev)
elif [ $# -gt 0 ]; then
  echo "install-deps: unknown argument '$1' (expected nothing or --sanitizers)" >&2
  exit 2
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
