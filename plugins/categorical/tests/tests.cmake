# The categorical family's tests (included by tests/CMakeLists.txt), one executable.
# They link the plugin's code as the static mixfit_categorical_core, since a
# MODULE library cannot be linked into an executable; tests that go through the
# registry or the CLI load the built plugin, so they depend on it.
set(categorical_test_sources)
foreach(test_name latent_class_fixture statistics estimation posterior variational_fit unseen_levels persistence sampling
                  options plugin cli)
  list(APPEND categorical_test_sources "${CMAKE_CURRENT_LIST_DIR}/${test_name}_test.cpp")
endforeach()
mixfit_add_test(categorical_tests ${categorical_test_sources})
target_link_libraries(categorical_tests PRIVATE mixfit_categorical_core)
target_include_directories(categorical_tests PRIVATE "${CMAKE_CURRENT_LIST_DIR}")
add_dependencies(categorical_tests mixfit_categorical)
