// Ancestral sampling: labels first, then per-component batches.
#include "mixfit/model/sample_mixture.hpp"

#include <boost/random/discrete_distribution.hpp>

#include <vector>

namespace mixfit {

arma::mat sample_mixture(const MixtureModel& model, std::size_t n, RandomStream& stream, arma::uvec& components) {
  const std::size_t k_count = model.num_components();
  const arma::vec weights = model.mixing().weights();
  boost::random::discrete_distribution<std::size_t, double> pick(weights.begin(), weights.end());
  components.set_size(n);
  std::vector<std::size_t> per_component(k_count, 0);
  for (std::size_t i = 0; i < n; ++i) {
    components(i) = pick(stream);
    ++per_component[components(i)];
  }
  arma::mat result(model.family().dimension(), n);
  arma::mat draws;
  for (std::size_t k = 0; k < k_count; ++k) {
    if (per_component[k] == 0) continue;
    model.family().sample(k, per_component[k], stream, draws);
    std::size_t next = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (components(i) == k) result.col(i) = draws.col(next++);
  }
  return result;
}

}  // namespace mixfit
