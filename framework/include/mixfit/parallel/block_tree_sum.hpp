// BlockTreeSum: per-block partial results added up in one fixed binary tree over the block grid.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <utility>
#include <vector>

namespace mixfit {

/// Floating-point addition is not associative, so a reproducible total needs
/// one fixed order of additions. BlockTreeSum adds the blocks' partial values
/// pairwise in the dyadic tree over block indices — node [lo, lo + 2^h) is
/// node [lo, lo + 2^(h-1)) plus node [lo + 2^(h-1), lo + 2^h); the incomplete
/// nodes left at the end of the grid are added right to left — whoever
/// computes which part:
/// - threads push their blocks' values in block order;
/// - a process (an MPI rank) that owns a contiguous range of blocks sums it
///   into a few whole tree nodes (nodes()), which are pushed, in order, into
///   the sum of the whole grid on any rank, giving bit for bit the same total
///   as one process pushing every block.
/// Pairwise summation is also more accurate than a running sum (error
/// O(log B) rather than O(B) roundings), and it keeps O(log B) values alive.
/// Value needs copy and `+=`.
template <class Value>
class BlockTreeSum {
 public:
  /// A whole tree node: blocks [first, first + size), size a power of two and
  /// first a multiple of size.
  struct Node {
    std::size_t first = 0;
    std::size_t size = 0;
    Value value;
  };

  /// Adds block `block`'s value; blocks (or nodes) must arrive in order with no gap.
  void push(std::size_t block, Value value) { push(Node{block, 1, std::move(value)}); }

  /// Adds a whole node (from another process's nodes()).
  void push(Node node) {
    if (!stack_.empty() && stack_.back().first + stack_.back().size != node.first)
      throw std::logic_error("BlockTreeSum: blocks must be pushed in order without gaps");
    stack_.push_back(std::move(node));
    // Merge siblings: the left one is below, aligned to twice their size.
    while (stack_.size() >= 2) {
      Node& right = stack_[stack_.size() - 1];
      Node& left = stack_[stack_.size() - 2];
      if (left.size != right.size || left.first % (2 * left.size) != 0) break;
      left.value += right.value;
      left.size *= 2;
      stack_.pop_back();
    }
  }

  /// The nodes pushed so far (the partial sum of a contiguous range of blocks).
  const std::vector<Node>& nodes() const { return stack_; }
  bool empty() const { return stack_.empty(); }

  /// The total: the open nodes added right to left (a node whose right
  /// sibling lies past the last block just stands for its parent).
  Value total() const {
    if (stack_.empty()) throw std::logic_error("BlockTreeSum: total of no blocks");
    Value sum = stack_.back().value;
    for (std::size_t i = stack_.size() - 1; i-- > 0;) {
      Value left = stack_[i].value;
      left += sum;
      sum = std::move(left);
    }
    return sum;
  }

 private:
  std::vector<Node> stack_;
};

}  // namespace mixfit
