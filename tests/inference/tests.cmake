mixfit_add_test(inference_tests
  ${CMAKE_CURRENT_LIST_DIR}/em_fixture_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/k_means_fixture_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sampling_recovery_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/initialiser_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/thread_determinism_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/block_tree_sum_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/vb_monotonicity_test.cpp)
