mixfit_add_test(em_fixture_test ${CMAKE_CURRENT_LIST_DIR}/em_fixture_test.cpp)
mixfit_add_test(k_means_fixture_test ${CMAKE_CURRENT_LIST_DIR}/k_means_fixture_test.cpp)
mixfit_add_test(sampling_recovery_test ${CMAKE_CURRENT_LIST_DIR}/sampling_recovery_test.cpp)
mixfit_add_test(initialiser_test ${CMAKE_CURRENT_LIST_DIR}/initialiser_test.cpp)
