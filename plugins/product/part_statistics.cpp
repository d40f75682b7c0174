// Layout concatenation and slice copies for the product family's statistics.
#include "part_statistics.hpp"

#include "mixfit/core/error.hpp"

#include <algorithm>

namespace mixfit {

StatLayout concatenate_layouts(std::size_t num_components, const std::vector<StatLayout>& parts,
                               std::vector<PartStatSlice>& slices) {
  StatLayout layout;
  layout.num_components = num_components;
  slices.clear();
  for (std::size_t p = 0; p < parts.size(); ++p) {
    const StatLayout& part = parts[p];
    if (part.num_components != num_components)
      throw Error("product family: part " + std::to_string(p) + " has statistics for " +
                  std::to_string(part.num_components) + " components, the product " + std::to_string(num_components));
    const std::string prefix = "parts[" + std::to_string(p) + "].";
    // Offsets are taken from the widths, not from the fields, which may leave gaps.
    PartStatSlice slice{part, layout.component_width, layout.shared_width};
    for (const StatField& field : part.component_fields)
      layout.component_fields.push_back({prefix + field.name, slice.component_offset + field.offset, field.size});
    for (const StatField& field : part.shared_fields)
      layout.shared_fields.push_back({prefix + field.name, slice.shared_offset + field.offset, field.size});
    layout.component_width += part.component_width;
    layout.shared_width += part.shared_width;
    slices.push_back(std::move(slice));
  }
  return layout;
}

void copy_into_part(const SufficientStatistics& whole, const PartStatSlice& slice, SufficientStatistics& part) {
  part.num_rows() = whole.num_rows();
  part.log_likelihood() = whole.log_likelihood();
  part.assignment_entropy() = whole.assignment_entropy();
  const std::size_t width = slice.layout.component_width;
  for (std::size_t k = 0; k < slice.layout.num_components; ++k) {
    part.count(k) = whole.count(k);
    const auto from = whole.component(k).subspan(slice.component_offset, width);
    std::copy(from.begin(), from.end(), part.component(k).begin());
  }
  const auto shared = whole.shared().subspan(slice.shared_offset, slice.layout.shared_width);
  std::copy(shared.begin(), shared.end(), part.shared().begin());
}

void copy_from_part(const SufficientStatistics& part, const PartStatSlice& slice, SufficientStatistics& whole) {
  const std::size_t width = slice.layout.component_width;
  for (std::size_t k = 0; k < slice.layout.num_components; ++k) {
    const auto from = part.component(k);
    std::copy(from.begin(), from.end(), whole.component(k).subspan(slice.component_offset, width).begin());
  }
  const auto shared = part.shared();
  std::copy(shared.begin(), shared.end(), whole.shared().subspan(slice.shared_offset, slice.layout.shared_width).begin());
}

}  // namespace mixfit
