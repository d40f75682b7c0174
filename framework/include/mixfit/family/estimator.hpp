// Which point estimate a family's M-step computes.
#pragma once

namespace mixfit {

/// maximum_likelihood: arg max p(X|θ); maximum_a_posteriori: arg max p(X|θ)p(θ)
/// under the family's configured prior.
enum class Estimator { maximum_likelihood, maximum_a_posteriori };

}  // namespace mixfit
