// BinaryCellTables: products of a weight matrix with 0/1 byte cells, read in place through
// look-up tables over groups of eight columns.
#pragma once

#include <armadillo>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mixfit {

/// For a K×D weight matrix W, scores(k, n) = Σ_d W(k, d) x_dn over the 0/1 cells x of a block,
/// without widening the cells to doubles. The columns are cut into groups of eight; for group g
/// and each of its 256 bit patterns v the table holds the K sums
///   T_g[v](k) = Σ_{j ∈ v} W(k, 8g + j),
/// so a row costs D/8 additions of K-vectors instead of D multiply-adds (and its cells are read
/// once, as bytes). A cell counts as 1 iff its byte is 1: a missing cell (kMissingBinary) counts
/// as 0, and the caller takes back what its 0 contributed.
///
/// Each score is a fixed sum over the row's own cells, so it does not depend on how rows are
/// split into blocks, threads or ranks.
class BinaryCellTables {
 public:
  BinaryCellTables() = default;
  /// Tables of the K×D matrix `weights`.
  explicit BinaryCellTables(const arma::mat& weights);

  bool is_empty() const { return num_columns_ == 0; }

  /// scores (K×n) = W x + offset, x the D cells of each of the n columns of `cells` starting at row
  /// `first_row` (a block's binary() rows; a product part's columns start past row 0). An empty
  /// `offset` adds nothing; otherwise it has K entries, added first.
  void multiply(const arma::Mat<std::uint8_t>& cells, std::size_t first_row, const arma::vec& offset,
                arma::mat& scores) const;

 private:
  std::size_t num_components_ = 0;
  std::size_t num_columns_ = 0;
  /// group-major: tables_[(g·256 + v)·s + k] = T_g[v](k), s = K rounded up to a multiple of 4 (zero padding)
  std::vector<double> tables_;
};

/// sums (D×K) += X Wᵀ, X the D×n 0/1 cells of `cells` from row `first_row` (a missing cell as 0),
/// W the K×n `weights`. Each row's weights are added to one bucket per group of eight columns
/// (its bit pattern); the buckets are then spread over the columns their pattern sets. Rows enter
/// the buckets in order, so the result depends only on the block, never on threads.
void accumulate_binary_cells(const arma::Mat<std::uint8_t>& cells, std::size_t first_row, std::size_t dimension,
                             const arma::mat& weights, arma::mat& sums);

/// True if any of the D cells from row `first_row` of `cells` is missing (kMissingBinary).
bool any_missing_binary(const arma::Mat<std::uint8_t>& cells, std::size_t first_row, std::size_t dimension);

}  // namespace mixfit
