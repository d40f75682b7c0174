# Reference log-likelihood for the wdbc test of inference.init.scale
# (tests/cli/cli_init_scale_test.cpp): mclust's VVV (full covariance) fit
# with G = 2 on the ten *_mean columns of the Wisconsin breast cancer data.
# Run from the repository root with Debian's r-cran-mclust (6.0.0):
#   Rscript scripts/reference/wdbc_mclust.R
# It writes tests/data/wdbc/mclust_vvv_g2.yaml; the test suite reads that
# file and never runs R.
suppressMessages(library(mclust))

data_file <- "tests/data/wdbc/wdbc_mean.csv"
out_file <- "tests/data/wdbc/mclust_vvv_g2.yaml"
X <- read.csv(data_file)
stopifnot(nrow(X) == 569, ncol(X) == 10)

# mclust's defaults: hierarchical-clustering start, EM to a relative change of 1e-5.
fit <- Mclust(X, G = 2, modelNames = "VVV", verbose = FALSE)
# The same start and EM run on to a relative change of 1e-14, so the value is
# the local maximum itself (the default stop leaves it about 0.02 below).
converged <- Mclust(X, G = 2, modelNames = "VVV", verbose = FALSE,
                    control = emControl(tol = c(1e-14, sqrt(.Machine$double.eps))))
stopifnot(abs(converged$loglik - fit$loglik) < 0.1)

number <- function(x) sprintf("%.17g", x)
lines <- c(
  "# Written by scripts/reference/wdbc_mclust.R; do not edit by hand.",
  sprintf("mclust_version: \"%s\"", as.character(packageVersion("mclust"))),
  sprintf("r_version: \"%s\"", paste(R.version$major, R.version$minor, sep = ".")),
  sprintf("data: %s", basename(data_file)),
  "call: Mclust(X, G = 2, modelNames = \"VVV\")",
  sprintf("rows: %d", nrow(X)),
  sprintf("columns: %d", ncol(X)),
  "# EM with mclust's default tolerance (relative change 1e-5)",
  sprintf("log_likelihood_default_tol: %s", number(fit$loglik)),
  "# the same fit with emControl(tol = c(1e-14, sqrt(eps))): the local maximum",
  sprintf("log_likelihood: %s", number(converged$loglik)),
  sprintf("bic: %s", number(converged$bic)),
  sprintf("cluster_sizes: [%s]", paste(sort(as.integer(table(converged$classification))), collapse = ", "))
)
writeLines(lines, out_file)
cat(paste(lines, collapse = "\n"), "\n")
