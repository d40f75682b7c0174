mixfit_add_test(mixing_tests
  ${CMAKE_CURRENT_LIST_DIR}/variational_weights_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/weight_prior_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/divergences_test.cpp)
