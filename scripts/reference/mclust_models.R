# Reference fits of mclust's parsimonious Gaussian models (Celeux & Govaert
# 1995) for plugins/gaussian/tests/mclust_models_test.cpp (issue 18).
# Run from the repository root with Debian's r-cran-mclust (6.0.0):
#   Rscript scripts/reference/mclust_models.R
# For every data set, model and G = 1..5 it starts mclust's EM (me()) from
# the hard partition of its default hierarchical start, hclass(hc(X), G),
# and runs exactly `iterations` EM iterations (tol 0), with the inner
# M-step loops of the iterative models at mclust's defaults. It writes one
# YAML file per data set to tests/data/mclust_models/; the test suite reads
# those and never runs R.
suppressMessages(library(mclust))

iterations <- 20L
multivariate <- c("EII", "VII", "EEI", "VEI", "EVI", "VVI", "EEE", "VEE",
                  "EVE", "VVE", "EEV", "VEV", "EVV", "VVV")
sets <- list(
  list(name = "faithful", file = "tests/data/faithful/faithful.csv", columns = NULL, models = multivariate),
  list(name = "diabetes", file = "tests/data/diabetes/diabetes.csv", columns = NULL, models = multivariate),
  list(name = "banknote", file = "tests/data/banknote/banknote.csv", columns = NULL, models = multivariate),
  list(name = "waiting", file = "tests/data/faithful/faithful.csv", columns = "waiting", models = c("E", "V"))
)

number <- function(x) sprintf("%.17g", x)
vector_text <- function(v) paste0("[", paste(number(v), collapse = ", "), "]")
matrix_text <- function(m) paste0("[", paste(apply(m, 1, vector_text), collapse = ", "), "]")

# Writes the two data sets mclust ships that the repository does not have yet.
if (!file.exists("tests/data/diabetes/diabetes.csv")) {
  dir.create("tests/data/diabetes", showWarnings = FALSE)
  write.csv(mclust::diabetes[, -1], "tests/data/diabetes/diabetes.csv", row.names = FALSE, quote = FALSE)
}
if (!file.exists("tests/data/banknote/banknote.csv")) {
  dir.create("tests/data/banknote", showWarnings = FALSE)
  write.csv(mclust::banknote[, -1], "tests/data/banknote/banknote.csv", row.names = FALSE, quote = FALSE)
}

for (set in sets) {
  X <- read.csv(set$file)
  if (!is.null(set$columns)) X <- X[, set$columns, drop = FALSE]
  n <- nrow(X)
  d <- ncol(X)
  data <- if (d == 1) X[, 1] else as.matrix(X)
  tree <- hc(data)
  starts <- hclass(tree, 1:5)
  lines <- c(
    "# Written by scripts/reference/mclust_models.R; do not edit by hand.",
    sprintf("mclust_version: \"%s\"", as.character(packageVersion("mclust"))),
    sprintf("data: %s", basename(set$file)),
    sprintf("columns: [%s]", paste(colnames(X), collapse = ", ")),
    sprintf("rows: %d", n),
    sprintf("iterations: %d", iterations),
    "# hclass(hc(X), G) - 1: the start of every fit with G components",
    "starts:")
  for (G in 1:5)
    lines <- c(lines, sprintf("  - {components: %d, labels: [%s]}", G,
                              paste(starts[, G] - 1L, collapse = ", ")))
  lines <- c(lines, "fits:")
  for (model in set$models) {
    for (G in 1:5) {
      fit <- suppressWarnings(me(data, modelName = model, z = unmap(starts[, G], groups = 1:G),
                                 control = emControl(itmax = c(iterations, .Machine$integer.max),
                                                     tol = c(0, sqrt(.Machine$double.eps)))))
      if (!is.finite(fit$loglik) || any(!is.finite(fit$parameters$mean))) {
        lines <- c(lines, sprintf("  - {model: %s, components: %d, status: failed}", model, G))
        next
      }
      info <- attr(fit, "info")
      if (is.null(info)) stop(sprintf("%s %s G = %d: me() returned no iteration count", set$name, model, G))
      done <- abs(info[[1]])
      sigma <- fit$parameters$variance$sigma
      if (d == 1) {
        variance <- fit$parameters$variance$sigmasq
        sigma <- array(rep_len(variance, G), c(1, 1, G))
      }
      df <- nMclustParams(model, d, G)
      lines <- c(lines,
        sprintf("  - model: %s", model),
        sprintf("    components: %d", G),
        sprintf("    iterations: %d", as.integer(done)),
        sprintf("    log_likelihood: %s", number(fit$loglik)),
        sprintf("    df: %d", as.integer(df)),
        sprintf("    bic: %s", number(bic(model, fit$loglik, n, d, G))),
        sprintf("    weights: %s", vector_text(fit$parameters$pro)),
        sprintf("    means: [%s]", paste(sapply(1:G, function(k) vector_text(matrix(fit$parameters$mean, nrow = d)[, k])), collapse = ", ")),
        sprintf("    covariances: [%s]", paste(sapply(1:G, function(k) matrix_text(matrix(sigma[, , k], d, d))), collapse = ", ")))
    }
  }
  out <- sprintf("tests/data/mclust_models/%s.yaml", set$name)
  writeLines(lines, out)
  cat(out, ":", length(lines), "lines\n")
}

# mclust's own model selection on banknote (its default hierarchical start and
# EM tolerance): the BIC table over the 14 models and G = 1..5, for
# tests/cli/cli_mclust_models_test.cpp. mixfit's own starts may reach a
# higher likelihood for G > 1; with G = 1 every model has one optimum.
X <- read.csv("tests/data/banknote/banknote.csv")
table <- mclustBIC(X, G = 1:5, modelNames = multivariate, verbose = FALSE)
best <- strsplit(names(pickBIC(table, k = 1)), ",")[[1]]
lines <- c(
  "# Written by scripts/reference/mclust_models.R; do not edit by hand.",
  sprintf("mclust_version: \"%s\"", as.character(packageVersion("mclust"))),
  "call: mclustBIC(banknote[, -1], G = 1:5)",
  sprintf("best: {model: %s, components: %s}", best[1], best[2]),
  "# mclust's BIC (2 log L - df log n, higher is better) per model, G = 1..5",
  "bic:")
for (model in multivariate)
  lines <- c(lines, sprintf("  %s: %s", model, vector_text(table[, model])))
writeLines(lines, "tests/data/mclust_models/banknote_bic.yaml")
cat(paste(lines, collapse = "\n"), "\n")
