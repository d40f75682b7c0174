// Product Gauss–Legendre grids mapped onto the half-line, the real line and intervals.
#include "mixfit/conformance/quadrature.hpp"

#include "mixfit/core/error.hpp"

#include <cmath>
#include <functional>
#include <numbers>
#include <vector>

namespace mixfit::conformance {
namespace {

// Gauss–Legendre nodes and weights on (−1, 1) by Newton's method on P_n (Golub–Welsch's
// alternative; Numerical Recipes §4.6 gauleg), accurate to rounding for n ≤ a few hundred.
void gauss_legendre(std::size_t n, std::vector<double>& nodes, std::vector<double>& weights) {
  nodes.assign(n, 0.0);
  weights.assign(n, 0.0);
  for (std::size_t i = 0; i < (n + 1) / 2; ++i) {
    double z = std::cos(std::numbers::pi * (static_cast<double>(i) + 0.75) / (static_cast<double>(n) + 0.5));
    double derivative = 0.0;
    for (int iteration = 0; iteration < 100; ++iteration) {
      double p0 = 1.0, p1 = 0.0;  // P_j(z) by the three-term recurrence
      for (std::size_t j = 1; j <= n; ++j) {
        const double p2 = p1;
        p1 = p0;
        p0 = ((2.0 * j - 1.0) * z * p1 - (j - 1.0) * p2) / static_cast<double>(j);
      }
      derivative = static_cast<double>(n) * (z * p0 - p1) / (z * z - 1.0);
      const double step = p0 / derivative;
      z -= step;
      if (std::abs(step) < 1e-16) break;
    }
    nodes[i] = -z;
    nodes[n - 1 - i] = z;
    weights[i] = weights[n - 1 - i] = 2.0 / ((1.0 - z * z) * derivative * derivative);
  }
}

// One column's rule: the nodes t_i, w_i on (−1, 1) mapped by x = map(t) with weight w_i·|dx/dt|.
using ColumnMap = std::function<void(double t, double& x, double& jacobian)>;

QuadratureGrid product_grid(const std::vector<ColumnMap>& columns, std::size_t nodes) {
  if (columns.empty() || nodes == 0) throw Error("quadrature grid: needs at least one column and one node");
  std::vector<double> t, w;
  gauss_legendre(nodes, t, w);
  const std::size_t d_count = columns.size();
  std::vector<std::vector<double>> x(d_count, std::vector<double>(nodes)), v(d_count, std::vector<double>(nodes));
  for (std::size_t d = 0; d < d_count; ++d)
    for (std::size_t i = 0; i < nodes; ++i) {
      double jacobian = 0.0;
      columns[d](t[i], x[d][i], jacobian);
      v[d][i] = w[i] * jacobian;
    }
  std::size_t m = 1;
  for (std::size_t d = 0; d < d_count; ++d) m *= nodes;
  QuadratureGrid grid{arma::mat(d_count, m), arma::vec(m)};
  for (std::size_t point = 0; point < m; ++point) {
    double weight = 1.0;
    for (std::size_t d = 0, rest = point; d < d_count; ++d, rest /= nodes) {
      grid.points(d, point) = x[d][rest % nodes];
      weight *= v[d][rest % nodes];
    }
    grid.weights(point) = weight;
  }
  return grid;
}

}  // namespace

QuadratureGrid half_line_grid(const arma::vec& scales, std::size_t nodes) {
  std::vector<ColumnMap> columns;
  for (const double s : scales)
    columns.emplace_back([s](double t, double& x, double& jacobian) {
      const double u = 0.5 * (t + 1.0);  // (−1, 1) → (0, 1)
      x = s * u / (1.0 - u);
      jacobian = 0.5 * s / ((1.0 - u) * (1.0 - u));
    });
  return product_grid(columns, nodes);
}

QuadratureGrid real_line_grid(const arma::vec& centres, const arma::vec& scales, std::size_t nodes) {
  if (centres.n_elem != scales.n_elem) throw Error("real_line_grid: one centre per scale");
  std::vector<ColumnMap> columns;
  for (std::size_t d = 0; d < scales.n_elem; ++d)
    columns.emplace_back([c = centres(d), s = scales(d)](double t, double& x, double& jacobian) {
      x = c + s * t / (1.0 - t * t);
      jacobian = s * (1.0 + t * t) / ((1.0 - t * t) * (1.0 - t * t));
    });
  return product_grid(columns, nodes);
}

QuadratureGrid interval_grid(const arma::vec& low, const arma::vec& high, std::size_t nodes) {
  if (low.n_elem != high.n_elem) throw Error("interval_grid: one upper end per lower end");
  std::vector<ColumnMap> columns;
  for (std::size_t d = 0; d < low.n_elem; ++d)
    columns.emplace_back([a = low(d), b = high(d)](double t, double& x, double& jacobian) {
      x = 0.5 * (a + b) + 0.5 * (b - a) * t;
      jacobian = 0.5 * (b - a);
    });
  return product_grid(columns, nodes);
}

}  // namespace mixfit::conformance
