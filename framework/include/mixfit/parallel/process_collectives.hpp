// The driver's collectives over the processes of a BlockPlan: block-tree totals, gathered block values and rows.
#pragma once

#include "mixfit/data/block_plan.hpp"
#include "mixfit/parallel/block_tree_sum.hpp"
#include "mixfit/stats/sufficient_statistics.hpp"

#include <armadillo>

#include <cstring>
#include <exception>
#include <string>
#include <vector>

namespace mixfit {

namespace detail {
inline double* flat_values(SufficientStatistics& value) { return value.data(); }
inline std::size_t flat_size(const SufficientStatistics& value) { return value.size(); }
inline double* flat_values(arma::mat& value) { return value.memptr(); }
inline std::size_t flat_size(const arma::mat& value) { return value.n_elem; }

/// A process's contribution: "F" + its error if its part failed, else "N" + its nodes.
std::string encode_failure(const std::exception_ptr& failure);
/// Throws the error of the first failing process among `parts`, if any.
void rethrow_first_failure(const std::vector<std::string>& parts);

template <class Value>
std::string encode_nodes(const BlockTreeSum<Value>& sum) {
  std::string bytes = "N";
  for (const auto& node : sum.nodes()) {
    const std::size_t header[2] = {node.first, node.size};
    bytes.append(reinterpret_cast<const char*>(header), sizeof(header));
    Value copy = node.value;
    bytes.append(reinterpret_cast<const char*>(flat_values(copy)), flat_size(copy) * sizeof(double));
  }
  return bytes;
}
}  // namespace detail

/// The total of the blocks of every process, on every process: each
/// process's BlockTreeSum nodes, exchanged and pushed in rank order, give bit
/// for bit the total one process pushing every block would (BlockTreeSum).
/// `zero` shapes values; `failure` is this process's error while computing
/// its part (nullptr if none): if any process failed, every process throws
/// the first failing process's error instead, so none waits forever.
template <class Value>
Value total_over_processes(const BlockPlan& plan, const BlockTreeSum<Value>& local, const Value& zero,
                           const std::exception_ptr& failure = nullptr) {
  if (!plan.distributed()) {
    if (failure) std::rethrow_exception(failure);
    return local.empty() ? zero : local.total();
  }
  const std::vector<std::string> parts =
      plan.processes().all_gather(failure ? detail::encode_failure(failure) : detail::encode_nodes(local));
  detail::rethrow_first_failure(parts);
  BlockTreeSum<Value> sum;
  const std::size_t width = detail::flat_size(zero) * sizeof(double);
  for (const std::string& part : parts) {
    for (std::size_t at = 1; at < part.size(); at += 2 * sizeof(std::size_t) + width) {
      std::size_t header[2];
      std::memcpy(header, part.data() + at, sizeof(header));
      Value value = zero;
      std::memcpy(detail::flat_values(value), part.data() + at + sizeof(header), width);
      sum.push(typename BlockTreeSum<Value>::Node{header[0], header[1], std::move(value)});
    }
  }
  return sum.empty() ? zero : sum.total();
}

/// One value per local block → the values of every block of the grid, in
/// block order, on every process.
std::vector<double> all_block_values(const BlockPlan& plan, const std::vector<double>& local);

/// Every process's doubles, concatenated in rank order, on every process.
std::vector<double> all_gather_doubles(const BlockPlan& plan, const std::vector<double>& local);

/// In place: the columns of `rows` (one per row held by this process) become
/// all N columns on process 0 (an empty matrix elsewhere). Nothing is copied
/// for one process.
void gather_columns_to_root(const BlockPlan& plan, arma::mat& rows);
void gather_to_root(const BlockPlan& plan, arma::uvec& rows);

/// Agrees that every process passed a check: true only if `ok` on all.
bool all_processes(const BlockPlan& plan, bool ok);

}  // namespace mixfit
