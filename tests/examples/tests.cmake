mixfit_add_test(examples_tests ${CMAKE_CURRENT_LIST_DIR}/examples_test.cpp)
target_compile_definitions(examples_tests PRIVATE QUANTISE_IMAGE="$<TARGET_FILE:quantise_image>")
add_dependencies(examples_tests quantise_image)
