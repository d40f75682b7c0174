mixfit_add_test(cli_run_test ${CMAKE_CURRENT_LIST_DIR}/cli_run_test.cpp)
mixfit_add_test(cli_bad_input_test ${CMAKE_CURRENT_LIST_DIR}/cli_bad_input_test.cpp)
mixfit_add_test(cli_model_commands_test ${CMAKE_CURRENT_LIST_DIR}/cli_model_commands_test.cpp)
