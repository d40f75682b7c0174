// MAP M-steps of mclust's eigen-decomposed models under its conjugate prior, priorControl().
#pragma once

#include "eigen_m_step.hpp"
#include "eigen_model.hpp"

#include <armadillo>

namespace mixfit {

/// mclust's conjugate prior (Fraley & Raftery 2007) as its M-steps read it.
struct EigenPrior {
  double shrinkage = 0.01;          ///< κ_P: how many rows the prior mean counts as
  arma::vec mean;                   ///< μ_P, D
  double degrees_of_freedom = 0.0;  ///< ν_P
  arma::mat scale;                  ///< Λ_P: D×D for a model with an orientation, 1×1 for a diagonal one
};

/// The means and covariance decomposition of one MAP M-step.
struct EigenPosteriorMode {
  arma::mat means;  ///< D×K
  EigenDecomposition decomposition;
};

/// True for the models mclust fits with a prior: all but EVE, VEE, VVE and EVV
/// (mclust 6.0.0's R/mclust.R drops those four from Mclust() when a prior is given).
bool has_mclust_prior(const EigenModel& model);

/// mclust 6.0.0's MAP M-step for EII, EEI, VEI, EVI, EEV and VEV as its me()
/// computes it (the Fortran me<model>p routines), from each component's
/// weight n_k, scatter W_k about its sample mean x̄_k (`scatter`), and x̄_k
/// (`sample_means`, D×K). With c_k = κn_k/(κ + n_k), d_k = x̄_k − μ_P and
/// m_k = (n_k x̄_k + κμ_P)/(n_k + κ), the scatter W_k becomes
/// P_k = Λ_P + W_k + c_k d_k d_kᵀ, the means m_k, and each model's volume
/// count takes the prior's degrees of freedom, with the model-by-model
/// differences mclust has (eigen_posterior_mode.cpp lists them). VEI and VEV
/// iterate from `previous` (the current decomposition, as me() keeps it
/// across EM iterations) when there is one. Throws SingularComponentError as
/// fit_eigen_model does, and Error for a model without mclust's prior.
EigenPosteriorMode fit_eigen_model_map(const EigenModel& model, const ComponentScatter& scatter,
                                       const arma::mat& sample_means, const EigenPrior& prior,
                                       const EigenDecomposition* previous, const EigenIterationControl& control);

}  // namespace mixfit
