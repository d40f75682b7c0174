# Reference merge sequences of mclust's model-based hierarchical clustering,
# hc(), for tests/init/hierarchical_clustering_test.cpp (issue 18).
# Run from the repository root with Debian's r-cran-mclust (6.0.0):
#   Rscript scripts/reference/mclust_hc.R
# For each data set and (modelName, use) it writes hc()'s merge pairs, 0-based:
# pair m = (a, b), a < b, merges the cluster named b (its smallest row) into a.
suppressMessages(library(mclust))

sets <- list(faithful = "tests/data/faithful/faithful.csv",
             diabetes = "tests/data/diabetes/diabetes.csv",
             banknote = "tests/data/banknote/banknote.csv")
variants <- list(c("VVV", "SVD"), c("VVV", "VARS"), c("VVV", "STD"), c("VVV", "SPH"), c("VVV", "PCS"),
                 c("VVV", "PCR"), c("VII", "SVD"), c("VII", "STD"), c("EII", "VARS"), c("EII", "SVD"),
                 c("EEE", "SVD"), c("EEE", "VARS"), c("EEE", "STD"))
lines <- c("# Written by scripts/reference/mclust_hc.R; do not edit by hand.",
           sprintf("mclust_version: \"%s\"", as.character(packageVersion("mclust"))),
           "# hc(X, modelName, use): merge pairs, 0-based, first to last",
           "trees:")
for (name in names(sets)) {
  X <- as.matrix(read.csv(sets[[name]]))
  for (v in variants) {
    tree <- hc(X, modelName = v[1], use = v[2])
    pairs <- t(tree[1:2, , drop = FALSE]) - 1L
    lines <- c(lines,
      sprintf("  - {data: %s, model: %s, use: %s, rows: %d,", name, v[1], v[2], nrow(X)),
      sprintf("     merges: [%s]}", paste(sprintf("[%d, %d]", pairs[, 1], pairs[, 2]), collapse = ", ")))
  }
}
writeLines(lines, "tests/data/mclust_models/hc_merges.yaml")
cat("tests/data/mclust_models/hc_merges.yaml:", length(lines), "lines\n")

# Why VVV on raw faithful (use = "VARS") differs from mixfit after merge 207:
# at merge 208 hc() joins the 63-row cluster of row 4 with {137, 242} although
# joining row 108 with {137, 242} costs less by hc's own criterion (Fraley 1998
# with mclust's alpha = traceW(X / sqrt(n p)), beta = 1), computed here directly.
X <- as.matrix(read.csv(sets[["faithful"]]))
n <- nrow(X); p <- ncol(X)
tree <- hc(X, modelName = "VVV", use = "VARS")
cl <- hclass(tree, n - 207)
alpha <- sum(scale(X, scale = FALSE)^2) / (n * p)
term <- function(rows) {
  m <- length(rows); W <- crossprod(scale(X[rows, , drop = FALSE], scale = FALSE)); tr <- sum(diag(W))
  if (m <= p) return(m * log((tr + alpha) / m))
  m * log(exp(determinant(W / m)$modulus[1]) + (tr + alpha) / m)
}
cost <- function(a, b) { ra <- which(cl == cl[a]); rb <- which(cl == cl[b]); term(c(ra, rb)) - term(ra) - term(rb) }
cat(sprintf("faithful VVV VARS merge 208: hc joins rows 4+137 at cost %.4f; rows 108+137 would cost %.4f\n",
            cost(5, 138), cost(109, 138)))
