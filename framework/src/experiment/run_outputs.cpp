// The files of a run directory: final pass under the winning model, tables, model, summary.
#include "mixfit/experiment/run_outputs.hpp"


#include "mixfit/core/number_format.hpp"
#include "mixfit/criteria/information_criteria.hpp"
#include "mixfit/data/data_block.hpp"
#include "mixfit/experiment/parameter_trace.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/inference/variational_bayes.hpp"
#include "mixfit/io/atomic_file.hpp"
#include "mixfit/io/csv_output.hpp"
#include "mixfit/io/model_io.hpp"
#include "mixfit/io/pgm_image.hpp"
#include "mixfit/parallel/block_tree_sum.hpp"
#include "mixfit/parallel/process_collectives.hpp"

#include <optional>
#include <ostream>

namespace mixfit {
namespace {

std::string trace_text(const FitReport& report) {
  const bool chain = !report.stages.empty();  // a chain adds each iteration's stage (1-based)
  std::string text = "iteration," + report.objective_name + ",delta,seconds" + (chain ? ",stage\n" : "\n");
  for (const auto& record : report.trace)
    text += std::to_string(record.iteration) + "," + csv_number(record.objective) + "," + csv_number(record.delta) +
            "," + csv_number(record.seconds) + (chain ? "," + std::to_string(record.stage) + "\n" : "\n");
  return text;
}

// Names of the numeric encoding's rows: a column, or column=level for one-hot categorical columns.
std::vector<std::string> centroid_header(const Dataset& data) {
  std::vector<std::string> header;
  for (const auto& column : data.columns) {
    if (column.kind != ColumnKind::categorical) {
      header.push_back(column.name);
    } else {
      for (const auto& level : column.levels) header.push_back(column.name + "=" + level);
    }
  }
  return header;
}

void emit_number(YAML::Emitter& out, const char* key, double value) {
  out << YAML::Key << key << YAML::Value << format_yaml_double(value);
}

}  // namespace

std::string trace_csv(const FitReport& report) { return trace_text(report); }

void write_run_outputs(const RunDirectory* run_directory, const ExperimentConfig& config, const Dataset& data,
                       const BlockPlan& plan, const RestartResult& best, const std::vector<RestartSummary>& restarts,
                       double seconds, std::ostream& out) {
  const bool variational = config.algorithm == "vb";
  // Final results under the winning model.
  const MixtureModel& model = *best.model;
  arma::mat responsibilities;
  arma::uvec labels;
  // VB's labels and responsibilities come from its variational E-step (as
  // scikit-learn's BayesianGaussianMixture.predict); the log-likelihood and
  // the criteria are those of the point estimates model.yaml holds.
  const SufficientStatistics final_stats =
      statistics_pass(model, data, plan, Assignment::soft,
                      variational ? RowOutputs{} : RowOutputs{&responsibilities, &labels, nullptr, true});
  std::optional<double> elbo;
  if (variational)
    elbo = evidence_lower_bound(model, statistics_pass(model, data, plan, Assignment::soft,
                                                       {&responsibilities, &labels, nullptr}, Scoring::variational));
  const arma::vec weights = model.mixing().weights();
  const std::size_t effective_components = arma::accu(weights > config.min_weight);
  const bool k_means = config.algorithm == "kmeans";
  if (k_means) {
    labels = best.labels;
    responsibilities = one_hot(labels, model.num_components());
  }
  std::optional<arma::mat> component_means;
  if (config.image_width) {
    // Mean row of each component: Σ_n r_nk x_n / N_k over the numeric encoding.
    // Sums in the first rows, N_k in the last, added over the block tree.
    const std::size_t width = data.numeric_width();
    const arma::mat zero(width + 1, model.num_components(), arma::fill::zeros);
    BlockTreeSum<arma::mat> sum;
    const std::size_t first_row = plan.local_first_row();
    for (std::size_t b = plan.local_first_block(); b < plan.local_end_block(); ++b) {
      const DataBlock block = DataBlock::numeric(data, plan.begin(b), plan.size(b), b);
      arma::mat r = responsibilities.submat(0, plan.begin(b) - first_row, model.num_components() - 1,
                                            plan.end(b) - 1 - first_row);
      if (data.weighted_rows) r.each_row() %= data.row_weights.subvec(plan.begin(b) - first_row, plan.end(b) - 1 - first_row).t();
      sum.push(b, arma::join_cols(block.real() * r.t(), arma::sum(r, 1).t()));
    }
    const arma::mat total = total_over_processes(plan, sum, zero);
    component_means = total.head_rows(width).eval().each_row() / total.row(width);
  }
  // Process 0 writes the files, with every process's rows.
  gather_columns_to_root(plan, responsibilities);
  gather_to_root(plan, labels);
  std::size_t known_label_count = 0;
  if (data.labelled_rows) {
    double local = static_cast<double>(arma::accu(data.known_labels != kUnknownLabel));
    for (double count : all_gather_doubles(plan, {local})) known_label_count += static_cast<std::size_t>(count);
  }
  double missing_cells = 0.0, missing_rows = 0.0;  // over every process
  if (config.marginalize_missing) {
    const std::vector<double> all = all_gather_doubles(
        plan, {static_cast<double>(data.missing_cells), static_cast<double>(data.missing_rows)});
    for (std::size_t i = 0; i + 1 < all.size(); i += 2) {
      missing_cells += all[i];
      missing_rows += all[i + 1];
    }
  }
  arma::mat row_weights;  // 1×N on the writing process, with data.weights
  if (data.weighted_rows) {
    row_weights = data.row_weights.t();
    gather_columns_to_root(plan, row_weights);
  }
  if (run_directory == nullptr) return;
  const RunDirectory& run = *run_directory;
  // n = Σ_n w_n with data.weights (N otherwise, the same number).
  const double num_rows = final_stats.num_rows();
  const double log_likelihood = final_stats.log_likelihood();
  const std::size_t num_parameters = model.num_free_parameters();
  // mclust's uncertainty 1 − max_k r_nk per row, and Σ_n ln max_k r_nk for the classification ICL, summed
  // in row order on the process that writes (the same bits for any thread or process count).
  const arma::rowvec largest = responsibilities.n_rows ? arma::rowvec(arma::max(responsibilities, 0))
                                                       : arma::rowvec(labels.n_elem, arma::fill::ones);
  double map_log_responsibility = 0.0;
  for (arma::uword n = 0; n < largest.n_elem; ++n) {
    if (row_weights.is_empty()) {
      map_log_responsibility += std::log(largest(n));
    } else if (row_weights(0, n) != 0.0) {
      map_log_responsibility += row_weights(0, n) * std::log(largest(n));
    }
  }
  const InformationCriteria criteria = information_criteria(log_likelihood, num_parameters, num_rows,
                                                            final_stats.assignment_entropy(), map_log_responsibility);
  {
    YAML::Emitter emitter;
    emitter << config.resolved;
    write_file_atomically(run.file("config.yaml"), std::string(emitter.c_str()) + "\n");
  }
  write_file_atomically(run.file("model.yaml"), model_to_yaml(model));
  write_file_atomically(run.file("trace.csv"), trace_text(best.report));
  if (config.trace_parameters)
    write_file_atomically(run.file("trace_parameters.yaml"), parameter_trace_document(best.parameter_trace, best.restart));
  {
    AtomicFileWriter writer(run.file("labels.csv"));
    // A row the noise component takes (label K) is labelled -1, as mclust's classification 0.
    const std::size_t noise_label = model.num_components();
    writer.stream() << "label,uncertainty\n";
    for (arma::uword n = 0; n < labels.n_elem; ++n)
      writer.stream() << (labels(n) == noise_label ? std::string("-1") : std::to_string(labels(n))) << ','
                      << csv_number(1.0 - largest(n)) << '\n';
    writer.commit();
  }
  {
    AtomicFileWriter writer(run.file("responsibilities.csv"));
    std::vector<std::string> header = responsibility_header(model.num_components());
    if (responsibilities.n_rows > model.num_components()) header.push_back("noise");
    write_columns_csv(writer.stream(), header, responsibilities);
    writer.commit();
  }
  if (k_means) {
    AtomicFileWriter writer(run.file("centroids.csv"));
    write_columns_csv(writer.stream(), centroid_header(data), best.centroids);
    writer.commit();
  }
  if (component_means) {
    const arma::mat& means = *component_means;
    for (std::size_t k = 0; k < model.num_components(); ++k) {
      // The encoding is row-major pixels; Armadillo fills column-major, hence the transpose.
      const arma::mat image = arma::reshape(means.col(k), config.image_width, config.image_height).t();
      AtomicFileWriter writer(run.file("component_" + std::to_string(k) + ".pgm"));
      write_pgm(writer.stream(), image);
      writer.commit();
    }
  }
  {
    YAML::Emitter s;
    s << YAML::BeginMap;
    s << YAML::Key << "experiment" << YAML::Value << config.name;
    s << YAML::Key << "algorithm" << YAML::Value << algorithm_name(config);
    s << YAML::Key << "family" << YAML::Value << config.family;
    s << YAML::Key << "components" << YAML::Value << model.num_components();
    s << YAML::Key << "n_rows" << YAML::Value << plan.num_rows;
    if (data.weighted_rows) emit_number(s, "total_weight", num_rows);
    if (data.labelled_rows) s << YAML::Key << "known_labels" << YAML::Value << known_label_count;
    if (config.marginalize_missing)
      s << YAML::Key << "missing" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "cells"
        << YAML::Value << static_cast<std::size_t>(missing_cells) << YAML::Key << "rows" << YAML::Value
        << static_cast<std::size_t>(missing_rows) << YAML::EndMap;
    s << YAML::Key << "converged" << YAML::Value << best.report.converged;
    s << YAML::Key << "n_iter" << YAML::Value << best.report.n_iter;
    emit_number(s, "log_likelihood", log_likelihood);
    emit_number(s, "mean_log_likelihood", log_likelihood / num_rows);
    // What cem maximised: Σ_n max_k log(π_k p(x_n | θ_k)) = log L + Σ_n ln max_k r_nk.
    const std::string& last_algorithm = final_algorithm(config);
    if (last_algorithm == "cem")
      emit_number(s, "classification_log_likelihood", log_likelihood + map_log_responsibility);
    s << YAML::Key << "n_parameters" << YAML::Value << num_parameters;
    emit_number(s, "bic", criteria.bic);
    emit_number(s, "aic", criteria.aic);
    emit_number(s, "icl", criteria.icl);
    emit_number(s, "icl_entropy", criteria.icl_entropy);
    if (model.noise()) {
      s << YAML::Key << "noise" << YAML::Value << YAML::BeginMap;
      emit_number(s, "weight", model.noise()->weight());
      emit_number(s, "volume", model.noise()->volume());
      s << YAML::Key << "rows" << YAML::Value << arma::accu(labels == model.num_components());
      s << YAML::EndMap;
    }
    if (elbo) emit_number(s, "elbo", *elbo);
    s << YAML::Key << "effective_components" << YAML::Value << effective_components;
    emit_number(s, "min_weight", config.min_weight);
    if (k_means) emit_number(s, "inertia", best.inertia);
    emit_number(s, "seconds", seconds);
    s << YAML::Key << "best_restart" << YAML::Value << best.restart;
    s << YAML::Key << "restarts" << YAML::Value << YAML::BeginSeq;
    for (const auto& r : restarts) {
      s << YAML::Flow << YAML::BeginMap;
      s << YAML::Key << "restart" << YAML::Value << r.restart;
      s << YAML::Key << "seed" << YAML::Value << r.seed;
      s << YAML::Key << "status" << YAML::Value << (r.failed() ? "failed" : "ok");
      if (r.failed()) {
        s << YAML::Key << "error" << YAML::Value << YAML::DoubleQuoted << r.error << YAML::EndMap;
        continue;
      }
      const char* objective = k_means                       ? "inertia"
                              : variational                 ? "elbo"
                              : last_algorithm == "cem"     ? "classification_log_likelihood"
                                                            : "log_likelihood";
      emit_number(s, objective, k_means ? -r.objective : r.objective);
      s << YAML::Key << "n_iter" << YAML::Value << r.report.n_iter;
      s << YAML::Key << "converged" << YAML::Value << r.report.converged;
      s << YAML::EndMap;
    }
    s << YAML::EndSeq;
    if (!best.report.stages.empty()) {  // the winning restart's chain, stage by stage
      s << YAML::Key << "stages" << YAML::Value << YAML::BeginSeq;
      for (std::size_t i = 0; i < best.report.stages.size(); ++i) {
        const StageReport& stage = best.report.stages[i];
        s << YAML::Flow << YAML::BeginMap << YAML::Key << "stage" << YAML::Value << i + 1 << YAML::Key << "algorithm"
          << YAML::Value << stage.algorithm << YAML::Key << "n_iter" << YAML::Value << stage.n_iter << YAML::Key
          << "converged" << YAML::Value << stage.converged;
        emit_number(s, stage.objective_name.c_str(), stage.objective);
        s << YAML::EndMap;
      }
      s << YAML::EndSeq;
    }
    if (!best.report.warnings.empty()) {
      s << YAML::Key << "warnings" << YAML::Value << YAML::BeginSeq;
      for (const auto& warning : best.report.warnings) s << warning;
      s << YAML::EndSeq;
    }
    s << YAML::EndMap;
    write_file_atomically(run.file("summary.yaml"), std::string(s.c_str()) + "\n");
  }
  out << "run directory: " << run.final_path() << "\n"
      << "  " << algorithm_name(config) << ", " << config.family << ", K = " << model.num_components() << ", N = "
      << plan.num_rows << (data.weighted_rows ? " (total weight " + format_double(num_rows) + ")" : std::string())
      << ", D = " << data.dimension() << "\n"
      << "  converged: " << (best.report.converged ? "yes" : "no") << " after " << best.report.n_iter
      << " iterations (best of " << config.n_init << " restart" << (config.n_init == 1 ? "" : "s") << ")\n"
      << "  log-likelihood: " << format_double(log_likelihood) << " (mean " << format_double(log_likelihood / num_rows)
      << ")\n";
  std::string failed;
  for (const auto& r : restarts)
    if (r.failed()) failed += (failed.empty() ? "" : ", ") + std::to_string(r.restart);
  if (!failed.empty())
    out << "  failed restarts (numerical errors, in summary.yaml): " << failed << "\n";
  if (k_means) out << "  inertia: " << format_double(best.inertia) << "\n";
  if (elbo)
    out << "  ELBO: " << format_double(*elbo) << "  effective components: " << effective_components << " of "
        << model.num_components() << "\n";
  for (const auto& warning : best.report.warnings) out << "  warning: " << warning << "\n";
  out << "  BIC: " << format_double(criteria.bic) << "  AIC: " << format_double(criteria.aic)
      << "  parameters: " << num_parameters << "\n";
}

}  // namespace mixfit
