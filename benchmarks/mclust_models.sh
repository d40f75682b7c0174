#!/usr/bin/env bash
# Per-iteration EM time of mclust's 14 covariance models, mixfit against mclust's me() (R), on the same data
# and start: rows drawn from benchmarks/mclust_models_generating.yaml (banknote's VVE fit, D = 6, K = 3), EM
# started from the drawn components (one-hot), 20 iterations, no stopping. mixfit's figure is the median of
# its trace.csv per-iteration seconds; mclust's is me()'s elapsed time over its iterations (one thread: R's
# mclust is sequential Fortran). Needs R with mclust (Debian: r-cran-mclust); skips with a reason without it.
# Usage: benchmarks/mclust_models.sh BUILD_DIR [ROWS] [THREADS]
set -euo pipefail
build=${1:?usage: benchmarks/mclust_models.sh BUILD_DIR [ROWS] [THREADS]}
rows=${2:-100000}
threads=${3:-1}
here=$(cd "$(dirname "$0")" && pwd)
mixfit="$build/bin/mixfit"
if ! command -v Rscript >/dev/null || ! Rscript -e 'suppressMessages(library(mclust))' >/dev/null 2>&1; then
  echo "skipped: Rscript with the mclust package is not installed (apt-get install r-cran-mclust)"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "${KEEP:-}" ] && trap - EXIT && echo "work directory: $work"
"$mixfit" sample --model "$here/mclust_models_generating.yaml" -n "$rows" --seed 1 --out "$work/data.csv"
# The start: one-hot responsibilities of the drawn component (the CSV's last column).
awk -F, 'NR == 1 {print "r0,r1,r2"; next} {c = $NF; printf "%d,%d,%d\n", c == 0, c == 1, c == 2}' \
  "$work/data.csv" > "$work/start.csv"
models="EII VII EEI VEI EVI VVI EEE VEE EVE VVE EEV VEV EVV VVV"
cat > "$work/mclust.R" <<'RSCRIPT'
suppressMessages(library(mclust))
args <- commandArgs(trailingOnly = TRUE)
X <- as.matrix(read.csv(args[1])[, 1:6])
z <- as.matrix(read.csv(args[2]))
for (model in strsplit(args[3], " ")[[1]]) {
  seconds <- system.time(fit <- me(X, modelName = model, z = z,
                                   control = emControl(itmax = c(20, .Machine$integer.max), tol = c(0, sqrt(.Machine$double.eps)))))[["elapsed"]]
  info <- attr(fit, "info")
  if (is.null(info) || !is.finite(fit$loglik)) { cat(model, "NA", seconds, "NA", "\n"); next }
  cat(model, abs(info[[1]]), seconds, sprintf("%.17g", fit$loglik), "\n")
}
RSCRIPT
Rscript "$work/mclust.R" "$work/data.csv" "$work/start.csv" "$models" > "$work/mclust.txt"
printf "rows %s, D = 6, K = 3, 20 EM iterations, mixfit threads %s\n" "$rows" "$threads"
printf "%-5s %14s %14s %8s %22s\n" model "mixfit s/it" "mclust s/it" ratio "log L (mixfit−mclust)/|mclust|"
for model in $models; do
  cat > "$work/$model.yaml" <<YAML
experiment: {name: bench_$model, seed: 1}
data: {path: $work/data.csv, columns: [Length, Left, Right, Bottom, Top, Diagonal]}
model: {components: 3, family: gaussian, options: {covariance: $model, reg_covar: 0}}
inference: {algorithm: em, n_init: 1, max_iter: 19, tol: 0, threads: $threads,
            init: {method: responsibilities, file: $work/start.csv}}
output: {dir: $work/$model}
YAML
  "$mixfit" run "$work/$model.yaml" --quiet > /dev/null
  ours=$(awk -F, 'NR > 2 {print $4}' "$work/$model/trace.csv" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
  our_ll=$(awk '/^log_likelihood:/ {print $2}' "$work/$model/summary.yaml")
  read -r _ iterations seconds their_ll < <(grep "^$model " "$work/mclust.txt")
  if [ "$iterations" = NA ]; then
    printf "%-5s %14.6f %14s %8s %22s\n" "$model" "$ours" "failed" "" "(mclust stopped: $seconds s)"
    continue
  fi
  awk -v m="$model" -v o="$ours" -v s="$seconds" -v i="$iterations" -v a="$our_ll" -v b="$their_ll" \
    'BEGIN {t = s / i; printf "%-5s %14.6f %14.6f %7.1f× %22.1e\n", m, o, t, t / o, (a - b) / (b < 0 ? -b : b)}'
done
