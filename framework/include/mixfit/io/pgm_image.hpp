// Grey-scale PGM images (the netpbm format every image tool reads), for component means.
#pragma once

#include <armadillo>

#include <ostream>

namespace mixfit {

/// Writes `pixels` (height×width, any range) as a binary PGM (P5), scaled so
/// the image's minimum is black and its maximum white — or, when every value
/// lies in [0, 1] (probabilities, 0/1 data), 0 black and 1 white, so images of
/// different components compare.
void write_pgm(std::ostream& out, const arma::mat& pixels);

}  // namespace mixfit
