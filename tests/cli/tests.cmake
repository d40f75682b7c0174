mixfit_add_test(cli_tests
  ${CMAKE_CURRENT_LIST_DIR}/cli_run_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli_bad_input_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli_degenerate_data_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli_failed_restart_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli_model_commands_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli_init_scale_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli_help_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli_mclust_models_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli_classification_em_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli_stochastic_em_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli_chain_test.cpp)
mixfit_add_test(cli_discrete_tests ${CMAKE_CURRENT_LIST_DIR}/cli_discrete_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli_product_parts_test.cpp)
mixfit_add_test(cli_reproducibility_tests
  ${CMAKE_CURRENT_LIST_DIR}/cli_checkpoint_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli_reproducibility_test.cpp)
mixfit_add_test(cli_vb_tests ${CMAKE_CURRENT_LIST_DIR}/cli_vb_test.cpp)
mixfit_add_test(cli_data_tests
  ${CMAKE_CURRENT_LIST_DIR}/cli_sample_weights_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli_known_labels_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli_missing_values_test.cpp)
