// Cells whose level is not in the dictionary: `unseen: error` names file, line and column; `ignore` marginalises them out.
#include <boost/test/unit_test.hpp>

#include "categorical_test_support.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/data/csv_reader.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/mixing/maximum_likelihood_weights.hpp"

BOOST_AUTO_TEST_SUITE(unseen_levels_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

const std::vector<std::size_t> kLevels{2, 3, 4};

CategoricalOptions with_unseen(UnseenLevels unseen) { return CategoricalOptions{1e-10, std::nullopt, unseen}; }

/// Five rows; row 3 (line 5 of the file) has an unseen level in column c1.
Dataset data_with_unseen_cell() {
  arma::Mat<std::uint16_t> codes = {{0, 1, 1, 0, 1}, {2, 0, 1, 1, 2}, {3, 0, 2, 1, 0}};
  codes(1, 3) = kUnseenLevel;
  return categorical_dataset(codes, kLevels, "new.csv");
}

/// The DataError message of `call`, or "" if it did not throw one.
template <class Call>
std::string data_error(Call call) {
  try {
    call();
  } catch (const DataError& e) {
    return e.what();
  }
  return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(error_names_file_line_and_column) {
  CategoricalFamily family = fitted_family(2, kLevels, 3, with_unseen(UnseenLevels::error));
  const Dataset data = data_with_unseen_cell();
  const DataBlock block(data, 2, 3, 1);  // rows 2..4: the unseen cell is the block's second row
  arma::mat scores;
  const std::string scoring = data_error([&] { family.log_likelihood(block, scores); });
  BOOST_TEST(scoring.rfind("new.csv:5: column 'c1': level not in the column's level dictionary", 0) == 0u, scoring);
  BOOST_TEST(scoring.find("unseen: ignore") != std::string::npos, scoring);
  SufficientStatistics stats(family.stat_layout());
  const std::string accumulating =
      data_error([&] { family.accumulate(block, random_weights(2, 3, 1), stats); });
  BOOST_TEST(accumulating.rfind("new.csv:5: column 'c1':", 0) == 0u, accumulating);
  // Rows without the cell are fine.
  BOOST_CHECK_NO_THROW(family.log_likelihood(DataBlock(data, 0, 3, 0), scores));
}

BOOST_AUTO_TEST_CASE(a_code_beyond_the_levels_is_an_error_under_either_policy) {
  arma::Mat<std::uint16_t> codes(3, 1, arma::fill::zeros);
  codes(1, 0) = 3;  // column c1 has only 3 levels
  const Dataset data = categorical_dataset(codes, {2, 5, 4}, "odd.csv");
  CategoricalFamily family = fitted_family(1, kLevels, 3, with_unseen(UnseenLevels::ignore));
  arma::mat scores;
  const std::string message = data_error([&] { family.log_likelihood(DataBlock(data, 0, 1, 0), scores); });
  BOOST_TEST(message.find("odd.csv:2: column 'c1': level code 3 is outside") == 0u, message);
}

BOOST_AUTO_TEST_CASE(ignore_scores_the_row_as_if_the_column_were_absent) {
  const CategoricalFamily family = fitted_family(3, kLevels, 7, with_unseen(UnseenLevels::ignore));
  const Dataset data = data_with_unseen_cell();
  arma::mat scores;
  family.log_likelihood(DataBlock(data, 0, 5, 0), scores);

  // The same model without column c1.
  CategoricalFamily without(3, LevelLayout({"c0", "c2"}, {2, 4}), with_unseen(UnseenLevels::error));
  arma::mat table(3, 6);
  table.cols(0, 1) = family.probabilities().cols(0, 1);
  table.cols(2, 5) = family.probabilities().cols(5, 8);
  without.set_probabilities(table);
  arma::Mat<std::uint16_t> reduced = data.categorical.rows(arma::uvec{0, 2});
  const Dataset reduced_data = categorical_dataset(reduced, {2, 4});
  arma::mat reduced_scores;
  without.log_likelihood(DataBlock(reduced_data, 0, 5, 0), reduced_scores);
  BOOST_TEST(identical(scores.col(3), reduced_scores.col(3)));
  // Other rows keep their c1 term.
  BOOST_TEST(arma::all(arma::vectorise(scores.col(0) < reduced_scores.col(0))));
}

BOOST_AUTO_TEST_CASE(ignore_adds_nothing_to_the_statistics_and_the_m_step_normalises_by_observed_weight) {
  CategoricalFamily family(2, layout_of(kLevels), CategoricalOptions{0.0, std::nullopt, UnseenLevels::ignore});
  const Dataset data = data_with_unseen_cell();
  const arma::mat weights = random_weights(2, 5, 4);
  const SufficientStatistics stats = statistics_for(family, data, weights);
  for (std::size_t k = 0; k < 2; ++k) {
    const double total = arma::accu(weights.row(k));
    BOOST_TEST(arma::accu(stats.component_matrix(k, 0, 2, 1)) == total, boost::test_tools::tolerance(1e-14));
    // c1 lacks row 3's weight.
    BOOST_TEST(arma::accu(stats.component_matrix(k, 2, 3, 1)) == total - weights(k, 3),
               boost::test_tools::tolerance(1e-14));
  }
  family.maximize(stats, Estimator::maximum_likelihood);
  for (std::size_t k = 0; k < 2; ++k)
    for (std::size_t j = 0; j < kLevels.size(); ++j)
      BOOST_TEST(arma::accu(family.probabilities(k, j)) == 1.0, boost::test_tools::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(levels_fixed_beforehand_reach_the_family_as_unseen_cells) {
  // Levels fixed as [red, green] (as data.levels or a fitted model would): "blue" on line 4 is unseen.
  TempDir dir;
  const std::string path = dir.file("colours.csv");
  write_text(path, "colour,size\nred,S\ngreen,L\nblue,S\nred,L\n");
  const Dataset data = read_table(path, {{"colour", ColumnKind::categorical, {"red", "green"}},
                                         {"size", ColumnKind::categorical, {}}});
  BOOST_TEST_REQUIRE(data.categorical(0, 2) == kUnseenLevel);
  for (const UnseenLevels policy : {UnseenLevels::error, UnseenLevels::ignore}) {
    auto family = std::make_unique<CategoricalFamily>(
        2, LevelLayout({"colour", "size"}, {2, 2}), CategoricalOptions{1e-10, std::nullopt, policy});
    family->set_probabilities(arma::mat{{0.9, 0.1, 0.8, 0.2}, {0.2, 0.8, 0.3, 0.7}});
    const MixtureModel model(std::make_unique<MaximumLikelihoodWeights>(2), std::move(family), YAML::Node(),
                             data.columns);
    const BlockPlan plan{data.num_rows(), 2};
    if (policy == UnseenLevels::error) {
      const std::string message = data_error([&] { statistics_pass(model, data, plan, Assignment::soft); });
      BOOST_TEST(message.rfind(path + ":4: column 'colour':", 0) == 0u, message);
    } else {
      arma::vec row_log_likelihood;
      statistics_pass(model, data, plan, Assignment::soft, RowOutputs{nullptr, nullptr, &row_log_likelihood});
      // Row 2 is scored on size alone: log(½·0.8 + ½·0.3).
      BOOST_TEST(row_log_likelihood(2) == std::log(0.5 * 0.8 + 0.5 * 0.3), boost::test_tools::tolerance(1e-14));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()  // unseen_levels_test
