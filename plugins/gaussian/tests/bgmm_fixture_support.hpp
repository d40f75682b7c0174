// The model of a scikit-learn BayesianGaussianMixture fixture, and its weight concentrations in the fixture's shape.
#pragma once

#include "gaussian_test_support.hpp"
#include "mixfit/mixing/dirichlet_weights.hpp"
#include "mixfit/mixing/stick_breaking_weights.hpp"
#include "mixfit/model/mixture_model.hpp"

#include <memory>
#include <string>
#include <vector>

namespace mixfit::testing {

/// The fixture's model over columns x, y: its priors written out (covariance_prior a D×D matrix for full,
/// a list for diag and spherical), its reg_covar, and the matching weight prior.
template <class Family>
MixtureModel bgmm_fixture_model(const YAML::Node& fixture, PrecisionModel precision_model = PrecisionModel::gamma) {
  const YAML::Node priors = fixture["priors"];
  GaussianPrior prior;
  prior.mean_precision = priors["mean_precision_prior"].as<double>();
  prior.mean = to_vec(priors["mean_prior"]);
  prior.degrees_of_freedom = priors["degrees_of_freedom_prior"].as<double>();
  const YAML::Node psi0 = priors["covariance_prior"];
  prior.covariance = psi0[0].IsSequence() ? to_mat(psi0) : arma::mat(to_vec(psi0));
  const std::size_t k = fixture["model"]["n_components"].as<std::size_t>();
  const double gamma0 = priors["weight_concentration_prior"].as<double>();
  std::unique_ptr<MixingModel> mixing;
  if (fixture["model"]["weight_concentration_prior_type"].as<std::string>() == "dirichlet_process")
    mixing = std::make_unique<StickBreakingWeights>(k, gamma0);
  else
    mixing = std::make_unique<DirichletWeights>(k, gamma0);
  auto family = std::make_unique<Family>(k, 2, fixture["settings"]["reg_covar"].as<double>(), 0, prior,
                                         typename Family::CovariancePolicy(), precision_model);
  std::vector<ColumnSpec> columns = {{"x", ColumnKind::real, 0, {}}, {"y", ColumnKind::real, 1, {}}};
  return MixtureModel(std::move(mixing), std::move(family), YAML::Node(YAML::NodeType::Map), columns);
}

/// weight_concentration as the fixtures shape it: the sticks' (α, β) as two rows, or the Dirichlet's one row.
inline arma::mat concentration(const MixingModel& mixing) {
  if (const auto* sticks = dynamic_cast<const StickBreakingWeights*>(&mixing))
    return arma::join_rows(sticks->alphas(), sticks->betas()).t();
  return dynamic_cast<const DirichletWeights&>(mixing).concentration().t();
}

}  // namespace mixfit::testing
