# The conformance suite (framework/conformance) run against the built-in families,
# loaded from the build tree's plugins as a run loads them, and against
# deliberately faulty families to show each check can fail.
mixfit_add_test(conformance_tests
  ${CMAKE_CURRENT_LIST_DIR}/builtin_families_conformance_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/faulty_family_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/quadrature_test.cpp)
target_link_libraries(conformance_tests PRIVATE mixfit::conformance)
add_dependencies(conformance_tests mixfit_gaussian mixfit_bernoulli mixfit_categorical mixfit_product
                 mixfit_exponential)
