// ParameterTrace: the model after every iteration, for output.trace_parameters (trace_parameters.yaml).
#pragma once

#include "mixfit/model/mixture_model.hpp"

#include <cstddef>
#include <string>

namespace mixfit {

/// Collects one YAML entry per iteration,
///   - iteration: 7
///     weights: [...]          (the mixing model's save(): weights, and a VB posterior's concentration)
///     components: [...]       (the family's save(): components, shared, prior, exactly as in model.yaml)
/// as text, so that recording costs one emission and a checkpoint can carry
/// the entries so far verbatim. Every number is written by the same exact
/// emitters as model.yaml, so an entry reads back to the same bits.
class ParameterTrace {
 public:
  /// Appends the entry for `iteration`, the model as that iteration left it.
  void record(std::size_t iteration, const MixtureModel& model);
  /// The entries so far: a YAML block sequence (empty before the first).
  const std::string& entries() const { return entries_; }
  /// Hands the entries over and starts an empty trace (the next restart).
  std::string take();
  /// Continues from entries taken from a checkpoint.
  void restore(std::string entries) { entries_ = std::move(entries); }

 private:
  std::string entries_;
};

/// trace_parameters.yaml: format, the restart the entries belong to (the
/// best one, whose model is model.yaml) and the entries under `iterations:`.
std::string parameter_trace_document(const std::string& entries, std::size_t restart);

}  // namespace mixfit
