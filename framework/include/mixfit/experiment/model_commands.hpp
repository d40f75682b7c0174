// predict, score and sample: using a fitted model on new data.
#pragma once

#include "mixfit/data/dataset.hpp"
#include "mixfit/model/mixture_model.hpp"

#include <cstdint>
#include <ostream>

namespace mixfit {

/// Writes "label,r0,...,r{K-1}" and one line per row of `data`.
void write_predictions(const MixtureModel& model, const Dataset& data, std::ostream& csv);

/// Writes "log_density" and one line per row (log p(x_n) under the mixture);
/// returns the total log-likelihood.
double write_scores(const MixtureModel& model, const Dataset& data, std::ostream& csv);

/// Writes the model's columns plus "component", n rows drawn with `seed`.
void write_samples(const MixtureModel& model, std::size_t n, std::uint64_t seed, std::ostream& csv);

}  // namespace mixfit
