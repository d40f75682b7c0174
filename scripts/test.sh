#!/usr/bin/env bash
# Installs what mixfit needs, builds it with its tests and runs the whole suite under CTest (Release, GCC);
# then scripts/sanitize-and-fuzz.sh builds it again with AddressSanitizer + UBSan (clang-14), fuzzes the
# experiment-file parser and the CSV reader for a minute each and runs the whole suite once more there.
# MIXFIT_SKIP_SANITIZERS=1 stops after the first run (a quick local check).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
# Tests and benchmarks on explicitly: build/ may have been configured by scripts/quickstart.sh without them.
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DMIXFIT_BUILD_TESTS=ON -DMIXFIT_BUILD_BENCHMARKS=ON
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
if [ "${MIXFIT_SKIP_SANITIZERS:-0}" != 1 ]; then
  ./scripts/sanitize-and-fuzz.sh
fi
