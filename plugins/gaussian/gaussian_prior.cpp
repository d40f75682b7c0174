// Reading, checking and writing the Gaussian prior (model.options.prior and model.yaml's prior:).
#include "gaussian_prior.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/io/parameter_yaml.hpp"

#include <cmath>

namespace mixfit {
namespace {

constexpr const char* kKeys[] = {"mean_precision", "mean", "degrees_of_freedom", "covariance"};

// A node parsed from a file knows its line. The factory, though, reads the
// *resolved* options: ConfigSchema::resolve writes numbers back as new nodes
// (no mark) and copies `any` nodes with YAML::Clone, which stamps line 1,
// column 1 on every copy. Neither is where the value is in the file, so such
// nodes are reported by file and key only. A value inside a mapping never
// starts at offset 0 of a file, which tells the two apart.
bool has_file_position(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return !mark.is_null() && mark.pos > 0;
}

[[noreturn]] void fail_prior(const ConfigLocation& where, const YAML::Node& node, const std::string& message) {
  if (has_file_position(node)) fail_at(where, node, message);
  throw ConfigError(where.file + ": " + where.key_path + ": " + message);
}

double number_at(const YAML::Node& node, const ConfigLocation& where) {
  double value = 0.0;
  if (!node.IsScalar() || !parse_double(node.Scalar(), value) || !std::isfinite(value))
    fail_prior(where, node, "expected a finite number, got " + show_node(node));
  return value;
}

arma::vec vector_at(const YAML::Node& node, const ConfigLocation& where, std::size_t length,
                    const std::string& expected) {
  if (!node.IsSequence() || node.size() != length)
    fail_prior(where, node, "expected " + expected + ", got " + show_node(node));
  arma::vec values(length);
  for (std::size_t i = 0; i < length; ++i) values(i) = number_at(node[i], at_index(where, i));
  return values;
}

arma::mat square_matrix_at(const YAML::Node& node, const ConfigLocation& where, std::size_t rows,
                           const std::string& expected) {
  bool shape_ok = node.IsSequence() && node.size() == rows;
  for (std::size_t i = 0; shape_ok && i < rows; ++i) shape_ok = node[i].IsSequence() && node[i].size() == rows;
  if (!shape_ok) fail_prior(where, node, "expected " + expected + ", got " + show_node(node));
  arma::mat values(rows, rows);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < rows; ++j) values(i, j) = number_at(node[i][j], at_index(at_index(where, i), j));
  return values;
}

std::string scale_shape(std::string_view type, std::size_t d) {
  const std::string n = std::to_string(d);
  if (type == "diag") return "a list of " + n + " numbers > 0";
  if (scalar_prior_scale(type)) return "one number > 0";
  return "a symmetric positive-definite " + n + "×" + n + " matrix (a list of " + n + " rows)";
}

// Ψ₀ in its stored shape (full/tied D×D, diag D×1, spherical 1×1), checked.
arma::mat read_scale(const YAML::Node& node, const ConfigLocation& where, std::size_t d, std::string_view type) {
  const std::string expected = scale_shape(type, d);
  if (scalar_prior_scale(type) || type == "diag") {
    if (scalar_prior_scale(type) && !node.IsScalar())
      fail_prior(where, node, "expected " + expected + ", got " + show_node(node));
    const arma::mat scale = scalar_prior_scale(type) ? arma::mat(1, 1, arma::fill::value(number_at(node, where)))
                                                     : arma::mat(vector_at(node, where, d, expected));
    if (arma::any(arma::vectorise(scale) <= 0.0))
      fail_prior(where, node, "expected " + expected + ", got " + show_node(node));
    return scale;
  }
  const arma::mat scale = square_matrix_at(node, where, d, expected);
  // The same symmetry tolerance as a saved covariance: numpy output may differ in the last bits.
  if (arma::abs(scale - scale.t()).max() > 1e-12 * arma::abs(scale).max())
    fail_prior(where, node, "expected " + expected + ", got " + show_node(node) + " (not symmetric)");
  const arma::mat symmetric = 0.5 * (scale + scale.t());
  arma::mat factor;
  if (!arma::chol(factor, symmetric))
    fail_prior(where, node, "expected " + expected + ", got " + show_node(node) + " (not positive definite)");
  return symmetric;
}

// One key of a prior map, checked against D and the covariance type.
void read_key(const YAML::Node& map, const ConfigLocation& section, const char* key, std::size_t d,
              std::string_view type, PrecisionModel precision_model, GaussianPrior& prior) {
  const YAML::Node node = map[key];
  const ConfigLocation where = section.child(key);
  const std::string key_name = key;
  if (key_name == "mean_precision") {
    prior.mean_precision = number_at(node, where);
    if (!(*prior.mean_precision > 0.0)) fail_prior(where, node, "expected a number > 0, got " + show_node(node));
  } else if (key_name == "mean") {
    prior.mean = vector_at(node, where, d, "a list of " + std::to_string(d) + " numbers (one per column)");
  } else if (key_name == "degrees_of_freedom") {
    prior.degrees_of_freedom = number_at(node, where);
    // A Wishart needs ν₀ > D − 1 (scikit-learn asks it of every covariance type); Gamma(ν₀/2, ·) only ν₀ > 0.
    if (wishart_precisions(type, precision_model)) {
      if (!(*prior.degrees_of_freedom > static_cast<double>(d) - 1.0))
        fail_prior(where, node,
                   "expected a number > D − 1 (= " + std::to_string(d - 1) + ") for Wishart precisions, got " +
                       show_node(node));
    } else if (!(*prior.degrees_of_freedom > 0.0)) {
      fail_prior(where, node, "expected a number > 0, got " + show_node(node));
    }
  } else {
    prior.covariance = read_scale(node, where, d, type);
  }
}

}  // namespace

ConfigSchema gaussian_prior_schema() {
  ConfigSchema prior;
  prior.choice("defaults", {"scikit-learn", "mclust"}, "scikit-learn",
               "where the keys left out come from: scikit-learn's BayesianGaussianMixture (below), or mclust's "
               "priorControl()/defaultPrior(): mean_precision 0.01, the data mean, degrees_of_freedom D + 2 and "
               "covariance var(X)/K^(2/D) (its mean diagonal for the diagonal models), so MAP-EM gives mclust's "
               "numbers");
  prior.number("mean_precision", std::nullopt, "β₀, how many pseudo-points the prior mean counts as; default 1",
               Range::greater_than(0));
  prior.number_list("mean", "m₀, the prior mean (D numbers); default the data mean");
  prior.number("degrees_of_freedom", std::nullopt,
               "ν₀ of the Wishart prior (> D − 1), or of the Gamma priors of diag and spherical precisions under "
               "precision_model gamma (> 0); default D",
               Range::greater_than(0));
  prior.any("covariance",
            "Ψ₀, the Wishart inverse scale (scikit-learn's covariance_prior): full/tied a D×D matrix, diag D "
            "numbers, spherical one number; default the data's sample covariance (ddof = 1; diag its diagonal, "
            "spherical the mean of that diagonal)");
  return prior;
}

std::optional<GaussianPrior> read_gaussian_prior(const YAML::Node& options, std::size_t dimension,
                                                 std::string_view covariance_type, const std::string& source,
                                                 PrecisionModel precision_model) {
  const YAML::Node node = options["prior"];
  if (!node.IsDefined()) return std::nullopt;
  GaussianPrior prior;
  if (node.IsNull()) return prior;  // `prior:` with nothing after it: every default, and MAP-EM
  const ConfigLocation where{source, "model.options.prior"};
  if (!node.IsMap())
    fail_prior(where, node, "expected {mean_precision, mean, degrees_of_freedom, covariance}, got " + show_node(node));
  if (const YAML::Node defaults = node["defaults"]; defaults && defaults.IsScalar() && defaults.Scalar() == "mclust")
    prior.defaults = GaussianPrior::Defaults::mclust;
  for (const char* key : kKeys)
    if (node[key].IsDefined()) read_key(node, where, key, dimension, covariance_type, precision_model, prior);
  return prior;
}

void set_prior_defaults(GaussianPrior& prior, const arma::vec& data_mean, const arma::mat& sample_covariance,
                        std::string_view covariance_type, std::size_t num_components, double rows) {
  const double d = static_cast<double>(data_mean.n_elem);
  // D×D, D×1 variances, or 1×1 their mean (spherical knows no more)
  const arma::vec variances = sample_covariance.n_cols == 1 ? arma::vec(sample_covariance.col(0))
                                                            : arma::vec(sample_covariance.diag());
  const bool mclust = prior.defaults == GaussianPrior::Defaults::mclust;
  if (!prior.mean) prior.mean = data_mean;
  if (!prior.mean_precision) prior.mean_precision = mclust ? 0.01 : 1.0;
  if (!prior.degrees_of_freedom)
    prior.degrees_of_freedom = !mclust ? d : covariance_type == "spherical" ? (d + 2.0) / d : d + 2.0;
  if (prior.covariance) return;
  // mclust: fac = (1/G)^(2/p), the prior scale of a component when G of them share the data's spread
  const double factor = mclust ? std::pow(1.0 / static_cast<double>(num_components), 2.0 / d) : 1.0;
  const double mean_variance = factor * (variances.n_elem == 1 ? variances(0) : arma::mean(variances));
  if (covariance_type == "diag") {
    prior.covariance = arma::mat(mclust ? arma::vec(data_mean.n_elem, arma::fill::value(mean_variance)) : variances);
  } else if (scalar_prior_scale(covariance_type)) {
    const bool per_variance = mclust && covariance_type == "spherical";  // Gamma(Dν₀/2, DΨ₀/2): Ψ₀ = Λ_P/D
    prior.covariance = arma::mat(1, 1, arma::fill::value(per_variance ? mean_variance / d : mean_variance));
  } else if (sample_covariance.n_cols == 1 || (mclust && rows <= d)) {
    prior.covariance = arma::mat(factor * arma::diagmat(variances));
  } else {
    prior.covariance = arma::mat(factor * sample_covariance);
  }
}

std::optional<std::string> conflicting_key(const GaussianPrior& current, const GaussianPrior& saved) {
  // A configured value reads back exactly, but a default taken from the same data summed in another block
  // order (another block_size) may differ in its last bits: agreement is to 1e-12 of the value's scale.
  auto differ = [](const arma::mat& a, const arma::mat& b) {
    return a.n_elem != b.n_elem || arma::abs(a - b).max() > 1e-12 * arma::abs(b).max();
  };
  auto number = [](double v) { return arma::mat(1, 1, arma::fill::value(v)); };
  if (current.mean_precision && differ(number(*current.mean_precision), number(*saved.mean_precision)))
    return "mean_precision";
  if (current.mean && differ(*current.mean, *saved.mean)) return "mean";
  if (current.degrees_of_freedom && differ(number(*current.degrees_of_freedom), number(*saved.degrees_of_freedom)))
    return "degrees_of_freedom";
  if (current.covariance && differ(*current.covariance, *saved.covariance)) return "covariance";
  return std::nullopt;
}

void save_gaussian_prior(YAML::Emitter& out, const GaussianPrior& prior, std::string_view covariance_type) {
  out << YAML::Key << "prior" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "mean_precision" << YAML::Value;
  emit_number(out, *prior.mean_precision);
  out << YAML::Key << "mean" << YAML::Value;
  emit_vector(out, *prior.mean);
  out << YAML::Key << "degrees_of_freedom" << YAML::Value;
  emit_number(out, *prior.degrees_of_freedom);
  out << YAML::Key << "covariance" << YAML::Value;
  if (scalar_prior_scale(covariance_type)) {
    emit_number(out, (*prior.covariance)(0, 0));
  } else if (covariance_type == "diag") {
    emit_vector(out, prior.covariance->col(0));
  } else {
    emit_matrix(out, *prior.covariance);
  }
  out << YAML::EndMap;
}

GaussianPrior load_gaussian_prior(const YAML::Node& node, const ConfigLocation& where, std::size_t dimension,
                                  std::string_view covariance_type, PrecisionModel precision_model) {
  if (!node.IsMap())
    fail_prior(where, node, "expected {mean_precision, mean, degrees_of_freedom, covariance}, got " + show_node(node));
  reject_unknown_keys(node, where, {"mean_precision", "mean", "degrees_of_freedom", "covariance"});
  GaussianPrior prior;
  for (const char* key : kKeys) {
    require_key(node, where, key);
    read_key(node, where, key, dimension, covariance_type, precision_model, prior);
  }
  return prior;
}

}  // namespace mixfit
