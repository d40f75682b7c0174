# The categorical family's tests (included by tests/CMakeLists.txt), one executable
# per file. They link the plugin's code as the static mixfit_categorical_core,
# since a MODULE library cannot be linked into an executable; tests that go
# through the registry or the CLI load the built plugin, so they depend on it.
foreach(test_name latent_class_fixture statistics estimation unseen_levels persistence sampling options plugin cli)
  set(target categorical_${test_name}_test)
  mixfit_add_test(${target} "${PROJECT_SOURCE_DIR}/plugins/categorical/tests/${test_name}_test.cpp")
  target_link_libraries(${target} PRIVATE mixfit_categorical_core)
  target_include_directories(${target} PRIVATE "${PROJECT_SOURCE_DIR}/plugins/categorical/tests")
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  add_dependencies(${target} mixfit_categorical)
endforeach()
