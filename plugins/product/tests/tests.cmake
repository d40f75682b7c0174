# The product family's tests (included by tests/CMakeLists.txt), one executable,
# each file a suite. Parts are built through the build tree's plugins (gaussian
# always; the tests with bernoulli or categorical parts run when those plugins
# are built), so the executable depends on the plugins it always needs.
set(product_test_sources)
foreach(test_name parts statistics equivalence persistence variational options cli)
  list(APPEND product_test_sources "${CMAKE_CURRENT_LIST_DIR}/${test_name}_test.cpp")
endforeach()
mixfit_add_test(product_tests ${product_test_sources})
target_link_libraries(product_tests PRIVATE mixfit_product_core)
target_include_directories(product_tests PRIVATE "${CMAKE_CURRENT_LIST_DIR}")
add_dependencies(product_tests mixfit_product mixfit_gaussian)
