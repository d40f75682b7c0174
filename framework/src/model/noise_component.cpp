// The noise component's weight update and persistence, and the data summaries a noise start needs.
#include "mixfit/model/noise_component.hpp"

#include "mixfit/config/config_schema.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/data/data_block.hpp"
#include "mixfit/io/parameter_yaml.hpp"
#include "mixfit/parallel/process_collectives.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace mixfit {
namespace {

/// Per column: a sum over this process's rows of `term(block)` (D×n → D×m), added over processes in rank order.
template <class Term>
arma::mat summed_over_rows(const Dataset& data, const BlockPlan& plan, std::size_t rows, std::size_t cols, Term term) {
  arma::mat local(rows, cols, arma::fill::zeros);
  for (std::size_t b = plan.local_first_block(); b < plan.local_end_block(); ++b)
    local += term(DataBlock::numeric(data, plan.begin(b), plan.size(b), b).real());
  if (!plan.distributed()) return local;
  const std::vector<double> all = all_gather_doubles(plan, std::vector<double>(local.begin(), local.end()));
  arma::mat total(rows, cols, arma::fill::zeros);
  for (std::size_t part = 0; part * local.n_elem < all.size(); ++part)
    total += arma::mat(all.data() + part * local.n_elem, rows, cols);
  return total;
}

/// Per row of `projection` (P×D): the smallest and largest of P x over every data row, across processes.
arma::mat projected_ranges(const Dataset& data, const BlockPlan& plan, const arma::mat& projection) {
  const double inf = std::numeric_limits<double>::infinity();
  arma::mat range(projection.n_rows, 2);
  range.col(0).fill(inf);
  range.col(1).fill(-inf);
  for (std::size_t b = plan.local_first_block(); b < plan.local_end_block(); ++b) {
    const arma::mat z = projection * DataBlock::numeric(data, plan.begin(b), plan.size(b), b).real();
    if (z.n_cols == 0) continue;
    range.col(0) = arma::min(range.col(0), arma::min(z, 1));
    range.col(1) = arma::max(range.col(1), arma::max(z, 1));
  }
  if (!plan.distributed()) return range;
  const std::vector<double> all = all_gather_doubles(plan, std::vector<double>(range.begin(), range.end()));
  for (std::size_t part = 0; part * range.n_elem < all.size(); ++part) {
    const arma::mat other(all.data() + part * range.n_elem, range.n_rows, 2);
    range.col(0) = arma::min(range.col(0), other.col(0));
    range.col(1) = arma::max(range.col(1), other.col(1));
  }
  return range;
}

/// The data's mean (D) and covariance with divisor N (D×D), in two passes (the second about the mean).
std::pair<arma::vec, arma::mat> mean_and_covariance(const Dataset& data, const BlockPlan& plan) {
  const std::size_t d = data.numeric_width();
  const double n = static_cast<double>(plan.num_rows);
  const arma::vec mean = summed_over_rows(data, plan, d, 1, [](const arma::mat& x) { return arma::sum(x, 1); }) / n;
  arma::mat covariance = summed_over_rows(data, plan, d, d, [&](const arma::mat& x) {
                           const arma::mat centred = x.each_col() - mean;
                           return arma::mat(centred * centred.t());
                         }) / n;
  covariance = 0.5 * (covariance + covariance.t());
  return {mean, covariance};
}

}  // namespace

NoiseComponent::NoiseComponent(double volume, double weight)
    : volume_(volume), weight_(weight), log_density_(-std::log(volume)) {
  if (!std::isfinite(volume) || !(volume > 0.0))
    throw Error("noise component: the volume must be a finite number > 0, got " + format_double(volume));
  if (!std::isfinite(weight) || weight < 0.0 || weight >= 1.0)
    throw Error("noise component: the weight must be in [0, 1), got " + format_double(weight));
}

void NoiseComponent::update(const SufficientStatistics& stats) {
  const double n = stats.num_rows();
  if (!(n > 0.0)) throw NumericalError("noise component: the statistics hold no rows");
  // N₀ = N − Σ_k N_k; rounding may leave a hair below 0, or leave no row to the K components.
  const double noise = std::max(0.0, n - arma::accu(stats.counts()));
  weight_ = noise / n;
  if (!(weight_ < 1.0))
    throw NumericalError("noise component: every row went to the noise (π₀ = 1); the K components hold nothing. "
                         "Start with fewer noise rows (model.noise.init) or a larger volume");
}

void NoiseComponent::save(YAML::Emitter& out) const {
  out << YAML::Key << "noise" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "volume" << YAML::Value;
  emit_number(out, volume_);
  out << YAML::Key << "weight" << YAML::Value;
  emit_number(out, weight_);
  out << YAML::EndMap;
}

std::optional<NoiseComponent> NoiseComponent::load(const YAML::Node& model, const std::string& source) {
  const YAML::Node node = model["noise"];
  if (!node) return std::nullopt;
  const ConfigLocation where{source, "noise"};
  if (!node.IsMap()) fail_at(where, node, "expected {volume: V, weight: π₀}");
  reject_unknown_keys(node, where, {"volume", "weight"});
  const double volume = read_number(require_key(node, where, "volume"), where.child("volume"));
  if (!(volume > 0.0)) fail_at(where.child("volume"), node["volume"], "expected a number > 0");
  const double weight = read_number(require_key(node, where, "weight"), where.child("weight"));
  if (weight < 0.0 || weight >= 1.0) fail_at(where.child("weight"), node["weight"], "expected a number in [0, 1)");
  return NoiseComponent(volume, weight);
}

double hyper_volume(const Dataset& data, const BlockPlan& plan) {
  const std::size_t d = data.numeric_width();
  // mclust hypvol: min(Σ log range(x_j), Σ log range(PC_j)), the principal components from princomp (divisor N).
  const arma::mat box = projected_ranges(data, plan, arma::eye(d, d));
  const double box_log = arma::accu(arma::log(box.col(1) - box.col(0)));
  double log_volume = box_log;
  if (d > 1) {
    arma::vec values;
    arma::mat vectors;
    if (!arma::eig_sym(values, vectors, mean_and_covariance(data, plan).second))
      throw NumericalError("noise component: the eigendecomposition of the data's covariance failed");
    const arma::mat pc = projected_ranges(data, plan, vectors.t());
    log_volume = std::min(box_log, arma::accu(arma::log(pc.col(1) - pc.col(0))));
  }
  const double volume = std::exp(log_volume);
  if (!std::isfinite(volume) || !(volume > 0.0))
    throw DataError(data.source + ": the noise component needs a region of positive volume, but the data span " +
                    format_double(volume) + " (a column, or a direction, holds one value); give model.noise.volume");
  return volume;
}

arma::uvec outlying_rows(const Dataset& data, const BlockPlan& plan, double fraction) {
  const auto [mean, covariance] = mean_and_covariance(data, plan);
  arma::mat factor;
  if (!arma::chol(factor, covariance, "lower"))
    throw DataError(data.source + ": model.noise.init as a fraction ranks rows by their Mahalanobis distance from "
                    "the mean, but the data's covariance is singular; give the noise rows in a file instead");
  const arma::mat whitening = arma::inv(arma::trimatl(factor));
  std::vector<double> local;
  local.reserve(plan.local_num_rows());
  for (std::size_t b = plan.local_first_block(); b < plan.local_end_block(); ++b) {
    const arma::mat x = DataBlock::numeric(data, plan.begin(b), plan.size(b), b).real();
    const arma::rowvec distance = arma::sum(arma::square(whitening * (x.each_col() - mean)), 0);
    local.insert(local.end(), distance.begin(), distance.end());
  }
  const std::vector<double> all = plan.distributed() ? all_gather_doubles(plan, local) : local;
  const std::size_t count =
      std::min(all.size(), static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(all.size()))));
  std::vector<arma::uword> order(all.size());
  std::iota(order.begin(), order.end(), arma::uword{0});
  // Furthest first; equal distances in row order, so the choice never depends on the sort.
  std::stable_sort(order.begin(), order.end(), [&](arma::uword a, arma::uword b) { return all[a] > all[b]; });
  return arma::sort(arma::uvec(std::vector<arma::uword>(order.begin(), order.begin() + count)));
}

}  // namespace mixfit
