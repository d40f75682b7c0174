// FitReport and IterationObserver: what an algorithm tells its caller while and after it runs.
#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mixfit {

class MixtureModel;

/// One row of trace.csv: the objective computed in this iteration (the E-step
/// under the parameters left by the previous M-steps), its change from the
/// previous iteration (NaN for the first), and this iteration's wall time.
struct IterationRecord {
  std::size_t iteration = 0;  ///< 1-based
  double objective = 0.0;  ///< mean per-row (classification) log-likelihood (EM, CEM), ELBO (VB) or inertia (k-means)
  double delta = 0.0;
  double seconds = 0.0;
  std::size_t stage = 0;  ///< 1-based stage of inference.chain, 0 without a chain
};

/// One stage of a chain as it ended.
struct StageReport {
  std::string algorithm;
  std::string objective_name;
  double objective = 0.0;  ///< its last iteration's
  std::size_t n_iter = 0;
  bool converged = false;
};

/// The outcome of one fit.
struct FitReport {
  /// trace.csv column: "mean_log_likelihood" | "mean_classification_log_likelihood" | "elbo" | "inertia"
  std::string objective_name;
  std::vector<IterationRecord> trace;
  bool converged = false;
  std::size_t n_iter = 0;
  /// Things a user should know about the fit (an objective that went the
  /// wrong way, ...); written to summary.yaml.
  std::vector<std::string> warnings;
  /// inference.chain's stages (empty without a chain); the trace then numbers iterations across stages.
  std::vector<StageReport> stages;
  /// SEM while it runs: the most likely model the chain has visited and its mean log-likelihood, part of the
  /// state a checkpoint keeps (cleared when the fit ends, the model then being that one or a better one).
  std::shared_ptr<const MixtureModel> best_visited;
  double best_visited_objective = -std::numeric_limits<double>::infinity();
};

/// Adds `warning` to the report unless `limit` warnings naming `key` (an inference option such as
/// "inference.empty_component") are there already; the first past the limit is `more` instead, once. A
/// component may empty or turn singular again and again: the first few events are listed, then one line
/// says that more followed.
void add_capped_warning(FitReport& report, std::string_view key, std::string warning, std::string_view more,
                        std::size_t limit = 5);

/// Receives each iteration as it completes (progress lines, checkpoints):
/// the report so far, whose last trace record is the iteration just done;
/// the model has already been updated by that iteration.
class IterationObserver {
 public:
  virtual ~IterationObserver() = default;
  virtual void on_iteration(const FitReport& report, std::size_t max_iter) = 0;
};

}  // namespace mixfit
