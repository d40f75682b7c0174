// predict / score / sample over the fixed block grid.
#include "mixfit/experiment/model_commands.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/io/csv_output.hpp"
#include "mixfit/model/sample_mixture.hpp"

#include <boost/random/uniform_01.hpp>

namespace mixfit {

namespace {
constexpr std::size_t kBlockSize = 4096;
}

void write_predictions(const MixtureModel& model, const Dataset& data, std::ostream& csv) {
  arma::mat responsibilities;
  arma::uvec labels;
  statistics_pass(model, data, {data.num_rows(), kBlockSize}, Assignment::soft,
                  {&responsibilities, &labels, nullptr, true});
  csv << "label,uncertainty";
  for (const auto& name : responsibility_header(model.num_components())) csv << ',' << name;
  if (model.noise()) csv << ",noise";
  csv << '\n';
  std::string line;
  const std::size_t noise_label = model.num_components();  // written as -1, as in labels.csv
  for (arma::uword n = 0; n < labels.n_elem; ++n) {
    // mclust's uncertainty: 1 − the largest responsibility
    line = (labels(n) == noise_label ? std::string("-1") : std::to_string(labels(n))) + "," +
           csv_number(1.0 - responsibilities.col(n).max());
    for (arma::uword k = 0; k < responsibilities.n_rows; ++k) line += "," + csv_number(responsibilities(k, n));
    line += '\n';
    csv << line;
  }
}

double write_scores(const MixtureModel& model, const Dataset& data, std::ostream& csv) {
  arma::vec log_density;
  const SufficientStatistics stats =
      statistics_pass(model, data, {data.num_rows(), kBlockSize}, Assignment::soft, {nullptr, nullptr, &log_density});
  write_columns_csv(csv, {"log_density"}, log_density.t());
  return stats.log_likelihood();
}

void write_samples(const MixtureModel& model, std::size_t n, std::uint64_t seed, std::ostream& csv,
                   double missing_rate) {
  if (!(missing_rate >= 0.0 && missing_rate < 1.0))
    throw Error("sample: --missing-rate must lie in [0, 1), got " + csv_number(missing_rate));
  if (model.noise())
    throw Error("sample: the model has a noise component, whose uniform density over the data's region has no "
                "region saved to draw from; remove noise: from a copy of model.yaml to draw from the K components");
  RandomStream stream = derive_stream(seed, "sample", 0);
  arma::uvec components;
  const arma::mat values = sample_mixture(model, n, stream, components);
  const auto& columns = model.columns();
  // Which cells to leave empty: drawn after the values, from their own stream.
  arma::umat knocked_out(values.n_rows, values.n_cols, arma::fill::zeros);
  if (missing_rate > 0.0) {
    RandomStream missing_stream = derive_stream(seed, "missing cells", 0);
    boost::random::uniform_01<double> uniform;
    for (arma::uword i = 0; i < n; ++i) {
      for (arma::uword d = 0; d < values.n_rows; ++d) knocked_out(d, i) = uniform(missing_stream) < missing_rate;
      if (arma::all(knocked_out.col(i))) knocked_out(0, i) = 0;
    }
  }
  for (const auto& column : columns) csv << column.name << ',';
  csv << "component\n";
  std::string line;
  for (arma::uword i = 0; i < n; ++i) {
    line.clear();
    for (arma::uword d = 0; d < values.n_rows; ++d) {
      // Categorical draws are level codes; they are written back as the level names.
      if (knocked_out(d, i)) {
        line += ",";
      } else if (columns[d].kind == ColumnKind::categorical) {
        line += columns[d].levels.at(static_cast<std::size_t>(values(d, i))) + ",";
      } else if (columns[d].kind == ColumnKind::binary) {
        line += values(d, i) != 0.0 ? "1," : "0,";
      } else {
        line += csv_number(values(d, i)) + ",";
      }
    }
    line += std::to_string(components(i)) + "\n";
    csv << line;
  }
}

}  // namespace mixfit
