// Lloyd's k-means against scikit-learn 1.2.1 from the recorded centroids, and k-means++ seeding.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/random_streams.hpp"
#include "mixfit/inference/k_means.hpp"
#include "mixfit/init/k_means_plus_plus.hpp"
#include "mixfit/parallel/worker_pool.hpp"
#include "support/fixtures.hpp"
#include "support/model_builders.hpp"

BOOST_AUTO_TEST_SUITE(k_means_fixture_test)

namespace tt = boost::test_tools;
using namespace mixfit;
using namespace mixfit::testing;

namespace {

void check_fixture(const std::string& file_name) {
  const YAML::Node fixture = load_fixture(file_name);
  const Dataset data = three_blobs();
  const arma::mat start = to_columns(fixture["init"]["centroids"]);
  // The recorded centroids are the rows named in the fixture.
  const YAML::Node rows = fixture["init"]["row_indices"];
  for (std::size_t k = 0; k < rows.size(); ++k)
    BOOST_TEST(arma::approx_equal(start.col(k), data.real.col(rows[k].as<std::size_t>()), "absdiff", 0.0));

  const KMeansResult result = lloyd_k_means(data, {data.num_rows(), 4096}, start, 300);
  const YAML::Node expected = fixture["expected"];
  const arma::vec expected_trace = to_vec(expected["inertia_trace"]);
  BOOST_REQUIRE_EQUAL(result.report.trace.size(), expected_trace.n_elem);
  BOOST_TEST(result.report.n_iter == expected["n_iter"].as<std::size_t>());
  for (std::size_t i = 0; i < expected_trace.n_elem; ++i)
    BOOST_TEST(result.report.trace[i].objective == expected_trace(i), tt::tolerance(1e-10));
  BOOST_TEST(max_relative_error(result.centroids.t(), to_mat(expected["centroids"])) < 1e-10);
  const arma::uvec expected_labels = arma::conv_to<arma::uvec>::from(to_vec(expected["labels"]));
  BOOST_TEST(arma::accu(result.labels != expected_labels) == 0u);
  BOOST_TEST(result.inertia == expected["inertia"].as<double>(), tt::tolerance(1e-10));
}

}  // namespace

BOOST_AUTO_TEST_CASE(lloyd_from_given_rows_matches_scikit_learn) { check_fixture("three_blobs_kmeans.json"); }
BOOST_AUTO_TEST_CASE(lloyd_from_kmeans_plus_plus_rows_matches_scikit_learn) { check_fixture("three_blobs_kmeans_pp.json"); }

BOOST_AUTO_TEST_CASE(lloyd_gives_the_same_bits_on_any_number_of_threads_with_or_without_a_pool) {
  // Blocks of 37 rows so the 3000 rows make 82 blocks that the threads share unevenly.
  const YAML::Node fixture = load_fixture("three_blobs_kmeans.json");
  const Dataset data = three_blobs();
  const arma::mat start = to_columns(fixture["init"]["centroids"]);
  const KMeansResult one = lloyd_k_means(data, {data.num_rows(), 37, 1}, start, 300);
  BOOST_TEST(max_relative_error(one.centroids.t(), to_mat(fixture["expected"]["centroids"])) < 1e-10);
  for (const std::size_t threads : {2u, 5u}) {
    for (const bool pooled : {false, true}) {
      WorkerPool pool(threads);
      BlockPlan plan{data.num_rows(), 37, threads};
      if (pooled) plan.workers = &pool;
      const KMeansResult other = lloyd_k_means(data, plan, start, 300);
      BOOST_TEST(arma::approx_equal(other.centroids, one.centroids, "absdiff", 0.0));
      BOOST_TEST(arma::all(other.labels == one.labels));
      BOOST_TEST(other.inertia == one.inertia);
      BOOST_REQUIRE_EQUAL(other.report.trace.size(), one.report.trace.size());
      for (std::size_t i = 0; i < one.report.trace.size(); ++i)
        BOOST_TEST(other.report.trace[i].objective == one.report.trace[i].objective);
    }
  }
}

BOOST_AUTO_TEST_CASE(kmeans_plus_plus_is_deterministic_and_spreads_seeds) {
  const Dataset data = three_blobs();
  RandomStream a = derive_stream(7, "restart", 0);
  RandomStream b = derive_stream(7, "restart", 0);
  RandomStream c = derive_stream(7, "restart", 1);
  const arma::uvec first = k_means_plus_plus(data, 3, a);
  BOOST_TEST(arma::all(first == k_means_plus_plus(data, 3, b)));
  BOOST_TEST(!arma::all(first == k_means_plus_plus(data, 3, c)));
  // The three blobs are far apart: k-means++ puts one seed in each (rows 0-999, 1000-1999, 2000-2999).
  arma::uvec blobs = arma::sort(first / 1000);
  BOOST_TEST(blobs(0) == 0u);
  BOOST_TEST(blobs(1) == 1u);
  BOOST_TEST(blobs(2) == 2u);
}

BOOST_AUTO_TEST_CASE(random_rows_are_distinct) {
  const Dataset data = three_blobs();
  RandomStream stream = derive_stream(1, "restart", 0);
  const arma::uvec rows = random_rows(data, 50, stream);
  BOOST_TEST(arma::unique(rows).eval().n_elem == 50u);
}

BOOST_AUTO_TEST_SUITE_END()  // k_means_fixture_test
