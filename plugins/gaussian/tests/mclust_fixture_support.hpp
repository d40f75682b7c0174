// Reading mclust reference fits (tests/data/mclust_models, tests/data/mclust_prior) and driving a family as me() does.
#pragma once

#include <boost/test/unit_test.hpp>

#include "gaussian_options.hpp"
#include "gaussian_test_support.hpp"

#include <memory>
#include <string>

namespace mixfit::testing {

inline const std::string kMclustDataDir = std::string(MIXFIT_SOURCE_DIR) + "/tests/data/";

/// The named columns of a CSV with a header, D×N (one row per column of the matrix).
inline arma::mat read_columns(const std::string& file, const YAML::Node& names) {
  arma::mat table;
  arma::field<std::string> fields;
  BOOST_TEST_REQUIRE(table.load(arma::csv_name(file, fields, arma::csv_opts::with_header)));
  arma::mat x(names.size(), table.n_rows);
  for (std::size_t i = 0; i < names.size(); ++i) {
    arma::uword column = fields.n_elem;
    for (arma::uword j = 0; j < fields.n_elem; ++j)
      if (fields(j) == names[i].as<std::string>()) column = j;
    BOOST_TEST_REQUIRE(column < fields.n_elem);
    x.row(i) = table.col(column).t();
  }
  return x;
}

/// The data a reference file was computed on, D×N.
inline arma::mat reference_data(const YAML::Node& reference, const std::string& set_name) {
  const std::string data_file = reference["data"].as<std::string>();
  const std::string folder = data_file == "faithful.csv" ? "faithful" : set_name;
  return read_columns(kMclustDataDir + folder + "/" + data_file, reference["columns"]);
}

/// A gaussian family from `options` (a YAML map of model.options) over D columns.
inline std::unique_ptr<ComponentFamily> make_family_with(const std::string& options, std::size_t k, std::size_t d) {
  FamilySpec spec;
  spec.num_components = k;
  for (std::size_t i = 0; i < d; ++i) spec.columns.push_back({"x" + std::to_string(i), ColumnKind::real, i, {}});
  spec.source = "experiment.yaml";
  spec.options = gaussian_options_schema().resolve(YAML::Load(options), {"experiment.yaml", "model.options"});
  return make_gaussian_family(spec);
}

/// Statistics of `x` under fixed `weights` (K×N), counts included, as the driver's first pass builds them.
inline SufficientStatistics statistics_of(const ComponentFamily& family, const arma::mat& x, const arma::mat& weights) {
  SufficientStatistics stats(family.stat_layout());
  for (std::size_t k = 0; k < weights.n_rows; ++k) stats.count(k) = arma::accu(weights.row(k));
  family.accumulate(DataBlock(x, 0, x.n_cols, 0), weights, stats);
  return stats;
}

/// One-hot weights (K×N) of the reference's start for K components: hclass(hc(X), K) − 1.
inline arma::mat start_weights(const YAML::Node& reference, std::size_t k, std::size_t n) {
  arma::mat weights(k, n, arma::fill::zeros);
  for (std::size_t i = 0; i < n; ++i) weights(reference["starts"][k - 1]["labels"][i].as<arma::uword>(), i) = 1.0;
  return weights;
}

/// me()'s loop from one-hot `weights`: `iterations` times an M-step (pro = n_k/n) then an E-step. Returns the
/// last log-likelihood and sets `mixing` to the last weights.
inline double run_me(ComponentFamily& family, const arma::mat& x, const arma::mat& weights, std::size_t iterations,
                     Estimator estimator, arma::vec& mixing) {
  SufficientStatistics stats = statistics_of(family, x, weights);
  double log_likelihood = 0.0;
  for (std::size_t iteration = 0; iteration < iterations; ++iteration) {
    family.maximize(stats, estimator);
    mixing = stats.counts() / static_cast<double>(x.n_cols);  // mclust: pro = n_k / n
    const EStep step = e_step(family, x, mixing);
    log_likelihood = arma::accu(step.row_log_likelihood);
    stats = step.stats;
  }
  return log_likelihood;
}

/// What save() writes, read back.
inline YAML::Node saved_model(const ComponentFamily& family) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  family.save(out);
  out << YAML::EndMap;
  return YAML::Load(out.c_str());
}

/// Component c's D×D covariance in a saved model: its own, or shared: (tied, 1-D E); a number (spherical) or a
/// list (diag) made a matrix.
inline arma::mat saved_covariance(const YAML::Node& saved, std::size_t c, std::size_t d) {
  const YAML::Node own = saved["components"][c]["covariance"];
  const YAML::Node node = own ? own : saved["shared"]["covariance"];
  if (node.IsSequence() && node[0].IsSequence()) return to_mat(node);
  if (node.IsSequence()) return arma::diagmat(to_vec(node));
  return node.as<double>() * arma::eye(d, d);
}

/// max |a − b| / max |b|: the covariance's error relative to its size (entries that are 0 in both count as 0).
inline double normwise_error(const arma::mat& actual, const arma::mat& expected) {
  return arma::abs(actual - expected).max() / arma::abs(expected).max();
}

}  // namespace mixfit::testing
