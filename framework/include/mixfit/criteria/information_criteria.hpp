// BIC, AIC and the two ICLs from a log-likelihood, a parameter count and the assignments' summaries.
#pragma once

#include <cmath>
#include <cstddef>

namespace mixfit {

/// Lower is better for all three (scikit-learn's sign convention; mclust
/// reports BIC as 2 log L − p ln N, the negative of ours).
struct InformationCriteria {
  double bic = 0.0;
  double aic = 0.0;
  double icl = 0.0;          ///< the classification ICL of Biernacki et al. and mclust
  double icl_entropy = 0.0;  ///< the soft-entropy ICL (McLachlan & Peel 2000, §6.10.3)
};

/// BIC = −2 log L + p ln N (Schwarz 1978); AIC = −2 log L + 2p (Akaike 1974);
/// ICL = BIC − 2 Σ_n ln r_{n,map(n)}, the BIC of the completed likelihood at the
/// hard (MAP) assignment (Biernacki, Celeux & Govaert 2000; mclust's icl() with its sign turned);
/// ICL_entropy = BIC + 2·(−Σ_n Σ_k r_nk ln r_nk), its soft variant.
/// `map_log_responsibility` = Σ_n ln max_k r_nk, `assignment_entropy` = −Σ_n Σ_k r_nk ln r_nk.
inline InformationCriteria information_criteria(double log_likelihood, std::size_t num_parameters,
                                                double num_rows, double assignment_entropy,
                                                double map_log_responsibility) {
  const double p = static_cast<double>(num_parameters);
  InformationCriteria c;
  c.bic = -2.0 * log_likelihood + p * std::log(num_rows);
  c.aic = -2.0 * log_likelihood + 2.0 * p;
  c.icl = c.bic - 2.0 * map_log_responsibility;
  c.icl_entropy = c.bic + 2.0 * assignment_entropy;
  return c;
}

}  // namespace mixfit
