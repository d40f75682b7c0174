// ProductFamily: sums the parts' scores, hands each part its slice of the statistics, regroups their parameters.
#include "product_family.hpp"

#include "mixfit/core/error.hpp"
#include "product_model_yaml.hpp"

#include <algorithm>
#include <exception>

namespace mixfit {
namespace {

std::string shape_text(const arma::mat& m) { return std::to_string(m.n_rows) + "×" + std::to_string(m.n_cols); }

/// Rethrows the exception in flight with the part named: located messages
/// (ConfigError, "FILE:LINE:COL: key: ...") keep their location first and get
/// the part appended; the others get it in front. Anything that is not a
/// mixfit Error passes unchanged (the registry names the plugin for those).
[[noreturn]] void rethrow_naming(const std::string& part) {
  try {
    throw;
  } catch (const ConfigError& e) {
    throw ConfigError(std::string(e.what()) + " (in product " + part + ")");
  } catch (const NumericalError& e) {
    throw NumericalError("product family, " + part + ": " + e.what());
  } catch (const DataError& e) {
    throw DataError("product family, " + part + ": " + e.what());
  } catch (const PluginError& e) {
    throw PluginError("product family, " + part + ": " + e.what());
  } catch (const Error& e) {
    throw Error("product family, " + part + ": " + e.what());
  }
}

}  // namespace

ProductFamily::ProductFamily(std::size_t num_components, std::vector<ProductPartFamily> parts)
    : num_components_(num_components), parts_(std::move(parts)) {
  if (parts_.empty()) throw Error("product family: needs at least one part");
  std::vector<StatLayout> layouts;
  for (const ProductPartFamily& part : parts_) {
    if (!part.family) throw Error("product family: " + part.description + " has no family");
    if (part.family->num_components() != num_components_)
      throw Error("product family: " + part.description + " has " + std::to_string(part.family->num_components()) +
                  " components, the product " + std::to_string(num_components_));
    if (part.columns.n_elem != part.family->dimension())
      throw Error("product family: " + part.description + " models " + std::to_string(part.family->dimension()) +
                  " columns but is given the positions of " + std::to_string(part.columns.n_elem));
    dimension_ += part.family->dimension();
    layouts.push_back(part.family->stat_layout());
  }
  // The parts' columns must be a partition of the product's 0..D−1.
  std::vector<bool> covered(dimension_, false);
  for (const ProductPartFamily& part : parts_)
    for (const arma::uword d : part.columns) {
      if (d >= dimension_ || covered[d])
        throw Error("product family: " + part.description + " has column position " + std::to_string(d) +
                    ", which is out of range or taken by another part (D = " + std::to_string(dimension_) + ")");
      covered[d] = true;
    }
  layout_ = concatenate_layouts(num_components_, layouts, slices_);
}

ProductFamily::ProductFamily(const ProductFamily& other)
    : num_components_(other.num_components_),
      dimension_(other.dimension_),
      slices_(other.slices_),
      layout_(other.layout_) {
  for (const ProductPartFamily& part : other.parts_)
    parts_.push_back({part.family->clone(), part.columns, part.description});
}

std::unique_ptr<ComponentFamily> ProductFamily::clone() const { return std::make_unique<ProductFamily>(*this); }

Capabilities ProductFamily::capabilities() const {
  // MAP: the product's prior is the product of the parts' priors, a part without one contributing a flat
  // prior, so the MAP M-step exists as soon as one part has a prior (maximize() gives the others their
  // ML step). Variational inference needs every part's posterior. A new capability must be added here.
  Capabilities combined;
  combined.maximum_a_posteriori = false;
  combined.variational = true;
  // Missing cells: each part marginalises its own columns' cells, so every part must handle them.
  combined.missing_values = true;
  combined.missing_values_variational = true;
  for (const ProductPartFamily& part : parts_) {
    const Capabilities c = part.family->capabilities();
    combined.maximum_a_posteriori = combined.maximum_a_posteriori || c.maximum_a_posteriori;
    combined.variational = combined.variational && c.variational;
    combined.missing_values = combined.missing_values && c.missing_values;
    combined.missing_values_variational = combined.missing_values_variational && c.missing_values_variational;
  }
  return combined;
}

std::size_t ProductFamily::num_free_parameters() const {
  std::size_t total = 0;
  for (const ProductPartFamily& part : parts_) total += part.family->num_free_parameters();
  return total;
}

bool ProductFamily::has_parameters() const {
  return std::all_of(parts_.begin(), parts_.end(), [](const ProductPartFamily& p) { return p.family->has_parameters(); });
}

bool ProductFamily::has_posterior() const {
  return std::all_of(parts_.begin(), parts_.end(), [](const ProductPartFamily& p) { return p.family->has_posterior(); });
}

std::optional<DistributionMoments> ProductFamily::component_moments(std::size_t k) const {
  DistributionMoments moments{arma::vec(dimension(), arma::fill::zeros),
                              arma::mat(dimension(), dimension(), arma::fill::zeros)};
  for (const ProductPartFamily& part : parts_) {
    const std::optional<DistributionMoments> own = part.family->component_moments(k);
    if (!own || own->mean.n_elem != part.columns.n_elem) return std::nullopt;
    moments.mean(part.columns) = own->mean;
    moments.covariance(part.columns, part.columns) = own->covariance;
  }
  return moments;
}

std::vector<ColumnDomain> ProductFamily::column_domains() const {
  std::vector<ColumnDomain> domains(dimension(), ColumnDomain::real);
  bool any = false;
  for (const ProductPartFamily& part : parts_) {
    const std::vector<ColumnDomain> own = part.family->column_domains();
    for (std::size_t d = 0; d < own.size() && d < part.columns.n_elem; ++d) domains[part.columns(d)] = own[d];
    any = any || !own.empty();
  }
  return any ? domains : std::vector<ColumnDomain>{};
}

void ProductFamily::sum_part_scores(const DataBlock& block, arma::mat& scores,
                                    void (ComponentFamily::*score)(const DataBlock&, arma::mat&) const) const {
  arma::mat part_scores;
  for (std::size_t p = 0; p < parts_.size(); ++p) {
    const ProductPartFamily& part = parts_[p];
    try {
      ((*part.family).*score)(block, p == 0 ? scores : part_scores);
    } catch (const Error&) {
      rethrow_naming(part.description);
    }
    const arma::mat& added = p == 0 ? scores : part_scores;
    if (added.n_rows != num_components_ || added.n_cols != block.num_rows())
      throw Error("product family: " + part.description + " returned scores of " + shape_text(added) + ", expected " +
                  std::to_string(num_components_) + "×" + std::to_string(block.num_rows()));
    if (p > 0) scores += part_scores;
  }
}

void ProductFamily::log_likelihood(const DataBlock& block, arma::mat& scores) const {
  sum_part_scores(block, scores, &ComponentFamily::log_likelihood);
}

void ProductFamily::expected_log_likelihood(const DataBlock& block, arma::mat& scores) const {
  // E_q[Σ_p log p_p(x_p | θ_kp)] = Σ_p E_q[log p_p(x_p | θ_kp)]: q factorises over parts.
  sum_part_scores(block, scores, &ComponentFamily::expected_log_likelihood);
}

void ProductFamily::accumulate(const DataBlock& block, const arma::mat& weights, SufficientStatistics& out) const {
  if (!(out.layout() == layout_)) throw Error("product family: accumulate() into statistics of another layout");
  for (std::size_t p = 0; p < parts_.size(); ++p) {
    // The part adds into a copy of its slice (framework slots included), which then replaces the slice:
    // the same additions, in the same order, as if it had the product's buffer.
    SufficientStatistics part_stats(slices_[p].layout);
    copy_into_part(out, slices_[p], part_stats);
    try {
      parts_[p].family->accumulate(block, weights, part_stats);
    } catch (const Error&) {
      rethrow_naming(parts_[p].description);
    }
    copy_from_part(part_stats, slices_[p], out);
  }
}

template <class Update>
void ProductFamily::update_parts(Update update) {
  std::vector<std::unique_ptr<ComponentFamily>> updated;
  for (std::size_t p = 0; p < parts_.size(); ++p) {
    updated.push_back(parts_[p].family->clone());
    try {
      update(p, *updated.back());
    } catch (const Error&) {
      rethrow_naming(parts_[p].description);
    }
  }
  for (std::size_t p = 0; p < parts_.size(); ++p) parts_[p].family = std::move(updated[p]);
}

void ProductFamily::maximize(const SufficientStatistics& stats, Estimator estimator) {
  if (!(stats.layout() == layout_)) throw Error("product family: maximize() got statistics of another layout");
  const bool posterior_mode = estimator == Estimator::maximum_a_posteriori;
  if (posterior_mode && !capabilities().maximum_a_posteriori)
    throw Error("product family: MAP estimation needs a prior in at least one part (none of the parts has one)");
  update_parts([&](std::size_t p, ComponentFamily& part) {
    SufficientStatistics part_stats(slices_[p].layout);
    copy_into_part(stats, slices_[p], part_stats);
    // Under MAP, a part without a prior (a flat one) takes its maximum-likelihood step.
    const bool has_prior = part.capabilities().maximum_a_posteriori;
    part.maximize(part_stats, posterior_mode && has_prior ? Estimator::maximum_a_posteriori
                                                          : Estimator::maximum_likelihood);
  });
}

void ProductFamily::set_prior_from_data(const SufficientStatistics& pooled) {
  if (!(pooled.layout() == layout_)) throw Error("product family: set_prior_from_data() got statistics of another layout");
  update_parts([&](std::size_t p, ComponentFamily& part) {
    SufficientStatistics part_stats(slices_[p].layout);
    copy_into_part(pooled, slices_[p], part_stats);
    part.set_prior_from_data(part_stats);
  });
}

void ProductFamily::update_posterior(const SufficientStatistics& stats) {
  if (!(stats.layout() == layout_)) throw Error("product family: update_posterior() got statistics of another layout");
  update_parts([&](std::size_t p, ComponentFamily& part) {
    SufficientStatistics part_stats(slices_[p].layout);
    copy_into_part(stats, slices_[p], part_stats);
    part.update_posterior(part_stats);
  });
}

double ProductFamily::kl_to_prior() const {
  // KL(Π_p q_p || Π_p p_p) = Σ_p KL(q_p || p_p) for independent factors.
  double total = 0.0;
  for (const ProductPartFamily& part : parts_) {
    try {
      total += part.family->kl_to_prior();
    } catch (const Error&) {
      rethrow_naming(part.description);
    }
  }
  return total;
}

void ProductFamily::sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const {
  if (k >= num_components_)
    throw Error("product family: sample() asked for component " + std::to_string(k) + " of " +
                std::to_string(num_components_));
  out.set_size(dimension_, n);
  arma::mat part_out;
  for (const ProductPartFamily& part : parts_) {
    try {
      part.family->sample(k, n, stream, part_out);
    } catch (const Error&) {
      rethrow_naming(part.description);
    }
    if (part_out.n_rows != part.columns.n_elem || part_out.n_cols != n)
      throw Error("product family: " + part.description + " sampled " + shape_text(part_out) + ", expected " +
                  std::to_string(part.columns.n_elem) + "×" + std::to_string(n));
    out.rows(part.columns) = part_out;
  }
}

void ProductFamily::save(YAML::Emitter& out) const {
  std::vector<YAML::Node> part_models;
  for (const ProductPartFamily& part : parts_) {
    try {
      part_models.push_back(saved_part_model(*part.family, part.description));
    } catch (const Error&) {
      rethrow_naming(part.description);
    }
  }
  emit_product_model(out, part_models, num_components_);
}

void ProductFamily::load(const YAML::Node& model, const std::string& source) {
  const std::vector<YAML::Node> part_models = split_product_model(model, parts_.size(), num_components_, source);
  update_parts([&](std::size_t p, ComponentFamily& part) { part.load(part_models[p], source); });
}

void ProductFamily::permute_components(const arma::uvec& order) {
  const arma::uvec identity = arma::regspace<arma::uvec>(0, num_components_ - 1);
  if (order.n_elem != num_components_ || arma::any(arma::sort(order) != identity))
    throw Error("product family: permute_components() needs a permutation of 0.." +
                std::to_string(num_components_ - 1));
  update_parts([&](std::size_t, ComponentFamily& part) { part.permute_components(order); });
}

}  // namespace mixfit
