// The categorical family written on the family kit, for mixfit-bench only: it measures what moving the
// hand-written categorical plugin onto the kit would cost (issue 17: "if that costs no speed"). The kit reads real
// columns, so each categorical column of L levels is given as L one-hot real columns, and θ is one probability
// per level, summing to 1 within each column's group.
#pragma once

#include "mixfit/kit/vector_cell_family.hpp"
#include "mixfit/math/divergences.hpp"

#include <boost/random/discrete_distribution.hpp>

namespace mixfit::bench {

/// Dir(α_j) over each group's L probabilities, independently per group (the latent class model's prior).
template <std::size_t L>
struct GroupedDirichlet {
  static constexpr std::string_view kName = "dirichlet";
  static constexpr std::array<std::string_view, 1> kHyperparameters{"alpha"};
  using Hyperparameters = std::array<double, 1>;
  static constexpr Hyperparameters kDefault{1.0};

  arma::vec alpha;  ///< D = groups × L

  /// Applies f(first row, L-vector) to each group.
  template <class F>
  static arma::vec by_group(const arma::vec& values, F f) {
    arma::vec result(values.n_elem);
    for (std::size_t g = 0; g < values.n_elem; g += L) result.subvec(g, g + L - 1) = f(values.subvec(g, g + L - 1));
    return result;
  }
  arma::vec mean() const { return by_group(alpha, [](const arma::vec& a) { return arma::vec(a / arma::accu(a)); }); }
  arma::vec mode() const {
    return by_group(alpha, [](const arma::vec& a) { return kit::Dirichlet{a}.mode(); });
  }
  arma::vec expected_log() const { return by_group(alpha, [](const arma::vec& a) { return dirichlet_expected_log(a); }); }
  double kl_from(const GroupedDirichlet& prior) const {
    double total = 0.0;
    for (std::size_t g = 0; g < alpha.n_elem; g += L)
      total += kl_dirichlet(alpha.subvec(g, g + L - 1), prior.alpha.subvec(g, g + L - 1));
    return total;
  }
  bool valid() const { return kit::Dirichlet{alpha}.valid(); }
  std::array<arma::vec, 1> fields() const { return {alpha}; }
  static GroupedDirichlet from_fields(const std::array<arma::vec, 1>& fields) { return {fields[0]}; }
  static GroupedDirichlet repeated(const Hyperparameters& h, std::size_t columns) {
    return {arma::vec(columns, arma::fill::value(h[0]))};
  }
  static bool valid(const Hyperparameters& h) { return kit::Dirichlet::valid(h); }
  static ConfigSchema schema() { return kit::Dirichlet::schema(); }
  static Hyperparameters read(const YAML::Node& resolved) { return kit::Dirichlet::read(resolved); }
};

/// p(x | θ) = Π_j θ_j,x_j over one-hot groups: T(x) = x (the one-hot columns), η = log θ, A = 0, h = 1;
/// posterior Dir(α + S) per group.
template <std::size_t L>
struct KitCategoricalCell {
  static constexpr std::string_view kFamily = "kit_categorical";
  static constexpr std::string_view kSummary = "categorical columns as one-hot groups on the family kit (benchmark only)";
  static constexpr std::array kFields{kit::Field{"probabilities", kit::Constraint::probability}};
  static constexpr auto kDomain = ColumnDomain::unit_interval;
  using Prior = GroupedDirichlet<L>;
  using Values = kit::FieldValues<1>;

  static std::size_t num_statistics(std::size_t columns) { return columns; }
  static const arma::mat& statistics(const arma::mat& x) { return x; }
  static arma::rowvec log_base_measure(const arma::mat& x) { return arma::rowvec(x.n_cols, arma::fill::zeros); }
  static arma::vec natural(const Values& theta) { return arma::log(theta[0]); }
  static double log_partition(const Values&) { return 0.0; }
  static Values from_mean(const arma::vec& m) { return {Prior{m}.mean()}; }  // each group's share of its rows
  static Prior posterior(const Prior& q, const arma::vec& sum, double) { return {q.alpha + sum}; }
  static arma::vec expected_natural(const Prior& q) { return q.expected_log(); }
  static double expected_log_partition(const Prior&) { return 0.0; }
  static Values mean(const Prior& q) { return {q.mean()}; }
  static Values mode(const Prior& q) { return {q.mode()}; }
  static std::size_t num_free_parameters(std::size_t columns) { return columns / L * (L - 1); }
  static arma::vec draw(const Values& theta, const arma::vec&, RandomStream& stream) {
    arma::vec x(theta[0].n_elem, arma::fill::zeros);
    for (std::size_t g = 0; g < x.n_elem; g += L) {
      const arma::vec p = theta[0].subvec(g, g + L - 1);
      x(g + boost::random::discrete_distribution<std::size_t, double>(p.begin(), p.end())(stream)) = 1.0;
    }
    return x;
  }
};

}  // namespace mixfit::bench
