# Reference semi-supervised EM fits (mclust's MclustSSC.fit) for
# tests/cli/cli_known_labels_test.cpp (issue 19). Run from the repository root
# with Debian's r-cran-mclust (6.0.0):
#   Rscript scripts/reference/mclust_ssc.R
# The data are mclust's diabetes (145 rows, 3 classes) with every fourth row's
# class known (levels in R's order Chemical, Normal, Overt = 0, 1, 2) and the
# rest unknown. MclustSSC.fit starts from z one-hot on the known rows and 1/G
# on the others, and alternates mstep, estep (known rows reset to one-hot) for
# itmax iterations (tol −Inf: no early stop). It writes the labelled data, the
# start as a responsibilities file, and per model the log-likelihood of each
# iteration and the final parameters; the test suite never runs R.
suppressMessages(library(mclust))
data(diabetes)

itmax <- 25L
models <- c("VVV", "EEE", "VII", "VEV")
X <- as.matrix(diabetes[, c("glucose", "insulin", "sspg")])
n <- nrow(X)
known <- seq(1, n, by = 4)
class <- factor(rep(NA, n), levels = levels(diabetes$class))
class[known] <- diabetes$class[known]
G <- nlevels(class)

number <- function(x) sprintf("%.17g", x)
vector_text <- function(v) paste0("[", paste(number(v), collapse = ", "), "]")
matrix_text <- function(m) paste0("[", paste(apply(m, 1, vector_text), collapse = ", "), "]")

out <- "tests/data/mclust_ssc"
dir.create(out, showWarnings = FALSE)
label <- ifelse(is.na(class), "", as.character(as.integer(class) - 1L))
write.csv(data.frame(X, known = label), file.path(out, "diabetes_labelled.csv"), row.names = FALSE, quote = FALSE)
z <- matrix(1 / G, n, G)
z[known, ] <- 0
z[cbind(known, as.integer(class[known]))] <- 1
colnames(z) <- paste0("r", seq_len(G) - 1L)
write.csv(format(z, digits = 17), file.path(out, "start_responsibilities.csv"), row.names = FALSE, quote = FALSE)

# MclustSSC.fit's loop with the log-likelihood of every iteration kept (the
# function itself keeps only the last); the same calls in the same order.
fit_ssc <- function(modelName) {
  zz <- z
  z0 <- zz[known, , drop = FALSE]
  trace <- numeric(0)
  for (iter in seq_len(itmax)) {
    fit.m <- mstep(data = X, z = zz, modelName = modelName)
    fit.e <- do.call("estep", c(list(data = X), fit.m))
    zz <- fit.e$z
    zz[known, ] <- z0
    ldens <- do.call("dens", c(list(data = X[-known, , drop = FALSE], logarithm = TRUE), fit.m))
    lcdens <- do.call("cdens", c(list(data = X[known, , drop = FALSE], logarithm = TRUE), fit.m))
    lcdens <- lcdens + matrix(log(fit.m$parameters$pro), nrow = nrow(lcdens), ncol = ncol(lcdens), byrow = TRUE)
    trace <- c(trace, sum(ldens) + sum(lcdens * z0))
  }
  list(fit = fit.m, trace = trace, z = zz)
}

lines <- c(
  "# Written by scripts/reference/mclust_ssc.R; do not edit by hand.",
  sprintf("mclust_version: \"%s\"", as.character(packageVersion("mclust"))),
  "data: diabetes_labelled.csv",
  "start: start_responsibilities.csv",
  sprintf("rows: %d", n),
  sprintf("known_rows: %d", length(known)),
  sprintf("iterations: %d", itmax),
  "fits:")
for (m in models) {
  r <- fit_ssc(m)
  p <- r$fit$parameters
  lines <- c(lines,
    sprintf("  - model: %s", m),
    sprintf("    log_likelihood_trace: %s", vector_text(r$trace)),
    sprintf("    weights: %s", vector_text(p$pro)),
    sprintf("    means: %s", matrix_text(t(p$mean))),
    sprintf("    covariances: [%s]", paste(sapply(seq_len(G), function(k) matrix_text(p$variance$sigma[, , k])),
                                          collapse = ", ")),
    sprintf("    classification: [%s]", paste(max.col(r$z, ties.method = "first") - 1L, collapse = ", ")))
}
writeLines(lines, file.path(out, "diabetes_ssc.yaml"))
