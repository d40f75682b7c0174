// The plugin loader: the real gaussian plugin loads; every broken plugin fails with a message naming it; a
// plugin the user names may replace a built-in family.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/error.hpp"
#include "mixfit/plugin/plugin_api.hpp"
#include "mixfit/plugin/plugin_loader.hpp"

#include <cstdlib>

BOOST_AUTO_TEST_SUITE(plugin_loader_test)

using namespace mixfit;

namespace {

std::string test_plugin(const std::string& name) {
  return std::string(MIXFIT_TEST_PLUGIN_DIR) + "/libmixfit_" + name + ".so";
}

// Loads `path` into a registry that already has the built-in plugins and
// returns the PluginError message ("" if none was thrown).
std::string load_error(const std::string& path) {
  FamilyRegistry registry;
  PluginLoader loader(registry);
  loader.load_directory(MIXFIT_BUILD_PLUGIN_DIR);
  try {
    loader.load_file(path);
  } catch (const PluginError& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& fragment) { return text.find(fragment) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(built_in_gaussian_plugin_registers_with_its_source) {
  FamilyRegistry registry;
  PluginLoader loader(registry);
  loader.load_directory(MIXFIT_BUILD_PLUGIN_DIR);
  BOOST_TEST(registry.contains("gaussian"));
  BOOST_TEST(contains(registry.get("gaussian").source, "libmixfit_gaussian.so"));
  // Loading the same files twice is harmless.
  const auto before = registry.names();
  loader.load_directory(MIXFIT_BUILD_PLUGIN_DIR);
  BOOST_TEST(registry.names() == before, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(wrong_abi_version_names_both_versions) {
  const std::string message = load_error(test_plugin("wrong_abi"));
  BOOST_TEST(contains(message, "libmixfit_wrong_abi.so"));
  BOOST_TEST(contains(message, "version 999"));
  BOOST_TEST(contains(message, "supports version " + std::to_string(kPluginAbiVersion)));
  BOOST_TEST(contains(message, "rebuild it against this mixfit (cmake -DCMAKE_PREFIX_PATH="));
  BOOST_TEST(contains(message, "its sources need no change"));
}

BOOST_AUTO_TEST_CASE(wrong_build_tag_names_both_tags) {
  const std::string message = load_error(test_plugin("wrong_build_tag"));
  BOOST_TEST(contains(message, "libmixfit_wrong_build_tag.so"));
  BOOST_TEST(contains(message, "msvc-19"));
  BOOST_TEST(contains(message, MIXFIT_PLUGIN_BUILD_TAG));
}

BOOST_AUTO_TEST_CASE(library_without_entry_point) {
  const std::string message = load_error(test_plugin("no_entry_point"));
  BOOST_TEST(contains(message, "libmixfit_no_entry_point.so"));
  BOOST_TEST(contains(message, "mixfit_plugin_info"));
}

BOOST_AUTO_TEST_CASE(duplicate_family_names_both_libraries) {
  const std::string message = load_error(test_plugin("duplicate_gaussian"));
  BOOST_TEST(contains(message, "'gaussian' is registered twice"));
  BOOST_TEST(contains(message, "libmixfit_gaussian.so"));
  BOOST_TEST(contains(message, "libmixfit_duplicate_gaussian.so"));
}

// A family the user names a plugin for replaces the built-in one of that name (examples/poisson is the built-in
// poisson, and its readers build it and list it in plugins:); a second such replacement is still an error.
BOOST_AUTO_TEST_CASE(a_named_plugin_replaces_a_built_in_family_once) {
  FamilyRegistry registry;
  load_plugins(registry, {test_plugin("duplicate_gaussian")});
  BOOST_TEST(contains(registry.get("gaussian").source, "libmixfit_duplicate_gaussian.so"));
  BOOST_TEST(contains(registry.get("gaussian").replaces, "libmixfit_gaussian.so"));
  BOOST_TEST(registry.get("bernoulli").replaces.empty());
  FamilyEntry again = registry.get("gaussian");
  again.source = "second.so";
  again.replaces.clear();
  try {
    registry.add(again);
    BOOST_FAIL("a second gaussian accepted");
  } catch (const PluginError& e) {
    BOOST_TEST(contains(e.what(), "'gaussian' is registered twice"));
    BOOST_TEST(contains(e.what(), "libmixfit_duplicate_gaussian.so"));
    BOOST_TEST(contains(e.what(), "second.so"));
  }
}

BOOST_AUTO_TEST_CASE(missing_plugin_file) {
  const std::string message = load_error("/nonexistent/libmixfit_nothing.so");
  BOOST_TEST(contains(message, "/nonexistent/libmixfit_nothing.so"));
  BOOST_TEST(contains(message, "not found"));
}

BOOST_AUTO_TEST_CASE(throwing_factory_becomes_a_plugin_error_naming_family_and_library) {
  FamilyRegistry registry;
  PluginLoader loader(registry);
  loader.load_file(test_plugin("throwing_factory"));
  FamilySpec spec{2, {{"x", ColumnKind::real, 0, {}}}, YAML::Node(YAML::NodeType::Map), "test", &registry};
  try {
    registry.create("throwing", spec);
    BOOST_FAIL("expected a PluginError");
  } catch (const PluginError& e) {
    BOOST_TEST(contains(e.what(), "family 'throwing'"));
    BOOST_TEST(contains(e.what(), "libmixfit_throwing_factory.so"));
    BOOST_TEST(contains(e.what(), "out of cheese"));
  }
}

BOOST_AUTO_TEST_CASE(unknown_family_lists_families_and_suggests) {
  FamilyRegistry registry;
  PluginLoader loader(registry);
  loader.load_directory(MIXFIT_BUILD_PLUGIN_DIR);
  try {
    registry.get("gausian");
    BOOST_FAIL("expected a PluginError");
  } catch (const PluginError& e) {
    BOOST_TEST(contains(e.what(), "did you mean 'gaussian'"));
    BOOST_TEST(contains(e.what(), "libmixfit_gaussian.so"));
  }
}

BOOST_AUTO_TEST_CASE(plugin_path_environment_variable_is_searched) {
  ::setenv("MIXFIT_PLUGIN_PATH", "/first/dir:/second/dir", 1);
  const auto path = PluginLoader::default_search_path();
  ::unsetenv("MIXFIT_PLUGIN_PATH");
  BOOST_REQUIRE(path.size() >= 2u);
  BOOST_TEST(path[path.size() - 2] == "/first/dir");
  BOOST_TEST(path[path.size() - 1] == "/second/dir");
}

BOOST_AUTO_TEST_SUITE_END()  // plugin_loader_test
