// The CBLAS calls behind the full-covariance E-step and second moments.
#include "triangular_kernels.hpp"

#include <cblas.h>

namespace mixfit::detail {

void lower_triangular_times(const arma::mat& lower, arma::mat& y) {
  if (y.n_elem == 0) return;
  const auto d = static_cast<blasint>(y.n_rows);
  cblas_dtrmm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, d, static_cast<blasint>(y.n_cols),
              1.0, lower.memptr(), d, y.memptr(), d);
}

void add_outer_products(const arma::mat& y, arma::mat& second) {
  if (y.n_elem == 0) return;
  const auto d = static_cast<blasint>(y.n_rows);
  // second is a view into the statistics; syrk updates its lower triangle.
  cblas_dsyrk(CblasColMajor, CblasLower, CblasNoTrans, d, static_cast<blasint>(y.n_cols), 1.0, y.memptr(), d, 1.0,
              second.memptr(), d);
  second = arma::symmatl(second);
}

}  // namespace mixfit::detail
