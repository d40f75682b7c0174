// Which point estimate a family's M-step computes.
#pragma once

#include "mixfit/family/capabilities.hpp"

namespace mixfit {

/// maximum_likelihood: arg max p(X|θ); maximum_a_posteriori: arg max p(X|θ)p(θ)
/// under the family's configured prior.
enum class Estimator { maximum_likelihood, maximum_a_posteriori };

/// The estimator EM uses for a family: MAP when the family has a prior
/// configured (it then reports capabilities().maximum_a_posteriori), the
/// maximum-likelihood estimate otherwise.
inline Estimator point_estimator(const Capabilities& capabilities) {
  return capabilities.maximum_a_posteriori ? Estimator::maximum_a_posteriori : Estimator::maximum_likelihood;
}

}  // namespace mixfit
