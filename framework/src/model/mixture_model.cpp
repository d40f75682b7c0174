// MixtureModel copy semantics and component permutation.
#include "mixfit/model/mixture_model.hpp"

#include "mixfit/core/error.hpp"

namespace mixfit {

MixtureModel::MixtureModel(std::unique_ptr<MixingModel> mixing, std::unique_ptr<ComponentFamily> family,
                           YAML::Node options, std::vector<ColumnSpec> columns)
    : mixing_(std::move(mixing)), family_(std::move(family)), options_(YAML::Clone(options)), columns_(std::move(columns)) {
  if (mixing_->num_components() != family_->num_components())
    throw Error("MixtureModel: the mixing model and the family disagree on the number of components");
}

MixtureModel::MixtureModel(const MixtureModel& other)
    : mixing_(other.mixing_->clone()),
      family_(other.family_->clone()),
      options_(YAML::Clone(other.options_)),
      columns_(other.columns_),
      noise_(other.noise_),
      missing_cells_(other.missing_cells_) {}

MixtureModel& MixtureModel::operator=(const MixtureModel& other) {
  if (this != &other) {
    MixtureModel copy(other);
    *this = std::move(copy);
  }
  return *this;
}

void MixtureModel::permute_components(const arma::uvec& order) {
  mixing_->permute_components(order);
  family_->permute_components(order);
}

}  // namespace mixfit
