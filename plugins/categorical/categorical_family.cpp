// CategoricalFamily: scores, statistics, M-step, sampling and persistence of the latent class model.
#include "categorical_family.hpp"

#include "dirichlet_posterior_yaml.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "probability_estimate.hpp"
#include "probability_yaml.hpp"

#include <boost/random/discrete_distribution.hpp>

#include <cmath>
#include <span>
#include <string>
#include <vector>

namespace mixfit {
namespace {

constexpr const char* kContext = "categorical family: ";

std::string shape_text(std::size_t rows, std::size_t cols) { return std::to_string(rows) + "×" + std::to_string(cols); }

/// Every column's probabilities 1/L_j: the starting point of a column that has never seen data.
arma::mat uniform_table(std::size_t num_components, const LevelLayout& layout) {
  arma::mat table(num_components, layout.total_levels());
  for (std::size_t j = 0; j < layout.num_columns(); ++j)
    table.cols(layout.offset(j), layout.offset(j) + layout.num_levels(j) - 1)
        .fill(1.0 / static_cast<double>(layout.num_levels(j)));
  return table;
}

}  // namespace

CategoricalFamily::CategoricalFamily(std::size_t num_components, LevelLayout layout, CategoricalOptions options,
                                     std::size_t first_storage_row)
    : num_components_(num_components),
      layout_(std::move(layout)),
      options_(options),
      first_storage_row_(first_storage_row),
      variational_prior_alpha_(options_.prior_alpha.value_or(1.0)) {
  if (num_components == 0) throw Error(std::string(kContext) + "needs at least one component, got K = 0");
  if (!(options_.eps >= 0.0 && options_.eps < 1.0))
    throw Error(std::string(kContext) + "eps must be in [0, 1), got " + format_double(options_.eps));
  if (options_.prior_alpha && !(*options_.prior_alpha > 0.0 && std::isfinite(*options_.prior_alpha)))
    throw Error(std::string(kContext) + "prior alpha must be a finite number > 0, got " +
                format_double(*options_.prior_alpha));
}

Capabilities CategoricalFamily::capabilities() const {
  Capabilities capabilities;
  capabilities.maximum_a_posteriori = options_.prior_alpha.has_value();
  capabilities.variational = true;
  // A missing cell (kMissingLevel) drops out of the row's product and of the counts (Σ_l θ_kjl = 1 is its
  // marginal), under EM and VB alike.
  capabilities.missing_values = true;
  capabilities.missing_values_variational = true;
  return capabilities;
}

std::size_t CategoricalFamily::num_free_parameters() const {
  return num_components_ * layout_.free_parameters_per_component();
}

std::unique_ptr<ComponentFamily> CategoricalFamily::clone() const { return std::make_unique<CategoricalFamily>(*this); }

StatLayout CategoricalFamily::stat_layout() const {
  StatLayout stat_layout;
  stat_layout.num_components = num_components_;
  for (std::size_t j = 0; j < layout_.num_columns(); ++j)
    stat_layout.add_component_field("counts[" + layout_.name(j) + "]", layout_.num_levels(j));  // at offset(j)
  return stat_layout;
}

const arma::Mat<std::uint16_t>& CategoricalFamily::codes_of(const DataBlock& block, const char* caller) const {
  const arma::Mat<std::uint16_t>& codes = block.categorical();
  if (codes.n_rows < first_storage_row_ + layout_.num_columns() || codes.n_cols != block.num_rows())
    throw Error(std::string(kContext) + caller + " got a block of " + shape_text(codes.n_rows, codes.n_cols) +
                " categorical cells, expected at least " + std::to_string(first_storage_row_ + layout_.num_columns()) +
                " rows and " + std::to_string(block.num_rows()) + " columns");
  return codes;
}

void CategoricalFamily::fail_unseen(const DataBlock& block, std::size_t row, std::size_t column) const {
  const std::uint16_t code = block.categorical()(first_storage_row_ + column, row);
  const std::string file = block.source().empty() ? std::string("data") : std::string(block.source());
  // Line 1 is the header, so data row r (0-based) is on line r + 2.
  const std::string where = file + ":" + std::to_string(block.first_row() + row + 2) + ": column '" +
                            layout_.name(column) + "': ";
  if (code == kUnseenLevel)
    throw DataError(where +
                    "level not in the column's level dictionary (not seen when the model was fitted, or not listed "
                    "in data.levels); set model.options.unseen: ignore to marginalise such cells out");
  throw DataError(where + "level code " + std::to_string(code) + " is outside the column's " +
                  std::to_string(layout_.num_levels(column)) + " levels (data and model disagree)");
}

void CategoricalFamily::gather_scores(const DataBlock& block, const arma::mat& table, arma::mat& scores,
                                      const char* caller) const {
  const arma::Mat<std::uint16_t>& codes = codes_of(block, caller);
  const std::size_t k_count = num_components_;
  const bool ignore_unseen = options_.unseen == UnseenLevels::ignore;
  scores.zeros(k_count, codes.n_cols);
  // A gather, not a product with a one-hot matrix: K·D additions per row instead
  // of K·ΣL_j multiply-adds, and with eps = 0 a log-probability can be −inf,
  // which a dense product would turn into 0·(−inf) = NaN for every other level.
  for (std::size_t n = 0; n < codes.n_cols; ++n) {
    double* score = scores.colptr(n);
    const std::uint16_t* x = codes.colptr(n) + first_storage_row_;
    for (std::size_t j = 0; j < layout_.num_columns(); ++j) {
      if (x[j] >= layout_.num_levels(j)) {
        // Marginalised: Σ_l θ_kjl = 1, so the cell adds log 1 = 0 (and E_q[log 1] = 0 under VB).
        if ((x[j] == kUnseenLevel && ignore_unseen) || x[j] == kMissingLevel) continue;
        fail_unseen(block, n, j);
      }
      const double* value = table.colptr(layout_.offset(j) + x[j]);
      for (std::size_t k = 0; k < k_count; ++k) score[k] += value[k];
    }
  }
}

void CategoricalFamily::log_likelihood(const DataBlock& block, arma::mat& scores) const {
  if (!has_parameters_) throw Error(std::string(kContext) + "log_likelihood() called before parameters were set");
  gather_scores(block, log_probabilities_, scores, "log_likelihood()");
}

void CategoricalFamily::expected_log_likelihood(const DataBlock& block, arma::mat& scores) const {
  if (!posterior_) throw Error(std::string(kContext) + "expected_log_likelihood() called before a posterior was set");
  // PRML (10.66) per cell, summed over the row's columns like PRML (9.44) under q.
  gather_scores(block, posterior_->expected_log_probabilities(), scores, "expected_log_likelihood()");
}

void CategoricalFamily::accumulate(const DataBlock& block, const arma::mat& weights, SufficientStatistics& out) const {
  const arma::Mat<std::uint16_t>& codes = codes_of(block, "accumulate()");
  const std::size_t k_count = num_components_;
  if (weights.n_rows != k_count || weights.n_cols != codes.n_cols)
    throw Error(std::string(kContext) + "accumulate() got weights of " + shape_text(weights.n_rows, weights.n_cols) +
                ", expected K×n = " + shape_text(k_count, codes.n_cols));
  if (!(out.layout() == stat_layout()))
    throw Error(std::string(kContext) + "accumulate() into statistics of another layout");
  const bool ignore_unseen = options_.unseen == UnseenLevels::ignore;
  // counts(k, offset(j) + l): a level's K sums are contiguous, so each cell adds one column of weights.
  arma::mat counts(k_count, layout_.total_levels(), arma::fill::zeros);
  for (std::size_t n = 0; n < codes.n_cols; ++n) {
    const double* w = weights.colptr(n);
    const std::uint16_t* x = codes.colptr(n) + first_storage_row_;
    for (std::size_t j = 0; j < layout_.num_columns(); ++j) {
      if (x[j] >= layout_.num_levels(j)) {
        if ((x[j] == kUnseenLevel && ignore_unseen) || x[j] == kMissingLevel) continue;
        fail_unseen(block, n, j);
      }
      double* sum = counts.colptr(layout_.offset(j) + x[j]);
      for (std::size_t k = 0; k < k_count; ++k) sum[k] += w[k];
    }
  }
  for (std::size_t k = 0; k < k_count; ++k) {
    const std::span<double> slot = out.component(k);
    for (std::size_t t = 0; t < layout_.total_levels(); ++t) slot[t] += counts(k, t);
  }
}

void CategoricalFamily::maximize(const SufficientStatistics& stats, Estimator estimator) {
  const bool map = estimator == Estimator::maximum_a_posteriori;
  if (map && !options_.prior_alpha)
    throw Error(std::string(kContext) +
                "MAP estimation needs a prior: set model.options.prior: {alpha: …} (capabilities().maximum_a_posteriori "
                "is false)");
  if (!(stats.layout() == stat_layout()))
    throw Error(std::string(kContext) + "maximize() got statistics of another layout");
  arma::mat next = has_parameters_ ? probabilities_ : uniform_table(num_components_, layout_);
  for (std::size_t k = 0; k < num_components_; ++k) {
    const std::span<const double> slot = stats.component(k);
    for (std::size_t j = 0; j < layout_.num_columns(); ++j) {
      const std::size_t first = layout_.offset(j), levels = layout_.num_levels(j);
      const arma::vec counts(slot.data() + first, levels);
      arma::vec theta;
      const bool estimated = map ? estimate_maximum_a_posteriori(counts, *options_.prior_alpha, theta)
                                 : estimate_maximum_likelihood(counts, theta);
      if (!estimated) continue;  // no weight on this column: keep its probabilities
      apply_probability_floor(theta, options_.eps);
      next.row(k).cols(first, first + levels - 1) = theta.t();
    }
  }
  assign(std::move(next));
  posterior_.reset();  // it described the previous parameters
}

void CategoricalFamily::update_posterior(const SufficientStatistics& stats) {
  if (!(stats.layout() == stat_layout()))
    throw Error(std::string(kContext) + "update_posterior() got statistics of another layout");
  arma::mat counts(num_components_, layout_.total_levels());  // S_kjl, laid out like the probabilities
  for (std::size_t k = 0; k < num_components_; ++k) {
    const std::span<const double> slot = stats.component(k);
    for (std::size_t t = 0; t < layout_.total_levels(); ++t) counts(k, t) = slot[t];
  }
  DirichletPosterior next = DirichletPosterior::from_statistics(variational_prior_alpha_, counts, layout_);
  assign(next.means());
  posterior_ = std::move(next);
}

double CategoricalFamily::kl_to_prior() const {
  if (!posterior_) throw Error(std::string(kContext) + "kl_to_prior() called before a posterior was set");
  return posterior_->kl_to(variational_prior_alpha_);
}

void CategoricalFamily::sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const {
  if (!has_parameters_) throw Error(std::string(kContext) + "sample() called before parameters were set");
  if (k >= num_components_)
    throw Error(std::string(kContext) + "sample() asked for component " + std::to_string(k) + " of " +
                std::to_string(num_components_));
  const arma::rowvec theta = probabilities_.row(k);
  std::vector<boost::random::discrete_distribution<std::size_t, double>> columns;
  columns.reserve(layout_.num_columns());
  for (std::size_t j = 0; j < layout_.num_columns(); ++j) {
    const double* first = theta.memptr() + layout_.offset(j);
    columns.emplace_back(first, first + layout_.num_levels(j));
  }
  out.set_size(layout_.num_columns(), n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < layout_.num_columns(); ++j) out(j, i) = static_cast<double>(columns[j](stream));
}

void CategoricalFamily::save(YAML::Emitter& out) const {
  if (!has_parameters_) throw Error(std::string(kContext) + "save() called before parameters were set");
  if (posterior_) emit_saved_dirichlet_prior(out, variational_prior_alpha_);  // a saved posterior names its prior
  out << YAML::Key << "components" << YAML::Value << YAML::BeginSeq;
  for (std::size_t k = 0; k < num_components_; ++k) {
    out << YAML::BeginMap << YAML::Key << "probabilities" << YAML::Value;
    emit_component_probabilities(out, probabilities_.row(k), layout_);
    if (posterior_) {
      out << YAML::Key << "concentration" << YAML::Value;
      emit_per_column(out, posterior_->concentration().row(k), layout_);
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void CategoricalFamily::load(const YAML::Node& model, const std::string& source) {
  const ConfigLocation where{source, ""};
  const std::optional<double> saved_prior = read_saved_dirichlet_prior(model, source);
  if (saved_prior && options_.prior_alpha && *saved_prior != *options_.prior_alpha)
    fail_at(where.child("prior"), model["prior"],
            "the saved posterior was computed under a Dirichlet prior with alpha = " + format_double(*saved_prior) +
                ", but model.options.prior configures alpha = " + format_double(*options_.prior_alpha));
  const YAML::Node components = require_key(model, where, "components");
  const ConfigLocation list = where.child("components");
  if (!components.IsSequence() || components.size() != num_components_)
    fail_at(list, components,
            "expected a list of " + std::to_string(num_components_) + " components, got " + show_node(components));
  arma::mat table(num_components_, layout_.total_levels());
  arma::mat concentration(num_components_, layout_.total_levels());
  std::size_t with_posterior = 0;  // components that carry `concentration`
  for (std::size_t k = 0; k < num_components_; ++k) {
    const ConfigLocation component = at_index(list, k);
    const YAML::Node node = components[k];
    if (!node.IsMap()) fail_at(component, node, "expected a mapping with probabilities, got " + show_node(node));
    reject_unknown_keys(node, component, {"probabilities", "concentration"});
    const YAML::Node probabilities = require_key(node, component, "probabilities");
    table.row(k) = read_component_probabilities(probabilities, component.child("probabilities"), layout_);
    const YAML::Node saved = node["concentration"];
    if (!saved) continue;
    concentration.row(k) = read_component_concentration(saved, component.child("concentration"), layout_);
    ++with_posterior;
  }
  std::optional<DirichletPosterior> posterior;
  if (with_posterior == num_components_) {
    posterior.emplace(std::move(concentration), layout_);
    const arma::mat means = posterior->means();
    for (std::size_t k = 0; k < num_components_; ++k)
      for (std::size_t j = 0; j < layout_.num_columns(); ++j)
        for (std::size_t l = 0; l < layout_.num_levels(j); ++l) {
          const std::size_t t = layout_.offset(j) + l;
          if (!(std::abs(table(k, t) - means(k, t)) <= kPosteriorMeanTolerance)) {
            const YAML::Node value = components[k]["probabilities"][j][l];
            fail_at(at_index(at_index(at_index(list, k).child("probabilities"), j), l), value,
                    "expected the posterior mean " + format_double(means(k, t)) +
                        " of the component's concentration (within " + format_double(kPosteriorMeanTolerance) +
                        "), got " + value.Scalar());
          }
        }
  } else if (with_posterior > 0) {
    for (std::size_t k = 0; k < num_components_; ++k)
      if (!components[k]["concentration"])
        fail_at(at_index(list, k), components[k],
                "expected concentration: [[…], …] as in the other components (a saved posterior has it in every "
                "component, or in none)");
  }
  assign(std::move(table));
  variational_prior_alpha_ = saved_prior.value_or(options_.prior_alpha.value_or(1.0));
  posterior_ = std::move(posterior);
}

void CategoricalFamily::permute_components(const arma::uvec& order) {
  const arma::uvec identity = arma::regspace<arma::uvec>(0, num_components_ - 1);
  if (order.n_elem != num_components_ || arma::any(arma::sort(order) != identity))
    throw Error(std::string(kContext) + "permute_components() needs a permutation of 0.." +
                std::to_string(num_components_ - 1));
  if (has_parameters_) assign(probabilities_.rows(order));
  if (posterior_) posterior_->permute(order);
}

arma::vec CategoricalFamily::probabilities(std::size_t component, std::size_t column) const {
  if (!has_parameters_ || component >= num_components_ || column >= layout_.num_columns())
    throw Error(std::string(kContext) + "probabilities(" + std::to_string(component) + ", " + std::to_string(column) +
                ") out of range or before parameters were set");
  const std::size_t first = layout_.offset(column);
  return probabilities_.row(component).cols(first, first + layout_.num_levels(column) - 1).t();
}

void CategoricalFamily::set_probabilities(const arma::mat& probabilities) {
  if (probabilities.n_rows != num_components_ || probabilities.n_cols != layout_.total_levels())
    throw Error(std::string(kContext) + "probabilities must be K×ΣL = " +
                shape_text(num_components_, layout_.total_levels()) + ", got " +
                shape_text(probabilities.n_rows, probabilities.n_cols));
  for (std::size_t k = 0; k < num_components_; ++k) {
    for (std::size_t j = 0; j < layout_.num_columns(); ++j) {
      const std::size_t first = layout_.offset(j), last = first + layout_.num_levels(j) - 1;
      const arma::rowvec theta = probabilities.row(k).cols(first, last);
      const std::string which = "component " + std::to_string(k) + ", column '" + layout_.name(j) + "': ";
      if (!theta.is_finite() || theta.min() < 0.0 || theta.max() > 1.0)
        throw Error(std::string(kContext) + which + "probabilities must lie in [0, 1]");
      if (std::abs(arma::accu(theta) - 1.0) > kProbabilitySumTolerance)
        throw Error(std::string(kContext) + which + "probabilities sum to " + format_double(arma::accu(theta)) +
                    ", expected 1");
    }
  }
  assign(probabilities);
  posterior_.reset();  // it described the previous parameters
}

void CategoricalFamily::assign(arma::mat probabilities) {
  log_probabilities_ = arma::log(probabilities);  // log 0 = −inf: that level is impossible in that component
  probabilities_ = std::move(probabilities);
  has_parameters_ = true;
}

}  // namespace mixfit
