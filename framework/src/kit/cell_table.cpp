// A cellwise family's parameters in model.yaml: a FieldTable of one field, written and read by save_fields and
// load_fields.
#include "mixfit/kit/cell_table.hpp"

#include <utility>

namespace mixfit::kit {
namespace {

FieldNames field_names(const CellNames& names) {
  return FieldNames{names.family, {names.parameter}, {names.constraint}, {}, names.prior, names.hyperparameters};
}

}  // namespace

void CellTable::permute(const arma::uvec& order) {
  FieldTable fields{{std::move(values)}, {}, std::move(posterior), {}};
  fields.permute(order);
  values = std::move(fields.values.front());
  posterior = std::move(fields.posterior);
}

void save_cells(YAML::Emitter& out, const CellNames& names, const CellTable& table) {
  save_fields(out, field_names(names), FieldTable{{table.values}, {}, table.posterior, table.prior});
}

CellTable load_cells(const YAML::Node& model, const std::string& source, const CellNames& names,
                     std::size_t num_columns, std::size_t num_components, const CellPriorCheck& check_prior,
                     const CellPosteriorCheck& check_posterior) {
  FieldTable fields = load_fields(
      model, source, field_names(names), num_columns, num_components, check_prior,
      [&](const std::vector<arma::vec>& hyperparameters,
          const std::vector<arma::vec>& values) -> std::optional<FieldProblem> {
        for (std::size_t d = 0; d < num_columns; ++d) {
          std::vector<double> cell(hyperparameters.size());
          for (std::size_t h = 0; h < cell.size(); ++h) cell[h] = hyperparameters[h](d);
          if (std::string problem = check_posterior(cell, values.front()(d)); !problem.empty())
            return FieldProblem{std::move(problem), 0, d};
        }
        return std::nullopt;
      });
  return CellTable{std::move(fields.values.front()), std::move(fields.posterior), std::move(fields.prior)};
}

}  // namespace mixfit::kit
