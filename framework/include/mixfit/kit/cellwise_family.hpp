// CellwiseFamily<Cell>: a whole family from one cell model. Each component holds D independent cells (one per
// column), each an exponential family with a conjugate prior; the kit supplies everything else.
#pragma once

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/data/data_block.hpp"
#include "mixfit/family/component_family.hpp"
#include "mixfit/family/family_spec.hpp"
#include "mixfit/data/column_domain.hpp"
#include "mixfit/kit/cell_table.hpp"
#include "mixfit/data/column_domain.hpp"
#include "mixfit/kit/conjugate_priors.hpp"
#include "mixfit/plugin/family_registry.hpp"

#include <algorithm>
#include <cmath>
#include <concepts>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

/// The options every cellwise family has: a bound that keeps θ inside its range after each M-step (`min_value`
/// for a positive θ, `min_probability` for a probability, kept within [ε, 1 − ε]; a cell may rename it with a
/// static kBoundOption) and an optional conjugate prior
/// (MAP-EM when given, and VB's prior; VB uses the Prior type's defaults when absent).
template <class Prior>
struct CellOptions {
  double bound = 1e-10;
  std::optional<Prior> prior;
};

/// Every method of the ComponentFamily contract, from a CellModel. Parameters live in a CellTable (θ as D×K, a
/// posterior per cell after VB); refresh() recomputes every derived quantity after each change of them, so a
/// stale cache cannot happen. Scores and statistics are matrix products over the block, as in the hand-written
/// families, and so are bit-identical across thread and process counts.
template <CellModel Cell>
class CellwiseFamily final : public ComponentFamily {
 public:
  using Prior = typename Cell::Prior;
  using Options = CellOptions<Prior>;

  /// Throws Error for K = 0, D = 0 or a bound outside its range.
  CellwiseFamily(std::size_t num_components, std::vector<std::string> column_names, Options options,
                 std::size_t first_storage_row = 0)
      : num_components_(num_components),
        column_names_(std::move(column_names)),
        first_storage_row_(first_storage_row),
        options_(std::move(options)),
        variational_prior_(options_.prior.value_or(Prior{})) {
    if (num_components_ == 0 || column_names_.empty())
      fail("needs at least one component and one column, got K = " + std::to_string(num_components_) +
           ", D = " + std::to_string(column_names_.size()));
    const double ceiling = Cell::kConstraint == Constraint::probability ? 0.5 : HUGE_VAL;
    if (!(options_.bound > 0.0 && options_.bound < ceiling))
      fail(std::string(bound_key()) + " must be > 0" + (ceiling < HUGE_VAL ? " and < 0.5" : "") + ", got " +
           format_double(options_.bound));
    if (options_.prior && !options_.prior->valid()) fail("the prior's hyperparameters must be finite numbers > 0");
    table_.values.set_size(dimension(), num_components_);
    table_.values.fill(Cell::kConstraint == Constraint::probability ? 0.5 : 1.0);
    refresh();
  }

  /// The options section: the bound and `prior:` (Prior::schema()).
  static ConfigSchema options_schema() {
    ConfigSchema schema;
    schema.number(std::string(bound_key()), 1e-10,
                  Cell::kConstraint == Constraint::probability
                      ? "after every M-step each of " + std::string(Cell::kParameter) +
                            " is kept within [min_probability, 1 - min_probability], so no log is -inf"
                      : "after every M-step each of " + std::string(Cell::kParameter) +
                            " is kept within [this, 1 / this], so no log is infinite",
                  Range::greater_than(0));
    schema.optional_section("prior", Prior::schema(),
                            "optional: a conjugate " + std::string(Prior::kName) + " prior on every one of " +
                                std::string(Cell::kParameter) +
                                "; when given, EM computes MAP estimates and VB uses it; absent: maximum likelihood "
                                "for EM and the kit's default prior for VB");
    return schema;
  }

  /// The factory: the family's columns must be real and consecutive (ConfigError otherwise).
  static std::unique_ptr<ComponentFamily> create(const FamilySpec& spec) {
    const std::size_t first = spec.contiguous_storage(ColumnKind::real, Cell::kFamily);
    Options options;
    options.bound = spec.options[std::string(bound_key())].as<double>();
    if (const YAML::Node prior = spec.options["prior"]; prior && !prior.IsNull()) options.prior = Prior::read(prior);
    return std::make_unique<CellwiseFamily>(spec.num_components, spec.column_names(), options, first);
  }

  /// What a plugin registers: `registry.add(CellwiseFamily<MyCell>::entry())`.
  static FamilyEntry entry() {
    FamilyEntry entry;
    entry.name = std::string(Cell::kFamily);
    entry.summary = std::string(Cell::kSummary);
    entry.options = options_schema();
    entry.factory = &CellwiseFamily::create;
    entry.column_kind = ColumnKind::real;
    return entry;
  }

  std::string_view name() const override { return Cell::kFamily; }
  std::size_t dimension() const override { return column_names_.size(); }
  std::size_t num_components() const override { return num_components_; }
  Capabilities capabilities() const override {
    Capabilities capabilities;
    capabilities.maximum_a_posteriori = options_.prior.has_value();
    capabilities.variational = true;
    return capabilities;
  }
  std::size_t num_free_parameters() const override { return num_components_ * dimension(); }
  std::unique_ptr<ComponentFamily> clone() const override { return std::make_unique<CellwiseFamily>(*this); }

  /// One component field, Σ_n w_kn T(x_n) (D values); the framework keeps N_k.
  StatLayout stat_layout() const override {
    StatLayout layout;
    layout.num_components = num_components_;
    layout.add_component_field("sum_statistic", dimension());
    return layout;
  }

  /// scores(k, j) = Σ_d η(θ_kd) T(x_dj) − A(θ_kd) + log h(x_dj): one K×D by D×n product.
  void log_likelihood(const DataBlock& block, arma::mat& scores) const override {
    require_parameters("log_likelihood");
    scores_from(block, natural_, log_partition_, scores);
  }

  void accumulate(const DataBlock& block, const arma::mat& weights, SufficientStatistics& out) const override {
    const arma::mat t = statistics(block);
    if (weights.n_rows != num_components_ || weights.n_cols != t.n_cols)
      fail("accumulate() got " + std::to_string(weights.n_rows) + "×" + std::to_string(weights.n_cols) +
           " weights for K = " + std::to_string(num_components_) + " and a block of " + std::to_string(t.n_cols) +
           " rows");
    if (!(out.layout() == stat_layout())) fail("accumulate() into statistics of another layout");
    arma::mat sums = out.component_matrix(0, 0, dimension(), num_components_);  // aliases the buffer
    sums += t * weights.t();
  }

  /// Maximum likelihood θ = from_mean(S/N) (a component with N = 0 keeps θ), or the posterior mode under the
  /// configured prior; then kept inside the constraint by the bound. Drops a posterior.
  void maximize(const SufficientStatistics& stats, Estimator estimator) override {
    const arma::mat sums = checked_sums(stats, "maximize");
    const bool posterior_mode = estimator == Estimator::maximum_a_posteriori;
    if (posterior_mode && !options_.prior)
      fail("MAP estimation needs a prior; set model.options.prior: {" + std::string(Prior::kHyperparameters[0]) +
           ": ..., ...}");
    arma::mat next = table_.values;
    for (std::size_t k = 0; k < num_components_; ++k)
      for (std::size_t d = 0; d < dimension(); ++d) {
        if (posterior_mode)
          next(d, k) = Cell::mode(Cell::posterior(*options_.prior, sums(d, k), stats.count(k)));
        else if (stats.count(k) > 0.0)
          next(d, k) = Cell::from_mean(sums(d, k) / stats.count(k));
        next(d, k) = within_bounds(next(d, k));
      }
    table_.values = std::move(next);
    table_.posterior.clear();  // it described the previous parameters
    has_parameters_ = true;
    refresh();
  }

  void sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const override {
    require_parameters("sample");
    if (k >= num_components_)
      fail("sample() asked for component " + std::to_string(k) + " of " + std::to_string(num_components_));
    out.set_size(dimension(), n);
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t d = 0; d < dimension(); ++d) out(d, j) = Cell::draw(table_.values(d, k), stream);
  }

  void save(YAML::Emitter& out) const override {
    require_parameters("save");
    save_cells(out, names(), table_);
  }

  /// Reads what save() writes (all or nothing, errors located). A saved prior must be the configured one.
  void load(const YAML::Node& model, const std::string& source) override {
    CellTable table = load_cells(
        model, source, names(), dimension(), num_components_,
        [&](const std::vector<double>& hyperparameters) -> std::string {
          const Prior saved = prior_from(hyperparameters);
          if (!saved.valid()) return "expected hyperparameters that are finite numbers > 0";
          if (options_.prior && options_.prior->values() != saved.values())
            return "the saved posterior was computed under another prior than model.options.prior configures";
          return {};
        },
        [&](const std::vector<double>& hyperparameters, double value) -> std::string {
          const Prior cell = prior_from(hyperparameters);
          if (!cell.valid()) return "its posterior hyperparameters must be finite numbers > 0";
          const double mean = Cell::mean(cell);
          if (!(std::abs(value - mean) <= 1e-9 * std::abs(mean)))
            return "expected the posterior mean " + format_double(mean) + " of its saved posterior, got " +
                   format_double(value);
          return {};
        });
    if (!table.prior.empty()) variational_prior_ = prior_from(table.prior);
    table_ = std::move(table);
    has_parameters_ = true;
    refresh();
  }

  void permute_components(const arma::uvec& order) override {
    table_.permute(order);
    refresh();
  }

  bool has_parameters() const override { return has_parameters_; }

  /// scores(k, j) = Σ_d E_q[η_kd] T(x_dj) − E_q[A_kd] + log h(x_dj).
  void expected_log_likelihood(const DataBlock& block, arma::mat& scores) const override {
    if (!table_.has_posterior()) fail("expected_log_likelihood() called before a posterior was set");
    scores_from(block, expected_natural_, expected_log_partition_, scores);
  }

  /// q(θ_kd) = posterior(prior, S_kd, N_k); the point estimates become the posterior means.
  void update_posterior(const SufficientStatistics& stats) override {
    const arma::mat sums = checked_sums(stats, "update_posterior");
    CellTable next;
    next.values.set_size(dimension(), num_components_);
    next.posterior.assign(Prior::kHyperparameters.size(), arma::mat(dimension(), num_components_));
    for (std::size_t k = 0; k < num_components_; ++k)
      for (std::size_t d = 0; d < dimension(); ++d) {
        const Prior q = Cell::posterior(variational_prior_, sums(d, k), stats.count(k));
        if (!q.valid())
          throw NumericalError(std::string(Cell::kFamily) +
                               " family: a posterior has hyperparameters that are not finite numbers > 0 "
                               "(non-finite or negative statistics)");
        const auto values = q.values();
        for (std::size_t h = 0; h < values.size(); ++h) next.posterior[h](d, k) = values[h];
        next.values(d, k) = Cell::mean(q);
      }
    const auto prior = variational_prior_.values();
    next.prior.assign(prior.begin(), prior.end());
    table_ = std::move(next);
    has_parameters_ = true;
    refresh();
  }

  double kl_to_prior() const override {
    if (!table_.has_posterior()) fail("kl_to_prior() called before a posterior was set");
    double total = 0.0;
    for (std::size_t k = 0; k < num_components_; ++k)
      for (std::size_t d = 0; d < dimension(); ++d) total += posterior_cell(d, k).kl_from(variational_prior_);
    return total;
  }

  bool has_posterior() const override { return table_.has_posterior(); }

  /// With a cell that states its moments (static cell_mean(θ) and cell_variance(θ)): independent columns, so a
  /// diagonal covariance. Otherwise none.
  std::optional<DistributionMoments> component_moments(std::size_t k) const override {
    if constexpr (requires(double theta) {
                    { Cell::cell_mean(theta) } -> std::convertible_to<double>;
                    { Cell::cell_variance(theta) } -> std::convertible_to<double>;
                  }) {
      if (!has_parameters_ || k >= num_components_) return std::nullopt;
      DistributionMoments moments{arma::vec(dimension()), arma::mat(dimension(), dimension(), arma::fill::zeros)};
      for (std::size_t d = 0; d < dimension(); ++d) {
        moments.mean(d) = Cell::cell_mean(table_.values(d, k));
        moments.covariance(d, d) = Cell::cell_variance(table_.values(d, k));
      }
      return moments;
    } else {
      (void)k;
      return std::nullopt;
    }
  }

  /// kDomain for every column: the framework checks the data once where they are read.
  std::vector<ColumnDomain> column_domains() const override {
    return std::vector<ColumnDomain>(dimension(), Cell::kDomain);
  }

  /// θ as D×K (column k = component k) and the posterior, if any.
  const CellTable& table() const { return table_; }
  /// Sets θ (D×K, each inside the constraint) and drops the posterior. Error on a wrong shape or value.
  void set_parameters(const arma::mat& values) {
    if (values.n_rows != dimension() || values.n_cols != num_components_)
      fail(std::string(Cell::kParameter) + " must be D×K = " + std::to_string(dimension()) + "×" +
           std::to_string(num_components_));
    for (const double value : values)
      if (!satisfies(Cell::kConstraint, value))
        fail(std::string(Cell::kParameter) + " must each be " + std::string(describe_constraint(Cell::kConstraint)) +
             ", got " + format_double(value));
    table_.values = values;
    table_.posterior.clear();
    has_parameters_ = true;
    refresh();
  }

 private:
  /// The option that bounds θ: the cell's kBoundOption if it has one ("min_rate"), else by constraint.
  static std::string_view bound_key() {
    if constexpr (requires { Cell::kBoundOption; }) return Cell::kBoundOption;
    return Cell::kConstraint == Constraint::probability ? "min_probability" : "min_value";
  }

  [[noreturn]] static void fail(const std::string& message) {
    throw Error(std::string(Cell::kFamily) + " family: " + message);
  }

  static Prior prior_from(const std::vector<double>& hyperparameters) {
    decltype(Prior{}.values()) values{};
    std::copy_n(hyperparameters.begin(), values.size(), values.begin());
    return Prior::from(values);
  }

  static CellNames names() {
    CellNames names{std::string(Cell::kFamily), std::string(Cell::kParameter), Cell::kConstraint,
                    std::string(Prior::kName), {}};
    for (const std::string_view name : Prior::kHyperparameters) names.hyperparameters.emplace_back(name);
    return names;
  }

  Prior posterior_cell(std::size_t d, std::size_t k) const {
    decltype(Prior{}.values()) values{};
    for (std::size_t h = 0; h < values.size(); ++h) values[h] = table_.posterior[h](d, k);
    return Prior::from(values);
  }

  void require_parameters(const char* method) const {
    if (!has_parameters_) fail(std::string(method) + "() called before parameters were set");
  }

  arma::mat checked_sums(const SufficientStatistics& stats, const char* method) const {
    if (!(stats.layout() == stat_layout())) fail(std::string(method) + "() got statistics of another layout");
    return stats.component_matrix(0, 0, dimension(), num_components_);
  }

  /// A probability within [ε, 1 − ε]; a positive θ within [ε, 1/ε] (a rate from a component whose values are all
  /// 0 would be +inf).
  double within_bounds(double value) const {
    if (Cell::kConstraint == Constraint::probability)
      return std::clamp(value, options_.bound, 1.0 - options_.bound);
    return std::clamp(value, options_.bound, 1.0 / options_.bound);
  }

  /// The family's cells of the block (D×n). Their domain was checked once where the data were read
  /// (column_domains()), so no pass re-checks them.
  arma::mat cells(const DataBlock& block) const {
    if (block.real().n_rows < first_storage_row_ + dimension())
      fail("got a block of " + std::to_string(block.real().n_rows) + " real columns, expected at least " +
           std::to_string(first_storage_row_ + dimension()));
    arma::mat scratch;
    return block.real_rows(first_storage_row_, dimension(), scratch);
  }

  /// T(x) for every cell of the block (D×n).
  arma::mat statistics(const DataBlock& block) const {
    arma::mat t = cells(block);
    t.transform([](double x) { return static_cast<double>(Cell::statistic(x)); });
    return t;
  }

  void scores_from(const DataBlock& block, const arma::mat& coefficients, const arma::vec& constants,
                   arma::mat& scores) const {
    const arma::mat x = cells(block);
    arma::mat t = x;
    t.transform([](double value) { return static_cast<double>(Cell::statistic(value)); });
    scores = coefficients * t;
    scores.each_col() -= constants;
    arma::rowvec base(x.n_cols, arma::fill::zeros);  // log h(x), the same for every component
    for (std::size_t j = 0; j < x.n_cols; ++j)
      for (std::size_t d = 0; d < x.n_rows; ++d) base(j) += Cell::log_base_measure(x(d, j));
    scores.each_row() += base;
  }

  /// Recomputes η, A and their expectations under the posterior from the table: called after every change.
  void refresh() {
    const std::size_t d_count = dimension();
    natural_.set_size(num_components_, d_count);
    log_partition_.zeros(num_components_);
    for (std::size_t k = 0; k < num_components_; ++k)
      for (std::size_t d = 0; d < d_count; ++d) {
        natural_(k, d) = Cell::natural(table_.values(d, k));
        log_partition_(k) += Cell::log_partition(table_.values(d, k));
      }
    expected_natural_.reset();
    expected_log_partition_.reset();
    if (!table_.has_posterior()) return;
    expected_natural_.set_size(num_components_, d_count);
    expected_log_partition_.zeros(num_components_);
    for (std::size_t k = 0; k < num_components_; ++k)
      for (std::size_t d = 0; d < d_count; ++d) {
        const Prior q = posterior_cell(d, k);
        expected_natural_(k, d) = Cell::expected_natural(q);
        expected_log_partition_(k) += Cell::expected_log_partition(q);
      }
  }

  std::size_t num_components_;
  std::vector<std::string> column_names_;
  std::size_t first_storage_row_;
  Options options_;
  Prior variational_prior_;  ///< the configured prior, else one read by load(), else Prior{}
  bool has_parameters_ = false;
  CellTable table_;

  // Derived from table_ by refresh().
  arma::mat natural_;                  ///< K×D, η(θ_kd)
  arma::vec log_partition_;            ///< K, Σ_d A(θ_kd)
  arma::mat expected_natural_;         ///< K×D, E_q[η] (empty without a posterior)
  arma::vec expected_log_partition_;   ///< K, Σ_d E_q[A]
};

}  // namespace mixfit::kit
