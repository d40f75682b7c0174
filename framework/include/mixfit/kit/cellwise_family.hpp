// CellwiseFamily<Cell>: a whole family from one cell model. Each component holds D independent cells (one per
// column), each a one-parameter exponential family with a conjugate prior; ColumnCells turns the cell into a
// vector cell and VectorCellFamily supplies everything else.
#pragma once

#include "mixfit/kit/conjugate_priors.hpp"
#include "mixfit/kit/vector_cell_family.hpp"

#include <array>
#include <concepts>
#include <cstddef>
#include <string_view>

namespace mixfit::kit {

/// What an author writes: one cell's exponential family p(x | θ) = h(x) exp(η(θ) T(x) − A(θ)) and its conjugate
/// prior, as static members (examples/poisson is a complete one in under forty lines):
///   kFamily, kSummary           the registered name and one line for `mixfit describe`
///   kParameter, kConstraint     θ's name in model.yaml ("rates") and range (Constraint)
///   kDomain                     the columns' values (ColumnDomain), checked once where the data are read
///   Prior                       a conjugate prior type from conjugate_priors.hpp
///   statistic(x), log_base_measure(x)           T(x) and log h(x)
///   natural(θ), log_partition(θ)                η(θ) and A(θ)
///   from_mean(m)                θ whose E[T(x) | θ] is m: the maximum-likelihood M-step
///   posterior(q, S, N)          the prior q updated by S = Σ w T(x) over N = Σ w rows
///   expected_natural(q), expected_log_partition(q)   E_q[η(θ)], E_q[A(θ)] for VB
///   mean(q), mode(q)            θ's posterior mean (VB's point estimate) and mode (MAP)
///   draw(θ, stream)             one value of x
/// and optionally cell_mean(θ), cell_variance(θ): the cell's moments, for `mixfit plot`.
template <class Cell>
concept CellModel = requires(double x, const typename Cell::Prior& q, RandomStream& stream) {
  { Cell::kFamily } -> std::convertible_to<std::string_view>;
  { Cell::kSummary } -> std::convertible_to<std::string_view>;
  { Cell::kParameter } -> std::convertible_to<std::string_view>;
  { Cell::kConstraint } -> std::convertible_to<Constraint>;
  { Cell::kDomain } -> std::convertible_to<ColumnDomain>;
  { Cell::statistic(x) } -> std::convertible_to<double>;
  { Cell::log_base_measure(x) } -> std::convertible_to<double>;
  { Cell::natural(x) } -> std::convertible_to<double>;
  { Cell::log_partition(x) } -> std::convertible_to<double>;
  { Cell::from_mean(x) } -> std::convertible_to<double>;
  { Cell::posterior(q, x, x) } -> std::same_as<typename Cell::Prior>;
  { Cell::expected_natural(q) } -> std::convertible_to<double>;
  { Cell::expected_log_partition(q) } -> std::convertible_to<double>;
  { Cell::mean(q) } -> std::convertible_to<double>;
  { Cell::mode(q) } -> std::convertible_to<double>;
  { Cell::draw(x, stream) } -> std::convertible_to<double>;
  { typename Cell::Prior{}.kl_from(q) } -> std::convertible_to<double>;
};

/// A one-number prior of conjugate_priors.hpp (Gamma, Beta) over each of a component's D cells, in the shape of
/// a vector prior: one D-vector per hyperparameter; a configured prior is the scalar prior itself.
template <class CellPrior>
struct ColumnPrior {
  static constexpr std::string_view kName = CellPrior::kName;
  static constexpr auto kHyperparameters = CellPrior::kHyperparameters;
  static constexpr std::size_t kCount = kHyperparameters.size();
  using Hyperparameters = CellPrior;
  static constexpr CellPrior kDefault{};

  std::array<arma::vec, kCount> hyperparameters;  ///< one D-vector each

  std::size_t size() const { return hyperparameters[0].n_elem; }
  CellPrior cell(std::size_t d) const {
    decltype(CellPrior{}.values()) values{};
    for (std::size_t h = 0; h < kCount; ++h) values[h] = hyperparameters[h](d);
    return CellPrior::from(values);
  }
  void set_cell(std::size_t d, const CellPrior& prior) {
    const auto values = prior.values();
    for (std::size_t h = 0; h < kCount; ++h) hyperparameters[h](d) = values[h];
  }
  static ColumnPrior sized(std::size_t columns) {
    ColumnPrior prior;
    for (arma::vec& field : prior.hyperparameters) field.set_size(columns);
    return prior;
  }

  bool valid() const {
    for (std::size_t d = 0; d < size(); ++d)
      if (!cell(d).valid()) return false;
    return size() > 0;
  }
  /// Σ_d KL(q_d ‖ p_d): the cells are independent.
  double kl_from(const ColumnPrior& prior) const {
    double total = 0.0;
    for (std::size_t d = 0; d < size(); ++d) total += cell(d).kl_from(prior.cell(d));
    return total;
  }
  std::array<arma::vec, kCount> fields() const { return hyperparameters; }
  static ColumnPrior from_fields(const std::array<arma::vec, kCount>& fields) { return {fields}; }
  static ColumnPrior repeated(const CellPrior& prior, std::size_t columns) {
    ColumnPrior result = sized(columns);
    for (std::size_t d = 0; d < columns; ++d) result.set_cell(d, prior);
    return result;
  }
  static bool valid(const CellPrior& prior) { return prior.valid(); }
  static ConfigSchema schema() { return CellPrior::schema(); }
  static CellPrior read(const YAML::Node& resolved) { return CellPrior::read(resolved); }
};

/// A cell model as the vector cell of D independent cells: the statistics, natural parameters and M-steps cell
/// by cell, sums over the cells where the vector cell has one number (A(θ), log h(x), the KL).
template <CellModel Cell>
struct ColumnCells {
  static constexpr std::string_view kFamily = Cell::kFamily;
  static constexpr std::string_view kSummary = Cell::kSummary;
  static constexpr ColumnDomain kDomain = Cell::kDomain;
  static constexpr std::array kFields{Field{Cell::kParameter, Cell::kConstraint}};
  static constexpr std::string_view kBoundOption = [] {
    if constexpr (requires { Cell::kBoundOption; }) return std::string_view(Cell::kBoundOption);
    return std::string_view(Cell::kConstraint == Constraint::probability ? "min_probability" : "min_value");
  }();
  using Prior = ColumnPrior<typename Cell::Prior>;
  using Values = FieldValues<1>;

  static std::size_t num_statistics(std::size_t columns) { return columns; }
  static arma::mat statistics(const arma::mat& x) {
    arma::mat t = x;
    t.transform([](double value) { return static_cast<double>(Cell::statistic(value)); });
    return t;
  }
  static arma::rowvec log_base_measure(const arma::mat& x) {
    arma::rowvec base(x.n_cols, arma::fill::zeros);
    for (std::size_t j = 0; j < x.n_cols; ++j)
      for (std::size_t d = 0; d < x.n_rows; ++d) base(j) += Cell::log_base_measure(x(d, j));
    return base;
  }
  static arma::vec natural(const Values& theta) { return by_cell(theta[0], [](double v) { return Cell::natural(v); }); }
  static double log_partition(const Values& theta) {
    double total = 0.0;
    for (const double value : theta[0]) total += Cell::log_partition(value);
    return total;
  }
  static Values from_mean(const arma::vec& m) { return {by_cell(m, [](double v) { return Cell::from_mean(v); })}; }
  static Prior posterior(const Prior& q, const arma::vec& sum, double count) {
    Prior result = Prior::sized(sum.n_elem);
    for (std::size_t d = 0; d < sum.n_elem; ++d) result.set_cell(d, Cell::posterior(q.cell(d), sum(d), count));
    return result;
  }
  static arma::vec expected_natural(const Prior& q) {
    arma::vec result(q.size());
    for (std::size_t d = 0; d < q.size(); ++d) result(d) = Cell::expected_natural(q.cell(d));
    return result;
  }
  static double expected_log_partition(const Prior& q) {
    double total = 0.0;
    for (std::size_t d = 0; d < q.size(); ++d) total += Cell::expected_log_partition(q.cell(d));
    return total;
  }
  static Values mean(const Prior& q) { return {point(q, [](const auto& cell) { return Cell::mean(cell); })}; }
  static Values mode(const Prior& q) { return {point(q, [](const auto& cell) { return Cell::mode(cell); })}; }
  static arma::vec draw(const Values& theta, const arma::vec&, RandomStream& stream) {
    arma::vec x(theta[0].n_elem);
    for (std::size_t d = 0; d < x.n_elem; ++d) x(d) = Cell::draw(theta[0](d), stream);
    return x;
  }
  /// With a cell that states its moments: independent columns, so a diagonal covariance.
  static DistributionMoments moments(const Values& theta, const arma::vec&)
    requires requires(double v) {
      { Cell::cell_mean(v) } -> std::convertible_to<double>;
      { Cell::cell_variance(v) } -> std::convertible_to<double>;
    }
  {
    return {by_cell(theta[0], [](double v) { return Cell::cell_mean(v); }),
            arma::diagmat(by_cell(theta[0], [](double v) { return Cell::cell_variance(v); }))};
  }

 private:
  template <class F>
  static arma::vec by_cell(const arma::vec& values, F f) {
    arma::vec result(values.n_elem);
    for (std::size_t d = 0; d < values.n_elem; ++d) result(d) = f(values(d));
    return result;
  }
  template <class F>
  static arma::vec point(const Prior& q, F f) {
    arma::vec result(q.size());
    for (std::size_t d = 0; d < q.size(); ++d) result(d) = f(q.cell(d));
    return result;
  }
};

/// The options every cellwise family has: the bound (`min_value` for a positive θ, `min_probability` for a
/// probability, or the cell's kBoundOption) and an optional conjugate prior (MAP-EM when given, and VB's prior;
/// VB uses the Prior type's defaults when absent).
template <class CellPrior>
using CellOptions = VectorCellOptions<ColumnPrior<CellPrior>>;

/// Every method of the ComponentFamily contract from a CellModel: θ is the one field kParameter (D×K in
/// table().values[0]), the posterior one D×K matrix per hyperparameter.
template <CellModel Cell>
using CellwiseFamily = VectorCellFamily<ColumnCells<Cell>>;

}  // namespace mixfit::kit
