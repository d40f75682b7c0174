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
/// `missing_rate` > 0 knocks cells out completely at random (each with that probability, from a stream of its
/// own, so the drawn values are those of missing_rate 0) and writes them empty, for experiments with
/// data.missing: marginalize; a row that would lose every cell keeps its first.
void write_samples(const MixtureModel& model, std::size_t n, std::uint64_t seed, std::ostream& csv,
                   double missing_rate = 0.0);

}  // namespace mixfit
