// Means of the known-label rows, reduced in the block tree like every other sum.
#include "mixfit/init/known_label_means.hpp"

#include "mixfit/data/data_block.hpp"
#include "mixfit/parallel/block_tree_sum.hpp"
#include "mixfit/parallel/process_collectives.hpp"

#include <vector>

namespace mixfit {

KnownLabelMeans known_label_means(const Dataset& data, const BlockPlan& plan, std::size_t num_components) {
  KnownLabelMeans result;
  if (!data.labelled_rows) return result;
  const std::size_t width = data.numeric_width();
  const std::size_t first_row = plan.local_first_row();
  // Σ w x per component, and Σ w in the last row.
  const arma::mat zero(width + 1, num_components, arma::fill::zeros);
  BlockTreeSum<arma::mat> sum;
  for (std::size_t b = plan.local_first_block(); b < plan.local_end_block(); ++b) {
    const DataBlock block = DataBlock::numeric(data, plan.begin(b), plan.size(b), b);
    arma::mat block_sums = zero;
    for (std::size_t j = 0; j < block.num_rows(); ++j) {
      const std::size_t local = block.first_row() - first_row + j;
      const arma::uword k = data.known_label(local);
      if (k == kUnknownLabel) continue;
      const double w = data.weight(local);
      block_sums.col(k).head(width) += w * block.real().col(j);
      block_sums(width, k) += w;
    }
    sum.push(b, std::move(block_sums));
  }
  const arma::mat totals = total_over_processes(plan, sum, zero);
  result.means.set_size(width, num_components);
  std::vector<arma::uword> present;
  for (std::size_t k = 0; k < num_components; ++k) {
    if (!(totals(width, k) > 0.0)) continue;
    result.means.col(k) = totals.col(k).head(width) / totals(width, k);
    present.push_back(k);
  }
  result.present = arma::uvec(present);
  return result;
}

}  // namespace mixfit
