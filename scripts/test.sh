#!/usr/bin/env bash
# Installs what mixfit needs, builds it with its tests and benchmarks (Release, GCC) and runs the whole
# suite under CTest: every family's and the driver's tests, the reference fits, threads and MPI ranks, and
# the fuzzers' committed corpora replayed. This is what CI runs (.ci/run).
# MIXFIT_SANITIZERS=1 then runs scripts/sanitize-and-fuzz.sh as well: the same suite again under
# AddressSanitizer and UBSan (clang-14) and a minute of fuzzing per harness, about twice as long again.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
# Ninja for a new build tree (it schedules the 2-core build tighter than make: 522 s against about 570 s);
# an existing tree keeps the generator it was made with.
generator=()
[ -f build/CMakeCache.txt ] || generator=(-G Ninja)
# Tests and benchmarks on explicitly: build/ may have been configured by scripts/quickstart.sh without them.
cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DMIXFIT_BUILD_TESTS=ON -DMIXFIT_BUILD_BENCHMARKS=ON
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
if [ "${MIXFIT_SANITIZERS:-0}" = 1 ]; then
  ./scripts/sanitize-and-fuzz.sh
fi
