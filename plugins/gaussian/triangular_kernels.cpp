// The CBLAS calls (TRMM, SYRK) behind the full-covariance E-step and statistics, and the loops around them.
#include "triangular_kernels.hpp"

#include "mixfit/math/vector_clones.hpp"

#include <cblas.h>

namespace mixfit::detail {

namespace {

// ‖column‖² as four interleaved partial sums: a fixed order, and vectorisable.
[[gnu::always_inline]] inline double squared_norm(const double* column, arma::uword d) {
  double partial[4] = {0.0, 0.0, 0.0, 0.0};
  arma::uword i = 0;
  for (; i + 4 <= d; i += 4)
    for (int lane = 0; lane < 4; ++lane) partial[lane] += column[i + lane] * column[i + lane];
  for (; i < d; ++i) partial[0] += column[i] * column[i];
  return (partial[0] + partial[1]) + (partial[2] + partial[3]);
}

}  // namespace

void lower_triangular_times(const arma::mat& lower, arma::mat& y) {
  if (y.n_elem == 0) return;
  const auto d = static_cast<blasint>(y.n_rows);
  cblas_dtrmm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, d, static_cast<blasint>(y.n_cols),
              1.0, lower.memptr(), d, y.memptr(), d);
}

MIXFIT_VECTOR_CLONES void subtract_from_columns(const arma::mat& x, const double* mean, arma::mat& out) {
  const arma::uword d = x.n_rows;
  for (arma::uword j = 0; j < x.n_cols; ++j) {
    const double* row = x.colptr(j);
    double* column = out.colptr(j);
    for (arma::uword i = 0; i < d; ++i) column[i] = row[i] - mean[i];
  }
}

MIXFIT_VECTOR_CLONES void write_log_densities(const arma::mat& z, double constant, double* scores,
                                              std::size_t stride) {
  const arma::uword d = z.n_rows;
  for (arma::uword j = 0; j < z.n_cols; ++j) scores[j * stride] = -0.5 * (constant + squared_norm(z.colptr(j), d));
}

MIXFIT_VECTOR_CLONES void write_log_densities_and_centre(arma::mat& z, double constant, double* scores,
                                                         std::size_t stride, const arma::mat& x,
                                                         const double* next_mean) {
  const arma::uword d = z.n_rows;
  for (arma::uword j = 0; j < z.n_cols; ++j) {
    double* column = z.colptr(j);
    scores[j * stride] = -0.5 * (constant + squared_norm(column, d));
    const double* row = x.colptr(j);
    for (arma::uword i = 0; i < d; ++i) column[i] = row[i] - next_mean[i];
  }
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
