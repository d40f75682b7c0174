// Where each part's statistics sit inside a product's, and copying them between the two shapes.
#pragma once

#include "mixfit/stats/sufficient_statistics.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace mixfit {

/// One part's slots inside the product's statistics: its component slots
/// start `component_offset` doubles into every product component slot, its
/// shared slots `shared_offset` doubles into the product's shared slot.
struct PartStatSlice {
  StatLayout layout;  ///< the part's own layout
  std::size_t component_offset = 0;
  std::size_t shared_offset = 0;
};

/// The product layout: the parts' component fields one after another, then
/// their shared fields likewise, each field renamed "parts[p].<name>".
/// `slices` receives where each part landed. Throws Error if a part's layout
/// has another number of components than `num_components`.
StatLayout concatenate_layouts(std::size_t num_components, const std::vector<StatLayout>& parts,
                               std::vector<PartStatSlice>& slices);

/// Copies the framework slots (rows, log-likelihood, entropy, counts) and the
/// part's component and shared slots of `whole` into `part` (of the slice's layout).
void copy_into_part(const SufficientStatistics& whole, const PartStatSlice& slice, SufficientStatistics& part);

/// Copies the family slots of `part` back into the slice's place in `whole`
/// (the framework slots of `whole` are left alone).
void copy_from_part(const SufficientStatistics& part, const PartStatSlice& slice, SufficientStatistics& whole);

}  // namespace mixfit
