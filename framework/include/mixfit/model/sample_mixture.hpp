// Ancestral sampling from a fitted mixture.
#pragma once

#include "mixfit/core/random_streams.hpp"
#include "mixfit/model/mixture_model.hpp"

#include <armadillo>

namespace mixfit {

/// Draws n rows: first every row's component from π (Boost's
/// discrete_distribution), then, component by component, that many draws
/// from the family, placed back in row order. Returns D×n; `components`
/// receives each row's component. The same stream state gives the same bits.
arma::mat sample_mixture(const MixtureModel& model, std::size_t n, RandomStream& stream, arma::uvec& components);

}  // namespace mixfit
