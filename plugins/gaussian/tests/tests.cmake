# The gaussian family's tests (included by tests/CMakeLists.txt), one executable
# per file. They link the plugin's code as the static mixfit_gaussian_core,
# since a MODULE library cannot be linked into an executable.
foreach(test_name worked_example three_blobs statistics persistence sampling family_behaviour options)
  set(target gaussian_${test_name}_test)
  mixfit_add_test(${target} "${PROJECT_SOURCE_DIR}/plugins/gaussian/tests/${test_name}_test.cpp")
  target_link_libraries(${target} PRIVATE mixfit_gaussian_core)
  target_include_directories(${target} PRIVATE "${PROJECT_SOURCE_DIR}/plugins/gaussian/tests")
  target_compile_options(${target} PRIVATE -Wall -Wextra)
endforeach()

# The built library itself, loaded the way the mixfit executable loads it.
mixfit_add_test(gaussian_plugin_test "${PROJECT_SOURCE_DIR}/plugins/gaussian/tests/plugin_test.cpp")
add_dependencies(gaussian_plugin_test mixfit_gaussian)
target_compile_options(gaussian_plugin_test PRIVATE -Wall -Wextra)
