#!/usr/bin/env bash
# Strong scaling of 'mixfit run' under mpirun: the same data set (L by default:
# N = 1,000,000, D = 16, K = 32), 10 EM iterations from the same k-means++
# start, on 1..R ranks of one thread each. Prints seconds per EM iteration
# (from trace.csv) and the speed-up. Usage: strong_scaling.sh BUILD_DIR [DATASET] [MAX_RANKS]
set -euo pipefail
build=${1:?usage: strong_scaling.sh BUILD_DIR [DATASET] [MAX_RANKS]}
dataset=${2:-L}
max_ranks=${3:-4}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$build/bin/mixfit-bench" --datasets "$dataset" --write-npy "$work/data.npy"
components=$(case "$dataset" in M) echo 16;; L) echo 32;; H) echo 8;; esac)
cat > "$work/scaling.yaml" <<YAML
experiment: {name: scaling, seed: 1}
data: {path: data.npy}
model: {components: $components, family: gaussian, options: {covariance: full}}
inference: {algorithm: em, max_iter: 10, tol: 0, threads: 1, init: {method: random_from_data}}
output: {dir: run}
YAML

printf "%-6s %14s %10s\n" ranks "s/iteration" speed-up
base=
for ranks in $(seq 1 "$max_ranks"); do
  mpirun --allow-run-as-root --oversubscribe -np "$ranks" --mca btl self,vader,tcp \
    "$build/bin/mixfit" run "$work/scaling.yaml" --out "$work/run$ranks" --quiet > /dev/null
  # Mean of the iterations' seconds (column 4 of trace.csv), the first one left out (warm-up).
  per_iteration=$(awk -F, 'NR > 2 { total += $4; n++ } END { printf "%.4f", total / n }' "$work/run$ranks/trace.csv")
  base=${base:-$per_iteration}
  printf "%-6s %14s %10.2f\n" "$ranks" "$per_iteration" "$(echo "$base / $per_iteration" | bc -l)"
  cmp -s "$work/run1/model.yaml" "$work/run$ranks/model.yaml" || echo "  model.yaml differs from 1 rank!"
done
