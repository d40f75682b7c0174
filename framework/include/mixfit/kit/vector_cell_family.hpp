// VectorCellFamily<Cell>: a whole family from one vector cell. Each component is one exponential family over all
// its D columns with several statistics and parameter fields (a multinomial's probabilities, a normal's means and
// variances) and a conjugate prior from vector_priors.hpp; the kit supplies everything else.
#pragma once

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/data/column_domain.hpp"
#include "mixfit/data/data_block.hpp"
#include "mixfit/family/component_family.hpp"
#include "mixfit/family/family_spec.hpp"
#include "mixfit/kit/field_table.hpp"
#include "mixfit/kit/vector_priors.hpp"
#include "mixfit/plugin/family_registry.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mixfit::kit {

/// One field of θ in model.yaml: its name and range; D values per component.
struct Field {
  std::string_view name;
  Constraint constraint;
};

/// A component's θ: one D-vector per field, in the cell's kFields order.
template <std::size_t P>
using FieldValues = std::array<arma::vec, P>;

/// What an author writes: one component's exponential family p(x | θ) = h(x) exp(η(θ)·T(x) − A(θ)) over its D
/// columns and a conjugate prior, as static members (plugins/multinomial is a complete one):
///   kFamily, kSummary, kDomain          as for CellModel
///   kFields                             θ's fields (Field), D values each
///   Prior                               a prior type from vector_priors.hpp
///   num_statistics(D)                   S, the length of T(x)
///   statistics(X), log_base_measure(X)  T(x) (S×n) and log h(x) (1×n) for a block's D×n cells
///   natural(θ), log_partition(θ)        η(θ) (S values) and A(θ)
///   from_mean(m)                        θ whose E[T(x) | θ] is m: the maximum-likelihood M-step
///   posterior(q, S, N)                  the prior q updated by S = Σ w T(x) over N = Σ w rows
///   expected_natural(q), expected_log_partition(q)   E_q[η(θ)], E_q[A(θ)] for VB
///   mean(q), mode(q)                    θ's point estimate under VB, and the posterior mode (MAP)
///   draw(θ, side, stream)               one row x (D values)
/// and optionally:
///   kSideFields, side_statistics(X)     numbers kept beside θ that are no part of the likelihood: the weighted
///                                       mean over the component's rows of each row of side_statistics (Q×n),
///                                       saved, permuted and passed to draw (a multinomial's mean row total)
///   num_free_parameters(D)              per component, for BIC (default: D per field)
///   moments(θ, side)                    DistributionMoments of the component, for `mixfit plot`
///   kBoundOption, kMinColumns           the bound's option name (default min_value) and the fewest columns
///   keep_within(θ, bound), kBoundDefault, kBoundHelp
///                                       the cell's own reading of the bound (the von Mises' max_concentration)
///                                       instead of the kit's by constraint, with its default and help
/// An EM-only cell (no tractable conjugate prior) sets `using Prior = kit::NoPrior;` and leaves out posterior,
/// expected_natural, expected_log_partition, mean and mode: no MAP, no VB, no `prior:` option.
template <class Cell>
concept VectorCellModel = requires(const arma::mat& x, const arma::vec& v, double count,
                                   const FieldValues<Cell::kFields.size()>& theta, RandomStream& stream) {
  { Cell::kFamily } -> std::convertible_to<std::string_view>;
  { Cell::kSummary } -> std::convertible_to<std::string_view>;
  { Cell::kDomain } -> std::convertible_to<ColumnDomain>;
  { Cell::kFields[0] } -> std::convertible_to<Field>;
  { Cell::num_statistics(std::size_t{}) } -> std::convertible_to<std::size_t>;
  { Cell::statistics(x) } -> std::convertible_to<arma::mat>;
  { Cell::log_base_measure(x) } -> std::convertible_to<arma::rowvec>;
  { Cell::natural(theta) } -> std::convertible_to<arma::vec>;
  { Cell::log_partition(theta) } -> std::convertible_to<double>;
  { Cell::from_mean(v) } -> std::same_as<FieldValues<Cell::kFields.size()>>;
  { Cell::draw(theta, v, stream) } -> std::convertible_to<arma::vec>;
} && (std::same_as<typename Cell::Prior, NoPrior> ||
      requires(const arma::vec& v, double count, const typename Cell::Prior& q) {
  { Cell::posterior(q, v, count) } -> std::same_as<typename Cell::Prior>;
  { Cell::expected_natural(q) } -> std::convertible_to<arma::vec>;
  { Cell::expected_log_partition(q) } -> std::convertible_to<double>;
  { Cell::mean(q) } -> std::same_as<FieldValues<Cell::kFields.size()>>;
  { Cell::mode(q) } -> std::same_as<FieldValues<Cell::kFields.size()>>;
  { q.kl_from(q) } -> std::convertible_to<double>;
});

/// The options of a vector-cell family: a bound that keeps θ inside its constraints after each M-step and an
/// optional conjugate prior (its configured hyperparameters; MAP-EM when given, and VB's prior).
template <class Prior>
struct VectorCellOptions {
  double bound = 1e-10;
  std::optional<typename Prior::Hyperparameters> prior;
};

/// Every method of the ComponentFamily contract from a VectorCellModel. Parameters live in a FieldTable;
/// refresh() recomputes every derived quantity after each change of them. Scores and statistics are matrix
/// products over the block, so bit-identical across thread and process counts.
template <VectorCellModel Cell>
class VectorCellFamily final : public ComponentFamily {
 public:
  using Prior = typename Cell::Prior;
  using Values = FieldValues<Cell::kFields.size()>;
  using Hyperparameters = typename Prior::Hyperparameters;
  using Options = VectorCellOptions<Prior>;

  /// Throws Error for K = 0, too few columns or a bound outside its range.
  VectorCellFamily(std::size_t num_components, std::vector<std::string> column_names, Options options,
                   std::size_t first_storage_row = 0)
      : num_components_(num_components),
        column_names_(std::move(column_names)),
        first_storage_row_(first_storage_row),
        options_(options),
        configured_prior_(options.prior.value_or(Prior::kDefault)),
        variational_prior_(Prior::repeated(configured_prior_, column_names_.size())) {
    if (num_components_ == 0 || column_names_.size() < min_columns())
      fail("needs at least one component and " + std::to_string(min_columns()) + " column(s), got K = " +
           std::to_string(num_components_) + ", D = " + std::to_string(column_names_.size()));
    const double ceiling = bound_ceiling();
    if (!(has_simplex() ? options_.bound >= 0.0 : options_.bound > 0.0) || !(options_.bound < ceiling) ||
        !std::isfinite(options_.bound))
      fail(std::string(bound_key()) + " must be " + (has_simplex() ? ">= 0" : "> 0") + " and below " +
           format_double(ceiling) + ", got " + format_double(options_.bound));
    if (options_.prior && !Prior::valid(*options_.prior))
      fail("the " + std::string(Prior::kName) + " prior's hyperparameters are out of range (see mixfit describe " +
           std::string(Cell::kFamily) + ")");
    table_.values.resize(Cell::kFields.size());
    for (std::size_t f = 0; f < Cell::kFields.size(); ++f)
      table_.values[f].set_size(dimension(), num_components_);
    if constexpr (kConjugate)
      for (std::size_t k = 0; k < num_components_; ++k) store(k, Cell::mean(variational_prior_));
    else
      for (arma::mat& field : table_.values) field.zeros();
    table_.side.ones(side_count(), num_components_);
    refresh();
  }

  /// The options section: the bound and `prior:` (Prior::schema()).
  static ConfigSchema options_schema() {
    ConfigSchema schema;
    schema.number(std::string(bound_key()), default_bound(), bound_help(),
                  has_simplex() ? Range::between(0, 0.5) : Range::greater_than(0));
    if constexpr (!kConjugate) return schema;
    std::string fields;
    for (const Field& field : Cell::kFields) fields += (fields.empty() ? "" : " and ") + std::string(field.name);
    schema.optional_section("prior", Prior::schema(),
                            "optional: a conjugate " + std::string(Prior::kName) + " prior on each component's " +
                                fields + "; when given, EM computes MAP estimates and VB uses it; absent: maximum "
                                "likelihood for EM and the kit's default prior for VB");
    return schema;
  }

  /// The factory: the family's columns must be real and consecutive (ConfigError otherwise).
  static std::unique_ptr<ComponentFamily> create(const FamilySpec& spec) {
    const std::size_t first = spec.contiguous_storage(ColumnKind::real, Cell::kFamily);
    Options options;
    options.bound = spec.options[std::string(bound_key())].as<double>();
    if constexpr (kConjugate)
      if (const YAML::Node prior = spec.options["prior"]; prior && !prior.IsNull()) options.prior = Prior::read(prior);
    return std::make_unique<VectorCellFamily>(spec.num_components, spec.column_names(), options, first);
  }

  /// What a plugin registers: `registry.add(VectorCellFamily<MyCell>::entry())`.
  static FamilyEntry entry() {
    FamilyEntry entry;
    entry.name = std::string(Cell::kFamily);
    entry.summary = std::string(Cell::kSummary);
    entry.options = options_schema();
    entry.factory = &VectorCellFamily::create;
    entry.column_kind = ColumnKind::real;
    return entry;
  }

  std::string_view name() const override { return Cell::kFamily; }
  std::size_t dimension() const override { return column_names_.size(); }
  std::size_t num_components() const override { return num_components_; }
  Capabilities capabilities() const override {
    Capabilities capabilities;
    capabilities.maximum_a_posteriori = kConjugate && options_.prior.has_value();
    capabilities.variational = kConjugate;
    return capabilities;
  }
  std::size_t num_free_parameters() const override {
    if constexpr (requires { Cell::num_free_parameters(std::size_t{}); })
      return num_components_ * Cell::num_free_parameters(dimension());
    return num_components_ * dimension() * Cell::kFields.size();
  }
  std::unique_ptr<ComponentFamily> clone() const override { return std::make_unique<VectorCellFamily>(*this); }

  /// Per component Σ_n w_kn T(x_n) (S values), then Σ_n w_kn of each side statistic; the framework keeps N_k.
  StatLayout stat_layout() const override {
    StatLayout layout;
    layout.num_components = num_components_;
    layout.add_component_field("sum_statistic", num_statistics());
    if (side_count() > 0) layout.add_component_field("sum_side", side_count());
    return layout;
  }

  /// scores(k, j) = η(θ_k)·T(x_j) − A(θ_k) + log h(x_j): one K×S by S×n product.
  void log_likelihood(const DataBlock& block, arma::mat& scores) const override {
    require_parameters("log_likelihood");
    scores_from(block, natural_, log_partition_, scores);
  }

  void accumulate(const DataBlock& block, const arma::mat& weights, SufficientStatistics& out) const override {
    const arma::mat x = cells(block);
    if (weights.n_rows != num_components_ || weights.n_cols != x.n_cols)
      fail("accumulate() got " + std::to_string(weights.n_rows) + "×" + std::to_string(weights.n_cols) +
           " weights for K = " + std::to_string(num_components_) + " and a block of " + std::to_string(x.n_cols) +
           " rows");
    if (!(out.layout() == stat_layout())) fail("accumulate() into statistics of another layout");
    arma::mat sums = out.component_matrix(0, 0, num_statistics() + side_count(), num_components_);  // aliases
    const arma::mat& t = Cell::statistics(x);  // a reference to x when T(x) = x
    sums.head_rows(num_statistics()) += t * weights.t();
    if constexpr (kHasSide) {
      const arma::mat& side = Cell::side_statistics(x);
      sums.tail_rows(side_count()) += side * weights.t();
    }
  }

  /// Maximum likelihood θ = from_mean(S/N) (a component with N = 0 keeps θ), or the posterior mode under the
  /// configured prior; then kept inside the constraints by the bound. Drops a posterior.
  void maximize(const SufficientStatistics& stats, Estimator estimator) override {
    const arma::mat sums = checked_sums(stats, "maximize");
    const bool posterior_mode = estimator == Estimator::maximum_a_posteriori;
    if (posterior_mode && !kConjugate) fail("has no prior; MAP estimation is not available (EM only)");
    if (posterior_mode && !options_.prior)
      fail("MAP estimation needs a prior; set model.options.prior: {" + std::string(prior_example()) + ": ..., ...}");
    FieldTable next = table_;
    next.posterior.clear();  // it described the previous parameters
    next.prior.clear();
    const arma::mat statistic_sums = sums.head_rows(num_statistics());
    for (std::size_t k = 0; k < num_components_; ++k) {
      const double count = stats.count(k);
      if (posterior_mode)
        store_mode(next, k, statistic_sums.col(k), count);
      else if (count > 0.0)
        store(next, k, Cell::from_mean(statistic_sums.col(k) / count));
      update_side(next, sums, count, k);
    }
    commit(std::move(next));
  }

  void sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const override {
    require_parameters("sample");
    if (k >= num_components_)
      fail("sample() asked for component " + std::to_string(k) + " of " + std::to_string(num_components_));
    const Values theta = values(k);
    const arma::vec side = side_fields(k);
    out.set_size(dimension(), n);
    for (std::size_t j = 0; j < n; ++j) out.col(j) = arma::vec(Cell::draw(theta, side, stream));
  }

  void save(YAML::Emitter& out) const override {
    require_parameters("save");
    save_fields(out, names(), table_);
  }

  /// Reads what save() writes (all or nothing, errors located). A saved prior must be the configured one.
  void load(const YAML::Node& model, const std::string& source) override {
    FieldTable table = load_fields(
        model, source, names(), dimension(), num_components_,
        [&](const std::vector<double>& saved) -> std::string {
          if (!Prior::valid(hyperparameters_from<Hyperparameters>(saved)))
            return "expected the hyperparameters of a proper " + std::string(Prior::kName) + " prior";
          if (options_.prior && hyperparameter_numbers(*options_.prior) != saved)
            return "the saved posterior was computed under another prior than model.options.prior configures";
          return {};
        },
        [&](const std::vector<arma::vec>& hyperparameters, const std::vector<arma::vec>& saved) {
          return check_saved_posterior(hyperparameters, saved);
        });
    if (!table.prior.empty()) {
      configured_prior_ = hyperparameters_from<Hyperparameters>(table.prior);
      variational_prior_ = Prior::repeated(configured_prior_, dimension());
    }
    commit(std::move(table));
  }

  void permute_components(const arma::uvec& order) override {
    table_.permute(order);
    refresh();
  }

  bool has_parameters() const override { return has_parameters_; }

  /// scores(k, j) = E_q[η_k]·T(x_j) − E_q[A_k] + log h(x_j).
  void expected_log_likelihood(const DataBlock& block, arma::mat& scores) const override {
    if (!table_.has_posterior()) fail("expected_log_likelihood() called before a posterior was set");
    scores_from(block, expected_natural_, expected_log_partition_, scores);
  }

  /// q_k = posterior(prior, S_k, N_k); the point estimates become mean(q_k).
  void update_posterior(const SufficientStatistics& stats) override {
    if constexpr (!kConjugate) {
      (void)stats;
      fail("has no prior; variational Bayes is not available (EM only)");
    } else {
      const arma::mat sums = checked_sums(stats, "update_posterior");
      FieldTable next = table_;
      next.posterior.assign(Prior::kHyperparameters.size(), arma::mat(dimension(), num_components_));
      next.prior = hyperparameter_numbers(configured_prior_);
      const arma::mat statistic_sums = sums.head_rows(num_statistics());
      for (std::size_t k = 0; k < num_components_; ++k) {
        const Prior q = Cell::posterior(variational_prior_, statistic_sums.col(k), stats.count(k));
        if (!q.valid())
          throw NumericalError(std::string(Cell::kFamily) + " family: component " + std::to_string(k) +
                               "'s posterior is not a proper " + std::string(Prior::kName) +
                               " distribution (non-finite or negative statistics)");
        const auto fields = q.fields();
        for (std::size_t h = 0; h < fields.size(); ++h) next.posterior[h].col(k) = fields[h];
        store(next, k, Cell::mean(q));
        update_side(next, sums, stats.count(k), k);
      }
      commit(std::move(next));
    }
  }

  double kl_to_prior() const override {
    if (!table_.has_posterior()) fail("kl_to_prior() called before a posterior was set");
    double total = 0.0;
    for (std::size_t k = 0; k < num_components_; ++k) total += posterior(k).kl_from(variational_prior_);
    return total;
  }

  bool has_posterior() const override { return table_.has_posterior(); }

  /// With a cell that states its moments (static moments(θ, side)); otherwise none.
  std::optional<DistributionMoments> component_moments(std::size_t k) const override {
    if constexpr (requires(const Values& theta, const arma::vec& side) {
                    { Cell::moments(theta, side) } -> std::convertible_to<DistributionMoments>;
                  }) {
      if (!has_parameters_ || k >= num_components_) return std::nullopt;
      return Cell::moments(values(k), side_fields(k));
    } else {
      (void)k;
      return std::nullopt;
    }
  }

  /// kDomain for every column: the framework checks the data once where they are read.
  std::vector<ColumnDomain> column_domains() const override {
    return std::vector<ColumnDomain>(dimension(), Cell::kDomain);
  }

  /// The parameters (one D×K matrix per field), side fields (Q×K) and the posterior, if any.
  const FieldTable& table() const { return table_; }
  /// Sets θ (one D×K matrix per field, each value inside its constraint, each column of a simplex field summing
  /// to 1) and, when given, the side fields (Q×K, each ≥ 0); drops the posterior. Error on a wrong shape or value.
  void set_parameters(const std::vector<arma::mat>& fields, const arma::mat& side = {}) {
    if (fields.size() != Cell::kFields.size())
      fail("set_parameters() got " + std::to_string(fields.size()) + " fields, expected " +
           std::to_string(Cell::kFields.size()));
    FieldTable next = table_;
    next.posterior.clear();
    next.prior.clear();
    for (std::size_t f = 0; f < fields.size(); ++f) {
      const Field& field = Cell::kFields[f];
      if (fields[f].n_rows != dimension() || fields[f].n_cols != num_components_)
        fail(std::string(field.name) + " must be D×K = " + std::to_string(dimension()) + "×" +
             std::to_string(num_components_));
      for (const double value : fields[f])
        if (!satisfies(field.constraint, value))
          fail(std::string(field.name) + " must each be " + std::string(describe_constraint(field.constraint)) +
               ", got " + format_double(value));
      if (field.constraint == Constraint::simplex)
        for (std::size_t k = 0; k < num_components_; ++k)
          if (!(std::abs(arma::accu(fields[f].col(k)) - 1.0) <= kSimplexTolerance))
            fail(std::string(field.name) + " of component " + std::to_string(k) + " must sum to 1");
      next.values[f] = fields[f];
    }
    if (!side.is_empty()) {
      if (side.n_rows != side_count() || side.n_cols != num_components_ || !side.is_finite() || side.min() < 0.0)
        fail("set_parameters() needs side fields as " + std::to_string(side_count()) + "×K numbers >= 0");
      next.side = side;
    }
    commit(std::move(next));
  }

  /// Component k's side fields (empty for a cell without them: a 0-row matrix has no column to view).
  arma::vec side_fields(std::size_t k) const {
    return side_count() > 0 ? arma::vec(table_.side.col(k)) : arma::vec();
  }

  /// Component k's θ.
  Values values(std::size_t k) const {
    Values theta;
    for (std::size_t f = 0; f < theta.size(); ++f) theta[f] = table_.values[f].col(k);
    return theta;
  }

 private:
  static constexpr bool kConjugate = !std::same_as<Prior, NoPrior>;
  static constexpr bool kCustomBound = requires(Values& theta) { Cell::keep_within(theta, 1.0); };

  static std::string_view prior_example() {
    if constexpr (kConjugate) return Prior::kHyperparameters[0];
    return "";
  }

  static double default_bound() {
    if constexpr (requires { Cell::kBoundDefault; }) return Cell::kBoundDefault;
    return 1e-10;
  }

  static constexpr bool kHasSide = requires(const arma::mat& x) {
    Cell::kSideFields;
    { Cell::side_statistics(x) } -> std::convertible_to<arma::mat>;
  };

  static std::size_t side_count() {
    if constexpr (kHasSide) return Cell::kSideFields.size();
    return 0;
  }

  static std::size_t min_columns() {
    if constexpr (requires { Cell::kMinColumns; }) return Cell::kMinColumns;
    return 1;
  }

  static constexpr bool has_simplex() { return has_constraint(Constraint::simplex); }

  static std::string_view bound_key() {
    if constexpr (requires { Cell::kBoundOption; }) return Cell::kBoundOption;
    return "min_value";
  }

  static constexpr bool has_constraint(Constraint constraint) {
    for (const Field& field : Cell::kFields)
      if (field.constraint == constraint) return true;
    return false;
  }

  /// The bound must leave every constraint's range non-empty: ε·D < 1 for a simplex, ε < ½ for a probability,
  /// ε < 1 for [ε, 1/ε].
  double bound_ceiling() const {
    if (kCustomBound) return HUGE_VAL;
    if (has_simplex()) return 1.0 / static_cast<double>(dimension());
    return has_constraint(Constraint::probability) ? 0.5 : 1.0;
  }

  static std::string bound_help() {
    if constexpr (requires { Cell::kBoundHelp; }) return std::string(Cell::kBoundHelp);
    std::string help = "after every M-step";
    for (const Field& field : Cell::kFields) {
      const std::string name(field.name);
      switch (field.constraint) {
        case Constraint::positive: help += ", each of " + name + " is kept within [this, 1 / this]"; break;
        case Constraint::probability: help += ", each of " + name + " is kept within [this, 1 - this]"; break;
        case Constraint::simplex: help += ", each of " + name + " is floored at this and renormalised"; break;
        case Constraint::nonnegative: help += ", each of " + name + " is kept at most 1 / this"; break;
        case Constraint::real:
        case Constraint::angle:
        case Constraint::positive_definite: break;
      }
    }
    return help + ", so no log is infinite";
  }

  [[noreturn]] static void fail(const std::string& message) {
    throw Error(std::string(Cell::kFamily) + " family: " + message);
  }

  static FieldNames names() {
    FieldNames names;
    names.family = std::string(Cell::kFamily);
    for (const Field& field : Cell::kFields) {
      names.fields.push_back({std::string(field.name), field.constraint, FieldShape::columns});
    }
    if constexpr (kHasSide)
      for (const std::string_view side : Cell::kSideFields) names.side_fields.emplace_back(side);
    names.prior = std::string(Prior::kName);
    for (const std::string_view name : Prior::kHyperparameters) names.hyperparameters.emplace_back(name);
    return names;
  }

  std::size_t num_statistics() const { return Cell::num_statistics(dimension()); }

  Prior posterior(std::size_t k) const {
    std::array<arma::vec, Prior::kHyperparameters.size()> fields;
    for (std::size_t h = 0; h < fields.size(); ++h) fields[h] = table_.posterior[h].col(k);
    return Prior::from_fields(fields);
  }

  void require_parameters(const char* method) const {
    if (!has_parameters_) fail(std::string(method) + "() called before parameters were set");
  }

  arma::mat checked_sums(const SufficientStatistics& stats, const char* method) const {
    if (!(stats.layout() == stat_layout())) fail(std::string(method) + "() got statistics of another layout");
    return stats.component_matrix(0, 0, num_statistics() + side_count(), num_components_);
  }

  /// θ inside its constraints: a positive field within [ε, 1/ε], a probability within [ε, 1 − ε], a simplex
  /// floored at ε and renormalised; a real field as it is.
  arma::vec within_bounds(arma::vec field, Constraint constraint) const {
    const double eps = options_.bound;
    switch (constraint) {
      case Constraint::positive: return arma::clamp(field, eps, 1.0 / eps);
      case Constraint::probability: return arma::clamp(field, eps, 1.0 - eps);
      case Constraint::real:
      case Constraint::angle:
      case Constraint::positive_definite:  // a matrix field's constraint: no D-vector field carries it
        return field;
      case Constraint::nonnegative: return arma::clamp(field, 0.0, 1.0 / eps);
      case Constraint::simplex: {
        field = arma::clamp(field, eps, 1.0);
        return field / arma::accu(field);
      }
    }
    return field;
  }

  void store(FieldTable& table, std::size_t k, Values theta) const {
    for (std::size_t f = 0; f < theta.size(); ++f)
      if (theta[f].n_elem != dimension())
        fail("the cell returned " + std::to_string(theta[f].n_elem) + " values for " +
             std::string(Cell::kFields[f].name) + ", expected D = " + std::to_string(dimension()));
    if constexpr (kCustomBound) Cell::keep_within(theta, options_.bound);
    for (std::size_t f = 0; f < theta.size(); ++f)
      table.values[f].col(k) = kCustomBound ? theta[f] : within_bounds(theta[f], Cell::kFields[f].constraint);
  }
  void store(std::size_t k, const Values& theta) { store(table_, k, theta); }

  /// A loaded component's posterior must be proper and its saved parameters its point estimate (to 1e-9).
  std::optional<FieldProblem> check_saved_posterior(const std::vector<arma::vec>& hyperparameters,
                                                    const std::vector<arma::vec>& saved) const {
    std::array<arma::vec, Prior::kHyperparameters.size()> fields;
    std::copy_n(hyperparameters.begin(), fields.size(), fields.begin());
    const Prior q = Prior::from_fields(fields);
    if (!q.valid()) return FieldProblem{"its posterior is not a proper " + std::string(Prior::kName) + " distribution"};
    if constexpr (kConjugate) {
      const Values mean = Cell::mean(q);
      for (std::size_t f = 0; f < mean.size(); ++f)
        for (std::size_t d = 0; d < dimension(); ++d)
          if (!(std::abs(saved[f](d) - mean[f](d)) <= 1e-9 * std::abs(mean[f](d))))
            return FieldProblem{"expected the posterior mean " + format_double(mean[f](d)) +
                                    " of its saved posterior, got " + format_double(saved[f](d)),
                                f, d};
    }
    return std::nullopt;
  }

  /// MAP: θ_k = mode(posterior(prior, S_k, N_k)). Only reached with a prior (maximize() checks).
  void store_mode(FieldTable& table, std::size_t k, const arma::vec& sum, double count) const {
    if constexpr (kConjugate) store(table, k, Cell::mode(Cell::posterior(variational_prior_, sum, count)));
  }

  /// A side field becomes the weighted mean of its statistic; a component with N = 0 keeps it.
  void update_side(FieldTable& table, const arma::mat& sums, double count, std::size_t k) const {
    if (side_count() > 0 && count > 0.0) table.side.col(k) = sums.col(k).tail(side_count()) / count;
  }

  void commit(FieldTable table) {
    table_ = std::move(table);
    has_parameters_ = true;
    refresh();
  }

  /// The family's cells of the block (D×n). Their domain was checked once where the data were read.
  arma::mat cells(const DataBlock& block) const {
    if (block.real().n_rows < first_storage_row_ + dimension())
      fail("got a block of " + std::to_string(block.real().n_rows) + " real columns, expected at least " +
           std::to_string(first_storage_row_ + dimension()));
    arma::mat scratch;
    return block.real_rows(first_storage_row_, dimension(), scratch);
  }

  void scores_from(const DataBlock& block, const arma::mat& coefficients, const arma::vec& constants,
                   arma::mat& scores) const {
    const arma::mat x = cells(block);
    const arma::mat& t = Cell::statistics(x);  // a reference to x when T(x) = x
    scores = coefficients * t;
    scores.each_col() -= constants;
    scores.each_row() += arma::rowvec(Cell::log_base_measure(x));  // the same for every component
  }

  /// Recomputes η, A and their expectations under the posterior from the table: called after every change.
  void refresh() {
    natural_.set_size(num_components_, num_statistics());
    log_partition_.set_size(num_components_);
    for (std::size_t k = 0; k < num_components_; ++k) {
      const Values theta = values(k);
      natural_.row(k) = arma::vec(Cell::natural(theta)).t();
      log_partition_(k) = Cell::log_partition(theta);
    }
    expected_natural_.reset();
    expected_log_partition_.reset();
    if constexpr (kConjugate) {
      if (!table_.has_posterior()) return;
      expected_natural_.set_size(num_components_, num_statistics());
      expected_log_partition_.set_size(num_components_);
      for (std::size_t k = 0; k < num_components_; ++k) {
        const Prior q = posterior(k);
        expected_natural_.row(k) = arma::vec(Cell::expected_natural(q)).t();
        expected_log_partition_(k) = Cell::expected_log_partition(q);
      }
    }
  }

  std::size_t num_components_;
  std::vector<std::string> column_names_;
  std::size_t first_storage_row_;
  Options options_;
  Hyperparameters configured_prior_;  ///< the configured prior, else one read by load(), else kDefault
  Prior variational_prior_;           ///< configured_prior_ over the D columns
  bool has_parameters_ = false;
  FieldTable table_;

  // Derived from table_ by refresh().
  arma::mat natural_;                 ///< K×S, η(θ_k)
  arma::vec log_partition_;           ///< K, A(θ_k)
  arma::mat expected_natural_;        ///< K×S, E_q[η] (empty without a posterior)
  arma::vec expected_log_partition_;  ///< K, E_q[A]
};

}  // namespace mixfit::kit
