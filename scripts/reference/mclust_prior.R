# Reference MAP-EM fits under mclust's conjugate prior, priorControl() with the
# defaults of defaultPrior(), for plugins/gaussian/tests/mclust_prior_test.cpp
# (issue 18). Run from the repository root with Debian's r-cran-mclust (6.0.0):
#   Rscript scripts/reference/mclust_prior.R
# For every data set, every model mclust fits with a prior (not EVE, VEE, VVE,
# EVV) and G = 1..5 it starts me() from the hard partition hclass(hc(X), G),
# the same start as scripts/reference/mclust_models.R, and runs exactly
# `iterations` EM iterations (tol 0). It writes the resolved default prior of
# each G and the fits to tests/data/mclust_prior/<set>.yaml; the test suite
# reads those and never runs R.
suppressMessages(library(mclust))

iterations <- 20L
multivariate <- c("EII", "VII", "EEI", "VEI", "EVI", "VVI", "EEE", "EEV", "VEV", "VVV")
sets <- list(
  list(name = "faithful", file = "tests/data/faithful/faithful.csv", columns = NULL, models = multivariate),
  list(name = "diabetes", file = "tests/data/diabetes/diabetes.csv", columns = NULL, models = multivariate),
  list(name = "banknote", file = "tests/data/banknote/banknote.csv", columns = NULL, models = multivariate),
  list(name = "waiting", file = "tests/data/faithful/faithful.csv", columns = "waiting", models = c("E", "V"))
)

number <- function(x) sprintf("%.17g", x)
vector_text <- function(v) paste0("[", paste(number(v), collapse = ", "), "]")
matrix_text <- function(m) paste0("[", paste(apply(m, 1, vector_text), collapse = ", "), "]")

dir.create("tests/data/mclust_prior", showWarnings = FALSE)
for (set in sets) {
  X <- read.csv(set$file)
  if (!is.null(set$columns)) X <- X[, set$columns, drop = FALSE]
  n <- nrow(X)
  d <- ncol(X)
  data <- if (d == 1) X[, 1] else as.matrix(X)
  starts <- hclass(hc(data), 1:5)
  lines <- c(
    "# Written by scripts/reference/mclust_prior.R; do not edit by hand.",
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
  # defaultPrior(X, G, model): a matrix scale for the models with an orientation, a number for the others
  lines <- c(lines, "# defaultPrior(): scale is var(X)/G^(2/d) (matrix) or its mean diagonal (number)", "priors:")
  for (G in 1:5) {
    full <- defaultPrior(data, G, if (d == 1) "V" else "VVV")
    lines <- c(lines, sprintf("  - components: %d", G),
               sprintf("    shrinkage: %s", number(full$shrinkage)),
               sprintf("    mean: %s", vector_text(full$mean)),
               sprintf("    dof: %s", number(full$dof)),
               sprintf("    scale_matrix: %s", matrix_text(matrix(full$scale, d, d))))
    if (d > 1) lines <- c(lines, sprintf("    scale_number: %s", number(defaultPrior(data, G, "VVI")$scale)))
  }
  lines <- c(lines, "fits:")
  for (model in set$models) {
    for (G in 1:5) {
      fit <- suppressWarnings(me(data, modelName = model, z = unmap(starts[, G], groups = 1:G),
                                 prior = priorControl(),
                                 control = emControl(itmax = c(iterations, .Machine$integer.max),
                                                     tol = c(0, sqrt(.Machine$double.eps)))))
      if (!is.finite(fit$loglik) || any(!is.finite(fit$parameters$mean))) {
        lines <- c(lines, sprintf("  - {model: %s, components: %d, status: failed}", model, G))
        next
      }
      info <- attr(fit, "info")
      done <- abs(info[[1]])
      sigma <- fit$parameters$variance$sigma
      if (d == 1) {
        variance <- fit$parameters$variance$sigmasq
        sigma <- array(rep_len(variance, G), c(1, 1, G))
      }
      lines <- c(lines,
        sprintf("  - model: %s", model),
        sprintf("    components: %d", G),
        sprintf("    iterations: %d", as.integer(done)),
        sprintf("    log_likelihood: %s", number(fit$loglik)),
        sprintf("    weights: %s", vector_text(fit$parameters$pro)),
        sprintf("    means: [%s]", paste(sapply(1:G, function(k) vector_text(matrix(fit$parameters$mean, nrow = d)[, k])), collapse = ", ")),
        sprintf("    covariances: [%s]", paste(sapply(1:G, function(k) matrix_text(matrix(sigma[, , k], d, d))), collapse = ", ")))
    }
  }
  out <- sprintf("tests/data/mclust_prior/%s.yaml", set$name)
  writeLines(lines, out)
  cat(out, ":", length(lines), "lines\n")
}
