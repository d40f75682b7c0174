// trace_parameters.yaml entries: the mixing model's and the family's own save(), once per iteration.
#include "mixfit/experiment/parameter_trace.hpp"

#include "mixfit/core/error.hpp"

#include <yaml-cpp/yaml.h>

namespace mixfit {
namespace {
constexpr const char* kParameterTraceFormat = "mixfit-parameter-trace/1";
}

void ParameterTrace::record(std::size_t iteration, const MixtureModel& model) {
  // One block-sequence item per entry: concatenated, they form the list.
  YAML::Emitter out;
  out << YAML::BeginSeq << YAML::BeginMap;
  out << YAML::Key << "iteration" << YAML::Value << iteration;
  model.mixing().save(out);
  model.family().save(out);
  out << YAML::EndMap << YAML::EndSeq;
  if (!out.good()) throw Error("cannot write the parameter trace at iteration " + std::to_string(iteration) + ": " +
                               out.GetLastError());
  entries_ += out.c_str();
  entries_ += '\n';
}

std::string ParameterTrace::take() {
  std::string taken = std::move(entries_);
  entries_.clear();
  return taken;
}

std::string parameter_trace_document(const std::string& entries, std::size_t restart) {
  return std::string("format: ") + kParameterTraceFormat + "\nrestart: " + std::to_string(restart) +
         "\niterations:" + (entries.empty() ? std::string(" []\n") : "\n" + entries);
}

}  // namespace mixfit
