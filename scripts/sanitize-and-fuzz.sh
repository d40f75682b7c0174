#!/usr/bin/env bash
# The sanitizer and fuzzing stage (run alone, or by MIXFIT_SANITIZERS=1 ./scripts/test.sh): builds
# everything with clang-14 under AddressSanitizer + UndefinedBehaviorSanitizer (-O1 -g; any UBSan report is fatal) in build-sanitize/,
# runs each libFuzzer harness for FUZZ_SECONDS (default 60, both at once) from its committed corpus in
# tests/fuzz/corpus/<harness>/, then runs the whole CTest suite in that build.
# A crashing fuzz input is kept as build-sanitize/fuzz-artifacts/<harness>-crash-*; add it to the
# harness's corpus once the bug is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --sanitizers
build=${SANITIZE_BUILD_DIR:-build-sanitize}
seconds=${FUZZ_SECONDS:-60}
jobs=$(nproc)
harnesses=(experiment_parser csv_reader)

# Without MPI (Open MPI's own allocations trip LeakSanitizer at exit; the driver's
# collectives still run, through the single-process communicator) and without
# mixfit-bench (Armadillo's GMM needs OpenMP, which clang-14 has only with libomp).
generator=()
[ -f "$build/CMakeCache.txt" ] || generator=(-G Ninja)  # as in scripts/test.sh
cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++-14 \
      -DMIXFIT_BUILD_TESTS=ON -DMIXFIT_BUILD_FUZZERS=ON -DMIXFIT_WITH_MPI=OFF -DMIXFIT_BUILD_BENCHMARKS=OFF
cmake --build "$build" -j"$jobs"

# Stack traces for every report; leak checks stay on (the default).
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_stack_use_after_return=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

echo "fuzzing: ${harnesses[*]}, ${seconds} s each, in parallel"
mkdir -p "$build/fuzz-artifacts"
pids=()
for harness in "${harnesses[@]}"; do
  # New inputs go to a scratch corpus; the committed one is only read.
  scratch="$build/fuzz-corpus/$harness"
  mkdir -p "$scratch"
  "$build/bin/fuzz_$harness" -max_total_time="$seconds" -print_final_stats=1 \
      -dict="tests/fuzz/$harness.dict" -artifact_prefix="$build/fuzz-artifacts/$harness-" \
      "$scratch" "tests/fuzz/corpus/$harness" > "$build/fuzz-$harness.log" 2>&1 &
  pids+=($!)
done
failed=0
for i in "${!harnesses[@]}"; do
  harness=${harnesses[$i]}
  if wait "${pids[$i]}"; then
    echo "fuzz_$harness: no failure ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$build/fuzz-$harness.log" \
          | grep -o '[0-9]*$') inputs)"
  else
    failed=1
    echo "fuzz_$harness FAILED; the end of its log ($build/fuzz-$harness.log):"
    tail -n 60 "$build/fuzz-$harness.log"
  fi
done
[ "$failed" -eq 0 ] || exit 1

ctest --test-dir "$build" --output-on-failure -j"$jobs"
