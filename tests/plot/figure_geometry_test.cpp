// The numbers behind the figures: ellipses, projections, densities, contour levels, histograms, quoting, image shapes.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/error.hpp"
#include "mixfit/plot/figure_geometry.hpp"
#include "mixfit/plot/figures.hpp"
#include "mixfit/plot/gaussian_components.hpp"
#include "mixfit/plot/gnuplot_runner.hpp"
#include "mixfit/plot/plane_projection.hpp"
#include "support/model_builders.hpp"

#include <cmath>

BOOST_AUTO_TEST_SUITE(figure_geometry_test)

using namespace mixfit::plot;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_CASE(sigma_ellipses_lie_at_their_mahalanobis_distance) {
  const arma::vec mean{1.0, -2.0};
  const arma::mat covariance{{2.0, 0.8}, {0.8, 1.0}};
  const arma::mat precision = arma::inv_sympd(covariance);
  for (const double n : {1.0, 2.0, 3.0}) {
    const arma::mat curve = sigma_ellipse(mean, covariance, n, 64);
    BOOST_TEST(curve.n_cols == 65u);
    BOOST_TEST(arma::approx_equal(curve.col(0), curve.col(64), "absdiff", 1e-12));  // closed
    for (arma::uword i = 0; i < curve.n_cols; ++i) {
      const arma::vec d = curve.col(i) - mean;
      BOOST_TEST(std::sqrt(arma::as_scalar(d.t() * precision * d)) == n, tt::tolerance(1e-12));
    }
  }
}

BOOST_AUTO_TEST_CASE(principal_components_project_means_and_covariances) {
  // Data spread along (1, 1, 0) most, then along z, hardly along (1, −1, 0).
  arma::mat data(3, 400);
  for (arma::uword n = 0; n < data.n_cols; ++n) {
    const double t = std::sin(0.37 * n) * 5.0, s = std::cos(1.3 * n) * 2.0, r = std::sin(2.9 * n) * 0.1;
    data.col(n) = arma::vec{t + r + 1.0, t - r, s + 3.0};
  }
  const PlaneProjection projection = plane_projection(data, {"a", "b", "c"});
  BOOST_TEST(arma::approx_equal(projection.basis.t() * projection.basis, arma::eye(2, 2), "absdiff", 1e-12));
  BOOST_TEST(std::abs(projection.basis(0, 0)) == std::sqrt(0.5), tt::tolerance(1e-3));
  BOOST_TEST(std::abs(projection.basis(2, 1)) == 1.0, tt::tolerance(1e-3));
  BOOST_TEST(projection.x_label.find("principal component 1") == 0u);

  GaussianComponents mixture;
  mixture.weights = {1.0};
  mixture.means = {arma::vec{2.0, 1.0, 4.0}};
  mixture.covariances = {arma::mat{{2.0, 0.5, 0.1}, {0.5, 1.0, 0.2}, {0.1, 0.2, 3.0}}};
  const GaussianComponents plane = project_components(projection, mixture);
  const arma::mat& b = projection.basis;
  BOOST_TEST(arma::approx_equal(plane.means[0], b.t() * (mixture.means[0] - projection.centre), "absdiff", 1e-12));
  BOOST_TEST(arma::approx_equal(plane.covariances[0], b.t() * mixture.covariances[0] * b, "absdiff", 1e-12));
  // Projecting a point and projecting the mean agree (the map is affine).
  BOOST_TEST(arma::approx_equal(project_points(projection, mixture.means[0]), plane.means[0], "absdiff", 1e-12));
  // 2-D data keep their own axes.
  const PlaneProjection identity = plane_projection(data.rows(0, 1), {"x", "y"});
  BOOST_TEST(arma::approx_equal(project_points(identity, data.rows(0, 1)), data.rows(0, 1), "absdiff", 0.0));
  BOOST_TEST(identity.x_label == "x");
}

BOOST_AUTO_TEST_CASE(mixture_density_is_the_weighted_sum_of_components) {
  GaussianComponents mixture;
  mixture.weights = {0.25, 0.75};
  mixture.means = {arma::vec{0.0}, arma::vec{3.0}};
  mixture.covariances = {arma::mat(1, 1, arma::fill::value(1.0)), arma::mat(1, 1, arma::fill::value(4.0))};
  const arma::mat x = {{-1.0, 0.0, 2.5, 7.0}};
  const arma::vec density = mixture_density(mixture, x);
  for (arma::uword i = 0; i < x.n_cols; ++i) {
    const double v = x(0, i);
    const double expected = 0.25 * std::exp(-0.5 * v * v) / std::sqrt(2 * M_PI) +
                            0.75 * std::exp(-0.5 * (v - 3) * (v - 3) / 4) / std::sqrt(2 * M_PI * 4);
    BOOST_TEST(density(i) == expected, tt::tolerance(1e-13));
    BOOST_TEST(weighted_component_density(mixture, 0, x.col(i))(0) + weighted_component_density(mixture, 1, x.col(i))(0) ==
                   expected,
               tt::tolerance(1e-13));
  }
}

BOOST_AUTO_TEST_CASE(contour_levels_enclose_the_requested_shares) {
  const arma::vec density = arma::regspace(1.0, 100.0);  // 100 distinct densities
  const arma::vec levels = contour_levels(density, arma::vec{0.5, 0.9});
  BOOST_TEST_REQUIRE(levels.n_elem == 2u);
  // The 90% contour is lower than the 50% one; points at or above each level hold that share.
  BOOST_TEST(arma::accu(density >= levels(0)) == 90u);
  BOOST_TEST(arma::accu(density >= levels(1)) == 50u);
}

BOOST_AUTO_TEST_CASE(histogram_is_a_density) {
  arma::vec values(1000);
  for (arma::uword i = 0; i < values.n_elem; ++i) values(i) = std::sin(0.1 * i) * 3.0 + 0.001 * i;
  const Histogram histogram = density_histogram(values);
  BOOST_TEST(histogram.centres.n_elem >= 10u);
  BOOST_TEST(histogram.centres.n_elem <= 80u);
  BOOST_TEST(arma::accu(histogram.densities) * histogram.width == 1.0, tt::tolerance(1e-12));
}

// The figures read no family's keys: the gaussian family's moments give every covariance type as a full matrix.
BOOST_AUTO_TEST_CASE(gaussian_covariance_types_reach_the_figures_as_full_matrices) {
  const mixfit::FamilyRegistry registry = mixfit::testing::build_tree_registry();
  const auto components = [&](const std::string& covariance, const std::string& parameters, std::size_t k_count) {
    const YAML::Node options = registry.resolve_options("gaussian", YAML::Load("{covariance: " + covariance + "}"),
                                                        {"test", "model.options"});
    const std::vector<mixfit::ColumnSpec> columns = {{"a", mixfit::ColumnKind::real, 0, {}},
                                                     {"b", mixfit::ColumnKind::real, 1, {}}};
    const auto family = registry.create("gaussian", mixfit::FamilySpec{k_count, columns, options, "test", &registry});
    const std::optional<GaussianComponents> result = moment_components(*family, YAML::Load(parameters), "model.yaml");
    BOOST_TEST_REQUIRE(result.has_value());
    return *result;
  };
  const GaussianComponents d = components(
      "diag", "{weights: [0.5, 0.5], components: [{mean: [0, 1], covariance: [2, 3]}, {mean: [1, 0], covariance: [4, 5]}]}", 2);
  BOOST_TEST(arma::approx_equal(d.covariances[1], arma::mat{{4, 0}, {0, 5}}, "reldiff", 1e-15));
  BOOST_TEST(arma::approx_equal(d.means[0], arma::vec{0, 1}, "absdiff", 0.0));
  BOOST_TEST(d.weights(1) == 0.5);
  const GaussianComponents s = components("spherical", "{weights: [1], components: [{mean: [0, 1], covariance: 2.5}]}", 1);
  BOOST_TEST(arma::approx_equal(s.covariances[0], 2.5 * arma::eye(2, 2), "reldiff", 1e-15));
  const GaussianComponents t = components("tied", "{weights: [0.5, 0.5], components: [{mean: [0, 1]}, {mean: [1, 0]}], "
                                                  "shared: {covariance: [[1, 0.5], [0.5, 2]]}}", 2);
  BOOST_TEST(arma::approx_equal(t.covariances[0], arma::mat{{1, 0.5}, {0.5, 2}}, "reldiff", 1e-15));
  BOOST_TEST(arma::approx_equal(t.covariances[0], t.covariances[1], "absdiff", 0.0));
  const GaussianComponents f = components("full", "{weights: [1], components: [{mean: [0, 1], covariance: [[1, 0.3], [0.3, 2]]}]}", 1);
  BOOST_TEST(arma::approx_equal(f.covariances[0], arma::mat{{1, 0.3}, {0.3, 2}}, "reldiff", 1e-15));
  BOOST_CHECK_THROW(components("full", "{weights: [1], components: [{mean: [0]}]}", 1), mixfit::ConfigError);
}

BOOST_AUTO_TEST_CASE(gnuplot_strings_are_quoted) {
  BOOST_TEST(gnuplot_string("plain") == "\"plain\"");
  BOOST_TEST(gnuplot_string("it's \"x\"\\y") == "\"it's \\\"x\\\"\\\\y\"");
  BOOST_TEST(gnuplot_string("two\nlines\tand a tab") == "\"two\\nlines and a tab\"");
}

BOOST_AUTO_TEST_CASE(component_images_take_the_configured_shape_else_a_square_else_a_row) {
  std::size_t width = 0, height = 0;
  component_image_shape(YAML::Load("{output: {component_images: {width: 16, height: 4}}}"), 64, width, height);
  BOOST_TEST((width == 16u && height == 4u));
  component_image_shape(YAML::Load("{output: {}}"), 64, width, height);
  BOOST_TEST((width == 8u && height == 8u));
  component_image_shape(YAML::Load("{output: {}}"), 12, width, height);
  BOOST_TEST((width == 12u && height == 1u));
}

BOOST_AUTO_TEST_SUITE_END()
