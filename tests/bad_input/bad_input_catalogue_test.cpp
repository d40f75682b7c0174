// The bad-input catalogue: every folder under cases/ must fail with its exit code, a message holding
// each expected fragment (what is wrong and where), and no file left behind (see README.md here).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(bad_input_catalogue_test)

using namespace mixfit::testing;
namespace fs = std::filesystem;
namespace data = boost::unit_test::data;

namespace {

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(MIXFIT_BAD_INPUT_CASES))
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::string substitute(const std::string& text, const std::string& dir) {
  return replace_all(replace_all(text, "{dir}", dir), "{test_plugins}", MIXFIT_TEST_PLUGIN_DIR);
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Copies the case's files (not expect.yaml) into `dir`, substituting the
// placeholders in text files; binary files (any NUL byte) are copied as they are.
void lay_out(const fs::path& source, const std::string& dir) {
  for (const auto& entry : fs::recursive_directory_iterator(source)) {
    const fs::path relative = fs::relative(entry.path(), source);
    const fs::path target = fs::path(dir) / relative;
    if (relative == "expect.yaml") continue;
    if (entry.is_directory()) {
      fs::create_directories(target);
      continue;
    }
    std::string bytes = read_bytes(entry.path());
    if (bytes.find('\0') == std::string::npos) bytes = substitute(bytes, dir);
    std::ofstream(target, std::ios::binary) << bytes;
  }
}

// Every path under `dir`, relative to it, hidden staging folders included.
std::set<std::string> listing(const std::string& dir) {
  std::set<std::string> paths;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) paths.insert(fs::relative(entry.path(), dir).string());
  return paths;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_catalogue_covers_at_least_forty_cases) { BOOST_TEST(case_names().size() >= 40u); }

BOOST_DATA_TEST_CASE(each_case_fails_cleanly, data::make(case_names()), name) {
  BOOST_TEST_CONTEXT("case " << name) {
    const fs::path source = fs::path(MIXFIT_BAD_INPUT_CASES) / name;
    const YAML::Node expect = YAML::LoadFile((source / "expect.yaml").string());
    BOOST_REQUIRE_MESSAGE(expect["why"] && expect["message"] && expect["message"].size() > 0,
                          "expect.yaml needs why: and at least one message: fragment");
    TempDir dir;
    lay_out(source, dir.path());
    const std::set<std::string> before = listing(dir.path());

    std::vector<std::string> args;
    if (expect["command"]) {
      for (const auto& arg : expect["command"]) args.push_back(substitute(arg.as<std::string>(), dir.path()));
    } else {
      args = {"run", "experiment.yaml"};
    }
    // Bare file names given as arguments are the case's own files.
    for (auto& arg : args)
      if (!arg.empty() && arg[0] != '-' && fs::exists(dir.file(arg))) arg = dir.file(arg);
    const int expected_exit = expect["exit_code"] ? expect["exit_code"].as<int>() : 1;

    const CommandResult result = run_mixfit(args);
    BOOST_TEST(result.exit_code == expected_exit, "stderr: " << result.err);
    for (const auto& fragment : expect["message"]) {
      const std::string wanted = substitute(fragment.as<std::string>(), dir.path());
      BOOST_TEST(result.err.find(wanted) != std::string::npos, "expected '" << wanted << "' in: " << result.err);
    }
    // One message, not a crash dump or a wall of text.
    BOOST_TEST(result.err.find("terminate called") == std::string::npos);
    BOOST_TEST(result.err.size() < 2000u, "stderr is " << result.err.size() << " bytes: " << result.err);
    const std::set<std::string> after = listing(dir.path());
    std::vector<std::string> left_behind;
    std::set_difference(after.begin(), after.end(), before.begin(), before.end(), std::back_inserter(left_behind));
    BOOST_TEST(left_behind.empty(), "left behind: " << (left_behind.empty() ? "" : left_behind.front()));
  }
}

BOOST_AUTO_TEST_SUITE_END()  // bad_input_catalogue_test
