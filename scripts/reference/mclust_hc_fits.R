# Reference Mclust() fits with mclust's default hierarchical start, for
# tests/cli/cli_mclust_models_test.cpp (issue 18). Run from the repository root
# with Debian's r-cran-mclust (6.0.0):  Rscript scripts/reference/mclust_hc_fits.R
# Mclust(X, G, modelNames) starts EM (me()) from hclass(hc(X, "VVV", use = "SVD"), G)
# and runs it to emControl()'s relative tolerance 1e-5. The script re-runs that
# me() call to read its iteration count (Mclust does not report it), checks
# that its log-likelihood is Mclust's, and writes both with the classification,
# mclust's ICL (icl(fit): BIC + 2 sum log z_map, higher is better) and the sum of
# its per-row uncertainty 1 - max_k z_ik; then the same with equal proportions,
# under mclust's default prior, from the EEE merge criterion, and with a noise
# component.
suppressMessages(library(mclust))

models <- c("EII", "VII", "EEI", "VEI", "EVI", "VVI", "EEE", "VEE", "EVE", "VVE", "EEV", "VEV", "EVV", "VVV")
sets <- list(faithful = "tests/data/faithful/faithful.csv",
             diabetes = "tests/data/diabetes/diabetes.csv",
             banknote = "tests/data/banknote/banknote.csv")
number <- function(x) sprintf("%.17g", x)
lines <- c("# Written by scripts/reference/mclust_hc_fits.R; do not edit by hand.",
           sprintf("mclust_version: \"%s\"", as.character(packageVersion("mclust"))),
           "fits:")
for (name in names(sets)) {
  X <- as.matrix(read.csv(sets[[name]]))
  tree <- hc(X, modelName = "VVV", use = "SVD")
  for (model in models) {
    for (G in 2:4) {
      fit <- Mclust(X, G = G, modelNames = model, verbose = FALSE)
      if (is.null(fit)) {
        lines <- c(lines, sprintf("  - {data: %s, model: %s, components: %d, status: failed}", name, model, G))
        next
      }
      again <- me(X, modelName = model, z = unmap(hclass(tree, G)))
      stopifnot(isTRUE(all.equal(again$loglik, fit$loglik, tolerance = 1e-13)))
      lines <- c(lines, sprintf(
        paste0("  - {data: %s, model: %s, components: %d, iterations: %d, log_likelihood: %s, icl: %s, ",
               "uncertainty_sum: %s, classification: [%s]}"),
        name, model, G, as.integer(attr(again, "info")[1]), number(fit$loglik), number(icl(fit)),
        number(sum(fit$uncertainty)), paste(fit$classification - 1L, collapse = ", ")))
    }
  }
}
# Equal proportions (emControl(equalPro = TRUE)): pro stays 1/G, and df counts no weights.
for (case in list(c("faithful", "VVV", 2), c("faithful", "EEE", 3), c("diabetes", "VVV", 3), c("banknote", "EEE", 2))) {
  X <- as.matrix(read.csv(sets[[case[1]]]))
  G <- as.integer(case[3])
  control <- emControl(equalPro = TRUE)
  fit <- Mclust(X, G = G, modelNames = case[2], control = control, verbose = FALSE)
  again <- me(X, modelName = case[2], z = unmap(hclass(hc(X, modelName = "VVV", use = "SVD"), G)), control = control)
  # Mclust reports pro recomputed from z; the EM itself (me) kept 1/G, and its log-likelihood is Mclust's.
  stopifnot(isTRUE(all.equal(again$loglik, fit$loglik, tolerance = 1e-12)), all(again$parameters$pro == 1 / G))
  df <- nMclustParams(case[2], ncol(X), G, equalPro = TRUE)
  lines <- c(lines, sprintf(
    paste0("  - {data: %s, model: %s, components: %d, equal_weights: true, df: %d, bic: %s, iterations: %d, ",
           "log_likelihood: %s, icl: %s, uncertainty_sum: %s, classification: [%s]}"),
    case[1], case[2], G, as.integer(df), number(fit$bic), as.integer(attr(again, "info")[1]), number(fit$loglik),
    number(icl(fit)), number(sum(fit$uncertainty)), paste(fit$classification - 1L, collapse = ", ")))
}
# MAP-EM under mclust's conjugate prior, Mclust(X, G, modelNames, prior = priorControl()), for the ten models
# mclust fits with a prior (mixfit's prior: {defaults: mclust}); its BIC is still 2 log L - df log n.
prior_models <- c("EII", "VII", "EEI", "VEI", "EVI", "VVI", "EEE", "EEV", "VEV", "VVV")
for (name in names(sets)) {
  X <- as.matrix(read.csv(sets[[name]]))
  tree <- hc(X, modelName = "VVV", use = "SVD")
  for (model in prior_models) {
    for (G in 2:4) {
      fit <- Mclust(X, G = G, modelNames = model, prior = priorControl(), verbose = FALSE)
      again <- me(X, modelName = model, z = unmap(hclass(tree, G)), prior = priorControl())
      stopifnot(!is.null(fit), isTRUE(all.equal(again$loglik, fit$loglik, tolerance = 1e-13)))
      lines <- c(lines, sprintf(
        paste0("  - {data: %s, model: %s, components: %d, prior: mclust, bic: %s, iterations: %d, ",
               "log_likelihood: %s, icl: %s, uncertainty_sum: %s, classification: [%s]}"),
        name, model, G, number(fit$bic), as.integer(attr(again, "info")[1]), number(fit$loglik),
        number(icl(fit)), number(sum(fit$uncertainty)), paste(fit$classification - 1L, collapse = ", ")))
    }
  }
}
# The EEE merge criterion (hcModelName "EEE"): Mclust started from hc(X, "EEE", use = "SVD").
for (case in list(c("faithful", "VVV", 3), c("diabetes", "VVV", 3), c("banknote", "EEE", 3), c("banknote", "VVE", 4))) {
  X <- as.matrix(read.csv(sets[[case[1]]]))
  G <- as.integer(case[3])
  tree <- hc(X, modelName = "EEE", use = "SVD")
  fit <- Mclust(X, G = G, modelNames = case[2], initialization = list(hcPairs = tree), verbose = FALSE)
  again <- me(X, modelName = case[2], z = unmap(hclass(tree, G)))
  stopifnot(isTRUE(all.equal(again$loglik, fit$loglik, tolerance = 1e-13)))
  lines <- c(lines, sprintf(
    paste0("  - {data: %s, model: %s, components: %d, hc_model: EEE, iterations: %d, log_likelihood: %s, ",
           "icl: %s, uncertainty_sum: %s, classification: [%s]}"),
    case[1], case[2], G, as.integer(attr(again, "info")[1]), number(fit$loglik), number(icl(fit)),
    number(sum(fit$uncertainty)), paste(fit$classification - 1L, collapse = ", ")))
}
writeLines(lines, "tests/data/mclust_models/mclust_hc_fits.yaml")
cat("tests/data/mclust_models/mclust_hc_fits.yaml:", length(lines), "lines\n")

# The noise component (Mclust's initialization = list(noise = ...)): faithful with 40 rows drawn uniformly
# over its bounding box (set.seed(2026)), written once to tests/data/faithful_noise/faithful_noise.csv. The
# rows that start as noise are the 10% furthest from the mean in Mahalanobis distance (covariance with
# divisor n), mixfit's model.noise.init: 0.1; hc then runs on the other rows, and Vinv = 1/hypvol(X).
noise_file <- "tests/data/faithful_noise/faithful_noise.csv"
if (!file.exists(noise_file)) {
  F <- as.matrix(read.csv(sets[["faithful"]]))
  set.seed(2026)
  box <- apply(F, 2, range)
  extra <- cbind(runif(40, box[1, 1], box[2, 1]), runif(40, box[1, 2], box[2, 2]))
  colnames(extra) <- colnames(F)
  write.csv(rbind(F, round(extra, 3)), noise_file, row.names = FALSE, quote = FALSE)
}
X <- as.matrix(read.csv(noise_file))
n <- nrow(X)
d2 <- mahalanobis(X, colMeans(X), cov(X) * (n - 1) / n)
noise_init <- rep(FALSE, n)
noise_init[order(-d2)[seq_len(ceiling(0.1 * n))]] <- TRUE
for (case in list(c("VVV", 2), c("VVV", 3), c("EEE", 3), c("VEV", 2))) {
  G <- as.integer(case[2])
  fit <- Mclust(X, G = G, modelNames = case[1], initialization = list(noise = noise_init), verbose = FALSE)
  z <- matrix(0, n, G + 1)
  z[!noise_init, 1:G] <- unmap(hclass(hc(X[!noise_init, ], modelName = "VVV", use = "SVD"), G))
  z[noise_init, G + 1] <- 1
  again <- me(X, modelName = case[1], z = z, Vinv = hypvol(X, reciprocal = TRUE))
  stopifnot(isTRUE(all.equal(again$loglik, fit$loglik, tolerance = 1e-12)))
  df <- nMclustParams(case[1], ncol(X), G, noise = TRUE)
  lines <- c(lines, sprintf(
    paste0("  - {data: faithful_noise, model: %s, components: %d, noise_fraction: 0.1, hypvol: %s, ",
           "noise_weight: %s, df: %d, bic: %s, iterations: %d, log_likelihood: %s, icl: %s, uncertainty_sum: %s, ",
           "classification: [%s]}"),
    case[1], G, number(hypvol(X)), number(again$parameters$pro[G + 1]), as.integer(df), number(fit$bic),
    as.integer(attr(again, "info")[1]), number(fit$loglik), number(icl(fit)), number(sum(fit$uncertainty)),
    paste(fit$classification - 1L, collapse = ", ")))
}
writeLines(lines, "tests/data/mclust_models/mclust_hc_fits.yaml")
cat("noise fits written\n")
