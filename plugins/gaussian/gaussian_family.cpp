// GaussianFamily<Covariance>: scores, statistics, M-step, sampling and persistence, for every covariance policy.
#include "gaussian_family.hpp"

#include "missing_coordinates.hpp"

#include "elementwise_kernels.hpp"
#include "gaussian_statistics.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/io/parameter_yaml.hpp"
#include "parameter_yaml.hpp"
#include "quadratic_moments.hpp"
#include "triangular_kernels.hpp"

#include <boost/random/normal_distribution.hpp>

#include <cmath>
#include <numbers>
#include <string>
#include <type_traits>
#include <vector>

namespace mixfit {
namespace {

std::string shape_text(const arma::mat& m) { return std::to_string(m.n_rows) + "×" + std::to_string(m.n_cols); }

}  // namespace

template <class Covariance>
std::string GaussianFamily<Covariance>::context() const {
  if constexpr (kDecomposed) return "gaussian family (" + covariance_.name() + " covariance): ";
  else return "gaussian family (" + std::string(Covariance::kName) + " covariance): ";
}

template <class Covariance>
GaussianFamily<Covariance>::GaussianFamily(std::size_t num_components, std::size_t dimension, double reg_covar,
                                           std::size_t first_storage_row, std::optional<GaussianPrior> prior,
                                           Covariance structure, PrecisionModel precision_model)
    : num_components_(num_components),
      dimension_(dimension),
      first_storage_row_(first_storage_row),
      reg_covar_(reg_covar),
      means_(arma::zeros(dimension, num_components)),
      covariance_(std::move(structure)),
      precision_model_(precision_model),
      configured_prior_(prior.has_value()),
      prior_(prior.value_or(GaussianPrior{})) {
  if (num_components == 0 || dimension == 0)
    throw Error(context() + "needs at least one component and one data column, got K = " +
                std::to_string(num_components) + ", D = " + std::to_string(dimension));
  if (!std::isfinite(reg_covar) || reg_covar < 0.0)
    throw Error(context() + "reg_covar must be a finite number >= 0, got " + format_double(reg_covar));
}

template <class Covariance>
std::size_t GaussianFamily<Covariance>::num_free_parameters() const {
  return covariance_.num_free_parameters(dimension_, num_components_) + num_components_ * dimension_;
}

template <class Covariance>
std::unique_ptr<ComponentFamily> GaussianFamily<Covariance>::clone() const {
  return std::make_unique<GaussianFamily>(*this);
}

template <class Covariance>
StatLayout GaussianFamily<Covariance>::stat_layout() const {
  StatLayout layout;
  layout.num_components = num_components_;
  layout.add_component_field("sum_dev", dimension_);  // gaussian_layout::kFirstMomentOffset
  Covariance::add_stat_fields(layout, dimension_);
  return layout;
}

template <class Covariance>
void GaussianFamily<Covariance>::log_likelihood(const DataBlock& block, arma::mat& scores) const {
  if (!has_parameters_) throw Error(context() + "log_likelihood() called before parameters were set");
  if (block.real().n_rows < first_storage_row_ + dimension_)
    throw Error(context() + "block has " + std::to_string(block.real().n_rows) +
                " real columns, expected at least " + std::to_string(first_storage_row_ + dimension_));
  arma::mat scratch;
  const arma::mat& cells = block.real_rows(first_storage_row_, dimension_, scratch);
  // Rows with missing coordinates (data.missing: marginalize) are scored twice: by the complete-row kernels
  // on zeros, whose scores are then replaced by the marginal densities of the observed coordinates.
  // (the scan for them reads the whole block again: only when data.missing allows them)
  detail::MissingPatterns patterns;
  arma::mat zero_filled;
  if (block.may_have_missing() && cells.has_nan()) {
    patterns = detail::find_missing_patterns(cells);
    zero_filled = detail::with_missing_as_zero(cells);
  }
  const arma::mat& x = patterns.groups.empty() ? cells : zero_filled;
  complete_row_log_likelihood(x, scores);
  if (!patterns.groups.empty())
    detail::write_marginal_log_densities(cells, patterns, means_, full_covariances(), pattern_cache_, scores);
}

template <class Covariance>
std::vector<arma::mat> GaussianFamily<Covariance>::full_covariances() const {
  std::vector<arma::mat> out;
  const arma::mat identity = arma::eye(dimension_, dimension_);
  for (std::size_t k = 0; k < num_components_; ++k) {
    const arma::mat factor = covariance_.scale(k, identity);
    out.push_back(factor * factor.t());
  }
  return out;
}

template <class Covariance>
void GaussianFamily<Covariance>::complete_row_log_likelihood(const arma::mat& x, arma::mat& scores) const {
  const double normaliser = static_cast<double>(dimension_) * std::log(2.0 * std::numbers::pi);
  if constexpr (Covariance::kElementwise) {
    arma::vec constants(num_components_);  // −½(D log 2π + log det Σ_k)
    for (std::size_t k = 0; k < num_components_; ++k) constants(k) = -0.5 * (normaliser + covariance_.log_det(k));
    detail::elementwise_log_density(x, means_, covariance_.precisions(), constants, scores);
  } else {
    const std::size_t n = x.n_cols;
    scores.set_size(num_components_, n);
    if (n == 0) return;  // an empty block has no scores (and no memory to point into)
    arma::mat centred(dimension_, n);  // one scratch block, reused for every component
    detail::subtract_from_columns(x, means_.colptr(0), centred);
    for (std::size_t k = 0; k < num_components_; ++k) {
      covariance_.whiten_in_place(k, centred);
      // scikit-learn _estimate_log_gaussian_prob: −½(D log 2π + ‖P_k(x − μ_k)‖²) + log det P_k
      const double constant = normaliser + covariance_.log_det(k);
      if (k + 1 < num_components_)  // the next component's centring rides on the same pass
        detail::write_log_densities_and_centre(centred, constant, scores.colptr(0) + k, num_components_, x,
                                               means_.colptr(k + 1));
      else
        detail::write_log_densities(centred, constant, scores.colptr(0) + k, num_components_);
    }
  }
}

template <class Covariance>
void GaussianFamily<Covariance>::accumulate(const DataBlock& block, const arma::mat& weights,
                                            SufficientStatistics& out) const {
  if (block.real().n_rows < first_storage_row_ + dimension_)
    throw Error(context() + "accumulate() got a block of " + std::to_string(block.real().n_rows) +
                " real columns, expected at least " + std::to_string(first_storage_row_ + dimension_));
  arma::mat scratch;
  const arma::mat& x = block.real_rows(first_storage_row_, dimension_, scratch);
  if (weights.n_rows != num_components_ || weights.n_cols != x.n_cols)
    throw Error(context() + "accumulate() got a block of " + shape_text(x) + " and weights of " +
                shape_text(weights) + ", expected D = " + std::to_string(dimension_) +
                " rows and K = " + std::to_string(num_components_) + " weight rows");
  if (!(out.layout() == stat_layout()))
    throw Error(context() + "accumulate() into statistics of another layout");
  if (x.n_cols == 0) return;  // an empty block adds nothing (and empty views have no memory to read)
  if (!block.may_have_missing() || !x.has_nan()) {
    accumulate_complete_rows(x, weights, out);
    return;
  }
  // data.missing: marginalize. Complete rows through the usual kernels (incomplete ones at weight 0), then
  // the incomplete rows' expected statistics given their observed coordinates.
  if (!has_parameters_)
    throw Error(context() + "accumulate() got missing cells before the family has parameters (the framework "
                            "fills them with column means for the first M-step)");
  const detail::MissingPatterns patterns = detail::find_missing_patterns(x);
  arma::mat complete_weights = weights;
  complete_weights.cols(patterns.incomplete).zeros();
  accumulate_complete_rows(detail::with_missing_as_zero(x), complete_weights, out);
  accumulate_incomplete_rows(x, patterns, weights, out);
}

template <class Covariance>
void GaussianFamily<Covariance>::accumulate_incomplete_rows(const arma::mat& x, const detail::MissingPatterns& patterns,
                                                            const arma::mat& weights, SufficientStatistics& out) const {
  const std::vector<arma::mat> covariances = full_covariances();
  std::vector<std::shared_ptr<const detail::PatternConditionalCache::Conditionals>> conditionals;
  for (const detail::MissingPatterns::Group& group : patterns.groups)
    conditionals.push_back(pattern_cache_.get(covariances, group));
  for (std::size_t k = 0; k < num_components_; ++k) {
    const arma::vec anchor = means_.col(k);
    arma::vec first_sum(dimension_, arma::fill::zeros);
    arma::vec second_diagonal(dimension_, arma::fill::zeros);  // elementwise policies
    std::vector<arma::mat> scaled_parts;                        // the others: columns c with Σ c cᵀ the second moment
    for (std::size_t g = 0; g < patterns.groups.size(); ++g) {
      const detail::MissingPatterns::Group& group = patterns.groups[g];
      const detail::PatternConditional& c = (*conditionals[g])[k];
      // E[x_m | x_o] = μ_m + B (x_o − μ_o); E[(x − a)(x − a)ᵀ | x_o] = (x̂ − a)(x̂ − a)ᵀ + C on the missing block.
      const arma::mat observed_centred = x.submat(group.observed, group.columns).eval().each_col() -
                                         anchor.elem(group.observed);
      arma::mat deviations(dimension_, group.columns.n_elem);
      deviations.rows(group.observed) = observed_centred;
      deviations.rows(group.missing) = c.regression * observed_centred;  // the anchor is μ_k: x̂_m − a_m = B(x_o − μ_o)
      const arma::rowvec r = weights(arma::uvec{k}, group.columns);
      const double total = arma::accu(r);
      first_sum += deviations * r.t();
      if constexpr (Covariance::kElementwise) {
        second_diagonal += arma::square(deviations) * r.t();
        const arma::vec conditional_variance = arma::sum(arma::square(c.missing_factor), 1);
        second_diagonal.elem(group.missing) += total * conditional_variance;
      } else {
        arma::mat scaled = deviations.each_row() % arma::sqrt(r);
        arma::mat spread(dimension_, group.missing.n_elem, arma::fill::zeros);  // √(Σ r) G with G Gᵀ = C
        spread.rows(group.missing) = std::sqrt(total) * c.missing_factor;
        scaled_parts.push_back(arma::join_rows(scaled, spread));
      }
    }
    arma::mat first = out.component_matrix(k, gaussian_layout::kFirstMomentOffset, dimension_, 1);
    first += first_sum;
    if constexpr (Covariance::kElementwise) {
      arma::mat second = out.component_matrix(k, gaussian_layout::second_moment_offset(dimension_), dimension_, 1);
      second += second_diagonal;
    } else {
      arma::mat scaled;
      for (const arma::mat& part : scaled_parts) scaled = arma::join_rows(scaled, part);
      Covariance::accumulate(k, scaled, out);
    }
  }
}

template <class Covariance>
void GaussianFamily<Covariance>::accumulate_complete_rows(const arma::mat& x, const arma::mat& weights,
                                                          SufficientStatistics& out) const {
  if constexpr (Covariance::kElementwise) {
    arma::mat first, second;
    detail::elementwise_moments(x, means_, weights, first, second);
    for (std::size_t k = 0; k < num_components_; ++k) {
      arma::mat first_slot = out.component_matrix(k, gaussian_layout::kFirstMomentOffset, dimension_, 1);
      arma::mat second_slot = out.component_matrix(k, gaussian_layout::second_moment_offset(dimension_), dimension_, 1);
      first_slot += first.col(k);
      second_slot += second.col(k);
    }
  } else {
    const std::size_t n = x.n_cols;
    std::vector<char> expanded(num_components_, 0);
    // All components at once from quadratic features (small D), where that is exact enough.
    if constexpr (std::is_same_v<Covariance, FullCovariance> || std::is_same_v<Covariance, OrientedEigenCovariance>) {
      if (dimension_ <= detail::kQuadraticFeaturesMaxDimension) {
        arma::mat first_moments;
        arma::cube second_moments;
        expanded = detail::expanded_full_moments(x, means_, weights, first_moments, second_moments);
        for (std::size_t k = 0; k < num_components_; ++k) {
          if (!expanded[k]) continue;
          arma::mat first = out.component_matrix(k, gaussian_layout::kFirstMomentOffset, dimension_, 1);
          arma::mat second =
              out.component_matrix(k, gaussian_layout::second_moment_offset(dimension_), dimension_, dimension_);
          first += first_moments.col(k);
          second += second_moments.slice(k);
        }
      }
    }    arma::mat scaled;  // columns (x − a_k)√r, reused for every component summed directly
    arma::vec first_sum(dimension_);
    for (std::size_t k = 0; k < num_components_; ++k) {
      if (expanded[k]) continue;
      if (scaled.n_cols != n) scaled.set_size(dimension_, n);
      const double* anchor = means_.colptr(k);  // about the anchor a_k = μ_k
      first_sum.zeros();
      for (std::size_t j = 0; j < n; ++j) {
        const double r = weights(k, j);
        const double root = std::sqrt(r);
        const double* row = x.colptr(j);
        double* column = scaled.colptr(j);
        for (std::size_t i = 0; i < dimension_; ++i) {
          const double deviation = row[i] - anchor[i];
          first_sum[i] += r * deviation;
          column[i] = deviation * root;
        }
      }
      arma::mat first = out.component_matrix(k, gaussian_layout::kFirstMomentOffset, dimension_, 1);
      first += first_sum;
      Covariance::accumulate(k, scaled, out);
    }
  }
}

template <class Covariance>
void GaussianFamily<Covariance>::maximize(const SufficientStatistics& stats, Estimator estimator) {
  if (!(stats.layout() == stat_layout()))
    throw Error(context() + "maximize() got statistics of another layout");
  if (estimator == Estimator::maximum_a_posteriori) {
    maximize_posterior_mode(stats);
    return;
  }
  const ComponentMoments moments = first_moments(stats, dimension_);
  const arma::mat new_means = means_ + moments.shifts;  // scikit-learn: means = resp.T @ X / nk
  set_point_estimates(new_means, covariance_.estimate(stats, moments, reg_covar_), "M-step");
  has_posterior_ = false;
}

template <class Covariance>
void GaussianFamily<Covariance>::set_point_estimates(const arma::mat& means, CovarianceParameters covariances,
                                                     const char* step) {
  try {
    Covariance next(std::move(covariances), dimension_, num_components_);
    means_ = means;
    covariance_ = std::move(next);
    has_parameters_ = true;
  } catch (const SingularComponentError& e) {
    // Keeps the type and the component, so the driver's inference.singular_component can act on it.
    throw SingularComponentError(e.component(), context() + step + ": " + e.what() +
                                                    " after adding reg_covar = " + format_double(reg_covar_) +
                                                    "; increase model.options.reg_covar, set a prior "
                                                    "(model.options.prior), or use fewer components");
  } catch (const NumericalError& e) {
    throw NumericalError(context() + step + ": " + e.what() + " after adding reg_covar = " +
                         format_double(reg_covar_) +
                         "; increase model.options.reg_covar, set a prior (model.options.prior), or use fewer "
                         "components");
  }
}

template <class Covariance>
void GaussianFamily<Covariance>::sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const {
  if (!has_parameters_) throw Error(context() + "sample() called before parameters were set");
  if (k >= num_components_)
    throw Error(context() + "sample() asked for component " + std::to_string(k) + " of " +
                std::to_string(num_components_));
  boost::random::normal_distribution<double> normal;
  arma::mat normals(dimension_, n);
  for (double& z : normals) z = normal(stream);  // column by column: draw j uses normals j·D .. j·D+D−1
  out = covariance_.scale(k, normals);
  out.each_col() += means_.col(k);
}

template <class Covariance>
void GaussianFamily<Covariance>::save(YAML::Emitter& out) const {
  if (!has_parameters_) throw Error(context() + "save() called before parameters were set");
  out << YAML::Key << "components" << YAML::Value << YAML::BeginSeq;
  for (std::size_t k = 0; k < num_components_; ++k) {
    out << YAML::BeginMap << YAML::Key << "mean" << YAML::Value;
    detail::emit_vector(out, means_.col(k));
    covariance_.save_component(out, k);
    if (has_posterior_) {
      out << YAML::Key << "mean_precision" << YAML::Value;
      detail::emit_number(out, mean_precision_(k));
      if constexpr (!Covariance::kShared) {
        out << YAML::Key << "degrees_of_freedom" << YAML::Value;
        detail::emit_number(out, degrees_of_freedom_(k));
      }
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  if constexpr (Covariance::kShared) {
    out << YAML::Key << "shared" << YAML::Value << YAML::BeginMap;
    covariance_.save_shared(out);
    if (has_posterior_) {
      out << YAML::Key << "degrees_of_freedom" << YAML::Value;
      detail::emit_number(out, degrees_of_freedom_(0));
    }
    out << YAML::EndMap;
  } else if constexpr (kDecomposed) {
    if (covariance_.has_shared_section()) {
      out << YAML::Key << "shared" << YAML::Value << YAML::BeginMap;
      covariance_.save_shared(out);
      out << YAML::EndMap;
    }
  }
  // The prior a posterior or a MAP estimate was computed under, so the file is self-contained (an ML fit has none).
  if ((has_posterior_ || configured_prior_) && prior_.resolved()) save_gaussian_prior(out, prior_, Covariance::kName);
}

template <class Covariance>
void GaussianFamily<Covariance>::load(const YAML::Node& model, const std::string& source) {
  const ConfigLocation where{source, ""};
  const YAML::Node components = detail::require_key(model, where, "components");
  const ConfigLocation list = where.child("components");
  const std::string k_text = std::to_string(num_components_);
  const std::string d_text = std::to_string(dimension_);
  if (!components.IsSequence() || components.size() != num_components_)
    detail::fail_at(list, components,
                    "expected a list of " + k_text + " components, got " + detail::show_node(components));
  arma::mat means(dimension_, num_components_);
  for (std::size_t k = 0; k < num_components_; ++k) {
    const ConfigLocation component = detail::at_index(list, k);
    const YAML::Node node = components[k];
    if (!node.IsMap())
      detail::fail_at(component, node, "expected a mapping with a mean, got " + detail::show_node(node));
    if constexpr (Covariance::kShared)
      detail::reject_unknown_keys(node, component, {"mean", "mean_precision"},
                                  "a tied covariance goes under shared.covariance");
    else if constexpr (kDecomposed)
      detail::reject_unknown_keys(node, component, {"mean", "covariance", "volume", "shape", "orientation"},
                                  "parts equal across components go under shared:");
    else
      detail::reject_unknown_keys(node, component, {"mean", "covariance", "mean_precision", "degrees_of_freedom"});
    means.col(k) = detail::read_vector(detail::require_key(node, component, "mean"), component.child("mean"),
                                       dimension_, "a list of " + d_text + " numbers");
  }
  CovarianceParameters covariances = covariance_.load(model, where, dimension_, num_components_);
  const auto [mean_precision, degrees_of_freedom] = load_posterior(model, where);

  std::optional<GaussianPrior> saved_prior;
  if (const YAML::Node node = model["prior"]) {
    const ConfigLocation prior_where = where.child("prior");
    saved_prior = load_gaussian_prior(node, prior_where, dimension_, Covariance::kName, precision_model_);
    if (const std::optional<std::string> key = conflicting_key(prior_, *saved_prior))
      detail::fail_at(prior_where.child(*key), node[*key],
                      "the saved prior's " + *key + " differs from this model's (model.options.prior, or the "
                      "default taken from the data); a saved posterior or MAP estimate belongs to its own prior");
  }
  if (!mean_precision.is_empty() && !saved_prior && !prior_.resolved())
    detail::fail_at(where.child("prior"), model,
                    "a saved posterior needs the prior it was computed under: a prior: map with mean_precision, "
                    "mean, degrees_of_freedom and covariance, as save() writes it");
  set_parameters(means, covariances);
  if (saved_prior) prior_ = std::move(*saved_prior);
  has_posterior_ = !mean_precision.is_empty();
  mean_precision_ = mean_precision;
  degrees_of_freedom_ = degrees_of_freedom;
}

template <class Covariance>
std::pair<arma::vec, arma::vec> GaussianFamily<Covariance>::load_posterior(const YAML::Node& model,
                                                                         const ConfigLocation& where) const {
  const YAML::Node components = model["components"];
  const ConfigLocation list = where.child("components");
  const YAML::Node shared = model["shared"];
  const ConfigLocation shared_where = where.child("shared");
  // β_k and ν_k are saved for every component or for none (a model without a posterior).
  auto has_posterior_keys = [&](std::size_t k) {
    if constexpr (Covariance::kShared) return components[k]["mean_precision"].IsDefined();
    else return components[k]["mean_precision"].IsDefined() || components[k]["degrees_of_freedom"].IsDefined();
  };
  bool any = Covariance::kShared && shared["degrees_of_freedom"].IsDefined();
  for (std::size_t k = 0; k < num_components_; ++k) any = any || has_posterior_keys(k);
  if (!any) return {};
  const std::string group = Covariance::kShared ? "mean_precision in every component and shared.degrees_of_freedom"
                                                : "mean_precision and degrees_of_freedom in every component";
  for (std::size_t k = 0; k < num_components_; ++k)
    if (!has_posterior_keys(k))
      detail::fail_at(detail::at_index(list, k), components[k],
                      "a saved posterior has " + group + "; this component has neither");

  const double d = static_cast<double>(dimension_);
  auto read_positive = [&](const YAML::Node& node, const ConfigLocation& at, double above, const std::string& what) {
    const double value = detail::read_number(node, at);
    if (!(value > above)) detail::fail_at(at, node, "expected " + what + ", got " + node.Scalar());
    return value;
  };
  const std::string dof_text = "a number > D − 1 (= " + std::to_string(dimension_ - 1) + ")";
  arma::vec mean_precision(num_components_), degrees_of_freedom(Covariance::kShared ? 1 : num_components_);
  for (std::size_t k = 0; k < num_components_; ++k) {
    const ConfigLocation component = detail::at_index(list, k);
    const YAML::Node node = components[k];
    mean_precision(k) = read_positive(detail::require_key(node, component, "mean_precision"),
                                      component.child("mean_precision"), 0.0, "a number > 0");
    if constexpr (!Covariance::kShared)
      degrees_of_freedom(k) = read_positive(detail::require_key(node, component, "degrees_of_freedom"),
                                            component.child("degrees_of_freedom"), d - 1.0, dof_text);
  }
  if constexpr (Covariance::kShared)
    degrees_of_freedom(0) = read_positive(detail::require_key(shared, shared_where, "degrees_of_freedom"),
                                          shared_where.child("degrees_of_freedom"), d - 1.0, dof_text);
  return {mean_precision, degrees_of_freedom};
}

template <class Covariance>
void GaussianFamily<Covariance>::permute_components(const arma::uvec& order) {
  const arma::uvec identity = arma::regspace<arma::uvec>(0, num_components_ - 1);
  if (order.n_elem != num_components_ || arma::any(arma::sort(order) != identity))
    throw Error(context() + "permute_components() needs a permutation of 0.." +
                std::to_string(num_components_ - 1));
  means_ = means_.cols(order);
  if (has_parameters_) covariance_ = covariance_.permuted(order);
  if (has_posterior_) {
    mean_precision_ = mean_precision_.elem(order);
    if constexpr (!Covariance::kShared) degrees_of_freedom_ = degrees_of_freedom_.elem(order);
  }
}

template <class Covariance>
void GaussianFamily<Covariance>::set_parameters(const arma::mat& means, const CovarianceParameters& covariances) {
  if (means.n_rows != dimension_ || means.n_cols != num_components_)
    throw Error(context() + "means must be D×K = " + std::to_string(dimension_) + "×" +
                std::to_string(num_components_) + ", got " + shape_text(means));
  if (!means.is_finite()) throw Error(context() + "means must be finite");
  try {
    Covariance next(covariances, dimension_, num_components_);
    means_ = means;
    covariance_ = std::move(next);
    has_parameters_ = true;
  } catch (const NumericalError& e) {
    throw NumericalError(context() + e.what());
  } catch (const Error& e) {
    throw Error(context() + e.what());
  }
}

template class GaussianFamily<FullCovariance>;
template class GaussianFamily<DiagonalCovariance>;
template class GaussianFamily<SphericalCovariance>;
template class GaussianFamily<TiedCovariance>;
template class GaussianFamily<DiagonalEigenCovariance>;
template class GaussianFamily<OrientedEigenCovariance>;

}  // namespace mixfit
