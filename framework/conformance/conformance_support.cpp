// Data drawn from a family, statistics from weights, saved text and comparisons for the conformance checks.
#include "conformance_support.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/random_streams.hpp"
#include "mixfit/data/data_block.hpp"

#include <boost/random/uniform_real_distribution.hpp>

#include <cmath>
#include <cstdio>
#include <limits>

namespace mixfit::conformance::detail {

std::unique_ptr<ComponentFamily> family_with_parameters(const FamilyCase& family_case) {
  std::unique_ptr<ComponentFamily> family = family_case.make_family();
  if (!family) throw Error("the case's make_family() returned no family");
  family->load(family_case.parameters, "conformance parameters of " + family_case.name);
  return family;
}

arma::mat draw_component(const ComponentFamily& family, std::size_t k, std::size_t n, std::uint64_t seed) {
  RandomStream stream = derive_stream(seed, "conformance", k);
  arma::mat draws;
  family.sample(k, n, stream, draws);
  return draws;
}

DrawnSample draw_sample(const ComponentFamily& family, const FamilyCase& family_case) {
  const std::size_t k_count = family.num_components();
  const std::size_t per = family_case.rows_per_component;
  arma::mat draws(family.dimension(), k_count * per);
  arma::uvec labels(k_count * per);
  for (std::size_t k = 0; k < k_count; ++k) {
    const arma::mat part = draw_component(family, k, per, family_case.seed);
    if (part.n_rows != family.dimension() || part.n_cols != per)
      throw Error("sample(" + std::to_string(k) + ", " + std::to_string(per) + ") returned " +
                  std::to_string(part.n_rows) + "×" + std::to_string(part.n_cols) + ", expected D×n = " +
                  std::to_string(family.dimension()) + "×" + std::to_string(per));
    if (per) draws.cols(k * per, (k + 1) * per - 1) = part;
    labels.subvec(k * per, (k + 1) * per - 1).fill(k);
  }
  return {dataset_from_draws(family_case.columns, draws), labels};
}

Dataset dataset_from_draws(const std::vector<ColumnSpec>& columns, const arma::mat& draws) {
  if (draws.n_rows != columns.size())
    throw Error("draws have " + std::to_string(draws.n_rows) + " rows for " + std::to_string(columns.size()) +
                " columns");
  std::size_t rows[3] = {0, 0, 0};  // per kind: one past the largest storage row
  for (const ColumnSpec& column : columns) {
    std::size_t& used = rows[static_cast<int>(column.kind)];
    used = std::max(used, column.storage_row + 1);
  }
  Dataset data;
  data.source = "conformance sample";
  data.columns = columns;
  const std::size_t n = draws.n_cols;
  data.real.zeros(rows[0], n);
  data.binary.zeros(rows[1], n);
  data.categorical.zeros(rows[2], n);
  for (std::size_t d = 0; d < columns.size(); ++d) {
    const ColumnSpec& column = columns[d];
    for (std::size_t j = 0; j < n; ++j) {
      const double value = draws(d, j);
      switch (column.kind) {
        case ColumnKind::real:
          data.real(column.storage_row, j) = value;
          break;
        case ColumnKind::binary:
          if (value != 0.0 && value != 1.0)
            throw Error("sample() drew " + number_text(value) + " for binary column '" + column.name +
                        "', expected 0 or 1");
          data.binary(column.storage_row, j) = static_cast<std::uint8_t>(value);
          break;
        case ColumnKind::categorical:
          if (!(value >= 0.0 && value < static_cast<double>(column.levels.size()) && value == std::floor(value)))
            throw Error("sample() drew " + number_text(value) + " for categorical column '" + column.name +
                        "', expected a level code in 0.." + std::to_string(column.levels.size()) + " - 1");
          data.categorical(column.storage_row, j) = static_cast<std::uint16_t>(value);
          break;
      }
    }
  }
  data.build_numeric_encoding();
  return data;
}

std::optional<Dataset> enumerate_discrete_support(const std::vector<ColumnSpec>& columns) {
  constexpr std::size_t kMaxPoints = 65536;
  std::size_t points = 1;
  std::vector<std::size_t> sizes;
  for (const ColumnSpec& column : columns) {
    if (column.kind == ColumnKind::real) return std::nullopt;
    const std::size_t size = column.kind == ColumnKind::binary ? 2 : column.levels.size();
    if (size == 0) return std::nullopt;
    if (points > kMaxPoints / size) return std::nullopt;
    points *= size;
    sizes.push_back(size);
  }
  // Point i in mixed radix: column d's value is digit d of i.
  arma::mat draws(columns.size(), points);
  for (std::size_t i = 0; i < points; ++i) {
    std::size_t rest = i;
    for (std::size_t d = 0; d < columns.size(); ++d) {
      draws(d, i) = static_cast<double>(rest % sizes[d]);
      rest /= sizes[d];
    }
  }
  return dataset_from_draws(columns, draws);
}

arma::mat random_weights(std::size_t num_components, std::size_t n, std::uint64_t seed, std::uint64_t index) {
  RandomStream stream = derive_stream(seed, "conformance weights", index);
  boost::random::uniform_real_distribution<double> uniform(0.05, 1.0);
  arma::mat weights(num_components, n);
  for (double& w : weights) w = uniform(stream);
  weights.each_row() /= arma::sum(weights, 0);
  return weights;
}

SufficientStatistics accumulate_rows(const ComponentFamily& family, const Dataset& data, const arma::mat& weights,
                                     std::size_t first, std::size_t count) {
  SufficientStatistics stats(family.stat_layout());
  const arma::mat block_weights =
      count ? arma::mat(weights.cols(first, first + count - 1)) : arma::mat(weights.n_rows, 0);
  family.accumulate(DataBlock(data, first, count, 0), block_weights, stats);
  return stats;
}

SufficientStatistics statistics_for(const ComponentFamily& family, const Dataset& data, const arma::mat& weights) {
  SufficientStatistics stats = accumulate_rows(family, data, weights, 0, data.num_rows());
  stats.num_rows() = static_cast<double>(data.num_rows());
  for (std::size_t k = 0; k < weights.n_rows; ++k) stats.count(k) = arma::accu(weights.row(k));
  return stats;
}

arma::vec family_slots(const SufficientStatistics& stats) {
  const std::size_t width = stats.layout().num_components * stats.layout().component_width + stats.layout().shared_width;
  const arma::vec all(const_cast<double*>(stats.data()), stats.size(), /*copy_aux_mem=*/false, /*strict=*/true);
  return all.tail(width);
}

arma::mat scores_of(const ComponentFamily& family, const Dataset& data) {
  arma::mat scores;
  family.log_likelihood(DataBlock(data, 0, data.num_rows(), 0), scores);
  return scores;
}

arma::mat expected_scores_of(const ComponentFamily& family, const Dataset& data) {
  arma::mat scores;
  family.expected_log_likelihood(DataBlock(data, 0, data.num_rows(), 0), scores);
  return scores;
}

double complete_log_likelihood(const arma::mat& scores, const arma::uvec& labels) {
  double total = 0.0;
  for (std::size_t j = 0; j < labels.n_elem; ++j) total += scores(labels(j), j);
  return total;
}

std::string saved_text(const ComponentFamily& family) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  family.save(out);
  out << YAML::EndMap;
  if (!out.good()) throw Error("save() left the YAML emitter in error: " + out.GetLastError());
  return out.c_str();
}

double max_abs_difference(const arma::vec& a, const arma::vec& b) {
  if (a.n_elem != b.n_elem) return std::numeric_limits<double>::infinity();
  double worst = 0.0;
  for (std::size_t i = 0; i < a.n_elem; ++i) {
    const double difference = std::abs(a(i) - b(i));
    if (std::isnan(difference)) return difference;
    worst = std::max(worst, difference);
  }
  return worst;
}

double max_abs(const arma::vec& a) { return a.is_empty() ? 0.0 : arma::max(arma::abs(a)); }

bool identical(const arma::mat& a, const arma::mat& b) {
  return a.n_rows == b.n_rows && a.n_cols == b.n_cols && arma::all(arma::vectorise(a == b));
}

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

}  // namespace mixfit::conformance::detail
