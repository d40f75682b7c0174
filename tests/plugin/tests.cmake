# Deliberately broken plugins, built outside the plugin search path so that
# only the loader tests ever open them.
set(MIXFIT_TEST_PLUGIN_DIR "${CMAKE_BINARY_DIR}/test-plugins")
foreach(broken wrong_abi wrong_build_tag no_entry_point duplicate_gaussian throwing_factory throwing_family)
  add_library(mixfit_test_${broken} MODULE ${CMAKE_CURRENT_LIST_DIR}/broken/${broken}.cpp)
  target_link_libraries(mixfit_test_${broken} PRIVATE mixfit::framework)
  set_target_properties(mixfit_test_${broken} PROPERTIES
    PREFIX "lib" OUTPUT_NAME "mixfit_${broken}"
    LIBRARY_OUTPUT_DIRECTORY "${MIXFIT_TEST_PLUGIN_DIR}"
    CXX_VISIBILITY_PRESET hidden)
endforeach()
# The same impostor under a second file name: two plugins the user names that register one family.
add_library(mixfit_test_duplicate_gaussian_copy MODULE ${CMAKE_CURRENT_LIST_DIR}/broken/duplicate_gaussian.cpp)
target_link_libraries(mixfit_test_duplicate_gaussian_copy PRIVATE mixfit::framework)
set_target_properties(mixfit_test_duplicate_gaussian_copy PROPERTIES
  PREFIX "lib" OUTPUT_NAME "mixfit_duplicate_gaussian_copy"
  LIBRARY_OUTPUT_DIRECTORY "${MIXFIT_TEST_PLUGIN_DIR}"
  CXX_VISIBILITY_PRESET hidden)

mixfit_add_test(plugin_loader_tests ${CMAKE_CURRENT_LIST_DIR}/plugin_loader_test.cpp)
target_compile_definitions(plugin_loader_tests PRIVATE MIXFIT_TEST_PLUGIN_DIR="${MIXFIT_TEST_PLUGIN_DIR}")
add_dependencies(plugin_loader_tests mixfit_test_wrong_abi mixfit_test_wrong_build_tag mixfit_test_no_entry_point
                 mixfit_test_duplicate_gaussian mixfit_test_duplicate_gaussian_copy
                 mixfit_test_throwing_factory)
