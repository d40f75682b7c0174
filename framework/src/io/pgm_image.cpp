// Binary PGM output.
#include "mixfit/io/pgm_image.hpp"

#include <algorithm>
#include <cmath>

namespace mixfit {

void write_pgm(std::ostream& out, const arma::mat& pixels) {
  double low = pixels.min(), high = pixels.max();
  if (low >= 0.0 && high <= 1.0) {
    low = 0.0;
    high = 1.0;
  }
  const double span = high > low ? high - low : 1.0;
  out << "P5\n" << pixels.n_cols << " " << pixels.n_rows << "\n255\n";
  for (arma::uword r = 0; r < pixels.n_rows; ++r)
    for (arma::uword c = 0; c < pixels.n_cols; ++c) {
      const double level = std::round(255.0 * (pixels(r, c) - low) / span);
      out.put(static_cast<char>(static_cast<unsigned char>(std::clamp(level, 0.0, 255.0))));
    }
}

}  // namespace mixfit
