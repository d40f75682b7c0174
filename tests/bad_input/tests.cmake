# The bad-input catalogue: one folder per case under cases/, run by one executable.
mixfit_add_test(bad_input_catalogue_tests ${CMAKE_CURRENT_LIST_DIR}/bad_input_catalogue_test.cpp)
target_compile_definitions(bad_input_catalogue_tests PRIVATE
  MIXFIT_BAD_INPUT_CASES="${CMAKE_CURRENT_LIST_DIR}/cases"
  MIXFIT_TEST_PLUGIN_DIR="${CMAKE_BINARY_DIR}/test-plugins")  # where tests/plugin builds them
add_dependencies(bad_input_catalogue_tests mixfit_test_wrong_abi mixfit_test_wrong_build_tag
                 mixfit_test_no_entry_point mixfit_test_throwing_factory mixfit_test_throwing_family
                 mixfit_test_duplicate_gaussian mixfit_test_duplicate_gaussian_copy)
