// BIC, AIC and ICL from a log-likelihood, a parameter count and the assignment entropy.
#pragma once

#include <cmath>
#include <cstddef>

namespace mixfit {

/// Lower is better for all three (scikit-learn's sign convention; mclust
/// reports BIC as 2 log L − p ln N, the negative of ours).
struct InformationCriteria {
  double bic = 0.0;
  double aic = 0.0;
  double icl = 0.0;
};

/// BIC = −2 log L + p ln N (Schwarz 1978); AIC = −2 log L + 2p (Akaike 1974);
/// ICL = BIC + 2·(−Σ_n Σ_k r_nk ln r_nk) (Biernacki, Celeux & Govaert 2000).
inline InformationCriteria information_criteria(double log_likelihood, std::size_t num_parameters,
                                                double num_rows, double assignment_entropy) {
  const double p = static_cast<double>(num_parameters);
  InformationCriteria c;
  c.bic = -2.0 * log_likelihood + p * std::log(num_rows);
  c.aic = -2.0 * log_likelihood + 2.0 * p;
  c.icl = c.bic + 2.0 * assignment_entropy;
  return c;
}

}  // namespace mixfit
