# The gaussian family's tests (included by tests/CMakeLists.txt), one executable.
# They link the plugin's code as the static mixfit_gaussian_core, since a MODULE
# library cannot be linked into an executable; plugin_test loads the built
# library the way the mixfit executable does.
set(gaussian_test_sources)
foreach(test_name worked_example three_blobs statistics persistence sampling family_behaviour options plugin
                  prior_options prior_defaults posterior_update posterior_mode posterior_persistence kl_to_prior
                  posterior_monte_carlo weak_prior variational_fixture quadratic_moments row_tile_kernels
                  constant_columns mclust_models mclust_prior wishart_precision kit_normal_cell)
  list(APPEND gaussian_test_sources "${CMAKE_CURRENT_LIST_DIR}/${test_name}_test.cpp")
endforeach()
mixfit_add_test(gaussian_tests ${gaussian_test_sources})
target_link_libraries(gaussian_tests PRIVATE mixfit_gaussian_core mixfit::conformance)
target_include_directories(gaussian_tests PRIVATE "${CMAKE_CURRENT_LIST_DIR}")
add_dependencies(gaussian_tests mixfit_gaussian)
