// Means of the known-label rows, reduced in the block tree like every other sum.
#include "mixfit/init/known_label_means.hpp"

#include "mixfit/data/data_block.hpp"
#include "mixfit/parallel/block_tree_sum.hpp"
#include "mixfit/parallel/process_collectives.hpp"

#include <cmath>
#include <vector>

namespace mixfit {

KnownLabelMeans known_label_means(const Dataset& data, const BlockPlan& plan, std::size_t num_components) {
  KnownLabelMeans result;
  if (!data.labelled_rows) return result;
  const std::size_t width = data.numeric_width();
  const std::size_t first_row = plan.local_first_row();
  // Σ w x per component, and Σ w per coordinate observed (a missing cell, NaN, adds to neither).
  const arma::mat zero(2 * width, num_components, arma::fill::zeros);
  BlockTreeSum<arma::mat> sum;
  for (std::size_t b = plan.local_first_block(); b < plan.local_end_block(); ++b) {
    const DataBlock block = DataBlock::numeric(data, plan.begin(b), plan.size(b), b);
    arma::mat block_sums = zero;
    for (std::size_t j = 0; j < block.num_rows(); ++j) {
      const std::size_t local = block.first_row() - first_row + j;
      const arma::uword k = data.known_label(local);
      if (k == kUnknownLabel) continue;
      const double w = data.weight(local);
      for (std::size_t i = 0; i < width; ++i)
        if (const double x = block.real()(i, j); !std::isnan(x)) {
          block_sums(i, k) += w * x;
          block_sums(width + i, k) += w;
        }
    }
    sum.push(b, std::move(block_sums));
  }
  const arma::mat totals = total_over_processes(plan, sum, zero);
  result.means.set_size(width, num_components);
  std::vector<arma::uword> present;
  for (std::size_t k = 0; k < num_components; ++k) {
    if (!(arma::accu(totals.col(k).tail(width)) > 0.0)) continue;
    // A coordinate no known row observes stays NaN: distances skip it.
    for (std::size_t i = 0; i < width; ++i)
      result.means(i, k) = totals(width + i, k) > 0.0 ? totals(i, k) / totals(width + i, k) : arma::datum::nan;
    present.push_back(k);
  }
  result.present = arma::uvec(present);
  return result;
}

}  // namespace mixfit
