# The bernoulli family's tests (included by tests/CMakeLists.txt), one executable
# whose files are each a suite. They link the plugin's code as the static
# mixfit_bernoulli_core, since a MODULE library cannot be linked into an
# executable; the fixture, sampling, plugin and CLI tests load the built
# plugin (through the registry or the mixfit executable), hence the dependency.
set(bernoulli_test_sources)
foreach(test_name digits_fixture sampling statistics binary_cell_tables scores estimation posterior variational_fit
                  persistence options plugin cli)
  list(APPEND bernoulli_test_sources "${CMAKE_CURRENT_LIST_DIR}/${test_name}_test.cpp")
endforeach()
mixfit_add_test(bernoulli_tests ${bernoulli_test_sources})
target_link_libraries(bernoulli_tests PRIVATE mixfit_bernoulli_core)
target_include_directories(bernoulli_tests PRIVATE "${CMAKE_CURRENT_LIST_DIR}")
add_dependencies(bernoulli_tests mixfit_bernoulli)
