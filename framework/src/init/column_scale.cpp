// Column standard deviations over the block grid, for standardised seeding distances.
#include "mixfit/init/column_scale.hpp"

#include "mixfit/data/data_block.hpp"
#include "mixfit/parallel/block_tree_sum.hpp"
#include "mixfit/parallel/process_collectives.hpp"

#include <cmath>
#include <limits>

namespace mixfit {
namespace {

// Σ_n f(x_nd) per column d over every row, each block summed in row order and
// the blocks added in the block tree on every process.
template <class Term>
arma::vec column_totals(const Dataset& data, const BlockPlan& plan, Term term) {
  const std::size_t width = data.numeric_width();
  const arma::mat zero(width, 1, arma::fill::zeros);
  BlockTreeSum<arma::mat> sum;
  for (std::size_t b = plan.local_first_block(); b < plan.local_end_block(); ++b) {
    const DataBlock block = DataBlock::numeric(data, plan.begin(b), plan.size(b), b);
    arma::mat block_sums = zero;
    for (std::size_t j = 0; j < block.num_rows(); ++j) {
      const double* x = block.real().colptr(j);
      if (data.weighted_rows || data.missing_allowed) {  // a row of weight w counts w times; a missing cell not at all
        const double w = data.weight(block.first_row() - plan.local_first_row() + j);
        if (w != 0.0)
          for (std::size_t d = 0; d < width; ++d)
            if (!std::isnan(x[d])) block_sums(d, 0) += w * term(x[d], d);
      } else {
        for (std::size_t d = 0; d < width; ++d) block_sums(d, 0) += term(x[d], d);
      }
    }
    sum.push(b, std::move(block_sums));
  }
  return arma::vec(total_over_processes(plan, sum, zero));
}

}  // namespace

double total_weight(const Dataset& data, const BlockPlan& plan) {
  if (!data.weighted_rows) return static_cast<double>(plan.num_rows);
  const std::size_t first_row = plan.local_first_row();
  const arma::mat zero(1, 1, arma::fill::zeros);
  BlockTreeSum<arma::mat> sum;
  for (std::size_t b = plan.local_first_block(); b < plan.local_end_block(); ++b) {
    arma::mat block_total = zero;
    for (std::size_t n = plan.begin(b); n < plan.end(b); ++n) block_total(0, 0) += data.weight(n - first_row);
    sum.push(b, std::move(block_total));
  }
  return total_over_processes(plan, sum, zero)(0, 0);
}

arma::vec standardising_weights(const Dataset& data, const BlockPlan& plan) {
  double all_rows = static_cast<double>(plan.num_rows);
  if (data.weighted_rows) all_rows = total_weight(data, plan);
  // Per column: the (weighted) number of rows observing it.
  const arma::vec rows = data.missing_allowed ? column_totals(data, plan, [](double, std::size_t) { return 1.0; })
                                              : arma::vec(data.numeric_width(), arma::fill::value(all_rows));
  const arma::vec mean = column_totals(data, plan, [](double x, std::size_t) { return x; }) / rows;
  // Two passes (mean, then squared deviations from it) rather than Σx² − Nμ²,
  // which cancels badly for columns far from zero.
  const arma::vec variance = column_totals(data, plan, [&mean](double x, std::size_t d) {
                               const double deviation = x - mean(d);
                               return deviation * deviation;
                             }) / rows;
  // A variance within the rounding error of the two-pass computation counts as
  // zero: scikit-learn's _is_constant_feature (Chan, Golub & LeVeque's bound).
  // Otherwise a constant column whose mean rounds off by an ulp would get a
  // weight near 1e16 and swamp every distance.
  constexpr double eps = std::numeric_limits<double>::epsilon();
  arma::vec weights(variance.n_elem);
  for (arma::uword d = 0; d < variance.n_elem; ++d) {
    const double bound = rows(d) * eps * variance(d) + std::pow(rows(d) * mean(d) * eps, 2);
    weights(d) = variance(d) > bound ? 1.0 / std::sqrt(variance(d)) : 1.0;
  }
  return weights;
}

arma::vec distance_weights(const Dataset& data, const BlockPlan& plan, InitScale scale) {
  if (scale == InitScale::none) return {};
  return standardising_weights(data, plan);
}

}  // namespace mixfit
