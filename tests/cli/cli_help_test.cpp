// `mixfit COMMAND --help` / `-h`: the command's usage and options on stdout, exit 0 (issue 16 item 7).
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"

#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(cli_help_test)

using namespace mixfit::testing;

namespace {

struct CommandCase {
  std::string command;
  std::string option;  ///< one of its options, as --help lists it
};

const std::vector<CommandCase> kCommands = {
    {"run", "--set"},        {"reproduce", "--base-dir"}, {"validate", "--set"}, {"predict", "--model"},
    {"score", "--model"},    {"sample", "--seed"},        {"plot", "--format"},  {"describe", "--plugin"},
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(every_command_prints_its_usage_for_help_and_h) {
  for (const CommandCase& c : kCommands)
    for (const std::string flag : {"--help", "-h"}) {
      BOOST_TEST_CONTEXT("mixfit " << c.command << " " << flag) {
        const CommandResult result = run_mixfit({c.command, flag});
        BOOST_TEST(result.exit_code == 0, result.err);
        BOOST_TEST(contains(result.out, "usage: mixfit " + c.command), result.out);
        BOOST_TEST(contains(result.out, c.option), result.out);
        BOOST_TEST(contains(result.out, "--help"));
        BOOST_TEST(result.err.empty(), result.err);
      }
    }
}

BOOST_AUTO_TEST_CASE(help_wins_over_missing_required_arguments) {
  // sample needs --model and -n, predict a data file: --help must not complain about them.
  const CommandResult sample = run_mixfit({"sample", "--help", "--seed", "3"});
  BOOST_TEST(sample.exit_code == 0, sample.err);
  const CommandResult predict = run_mixfit({"predict", "--model", "missing.yaml", "--help"});
  BOOST_TEST(predict.exit_code == 0, predict.err);
  BOOST_TEST(contains(predict.out, "usage: mixfit predict"));
}

BOOST_AUTO_TEST_CASE(the_general_usage_points_to_command_help) {
  const CommandResult result = run_mixfit({"--help"});
  BOOST_TEST(result.exit_code == 0);
  BOOST_TEST(contains(result.out, "mixfit <command> --help"));
  for (const CommandCase& c : kCommands) BOOST_TEST(contains(result.out, "  " + c.command + " "), c.command);
}

BOOST_AUTO_TEST_SUITE_END()  // cli_help_test
