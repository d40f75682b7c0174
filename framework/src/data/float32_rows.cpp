// Single-precision rows widened block by block.
#include "mixfit/data/float32_rows.hpp"

namespace mixfit {

void Float32Rows::read_rows(std::size_t first, std::size_t count, arma::mat& out) const {
  out = arma::conv_to<arma::mat>::from(values_.cols(first, first + count - 1));
}

}  // namespace mixfit
