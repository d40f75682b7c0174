# mixfit_add_family_plugin(<name> SOURCES <entry point files...> [CORE_SOURCES <files...>]
#                          [TESTS <Boost.Test files...>])
#
# Builds a family plugin as a MODULE library libmixfit_<name>.so (target
# mixfit_<name>) with hidden visibility, so only mixfit_plugin_info() is exported.
#
# Inside the mixfit source tree the library goes where the mixfit executable
# searches for plugins (build tree and install tree alike). Built against an
# installed mixfit (find_package(mixfit)), it lands in the calling project's
# build folder; an experiment then names it under `plugins:`, or
# MIXFIT_PLUGIN_PATH points at its folder. Either way `cmake --install` puts it
# in <prefix>/${MIXFIT_PLUGIN_INSTALL_DIR} (lib/mixfit/plugins): installed into
# mixfit's own prefix, every run of that mixfit finds it.
#
# CORE_SOURCES (everything but the entry point) become a static library
# mixfit_<name>_core that the plugin links, so that tests — which cannot link
# a MODULE — compile the family's sources once and share one list. Without
# CORE_SOURCES (a family on the kit, headers only) mixfit_<name>_core is an
# interface library carrying the folder's headers.
#
# TESTS builds one Boost.Test executable mixfit_<name>_tests
# from the listed files (each file a suite; the entry point is generated),
# linked with the core library and mixfit::conformance, and registers it with
# CTest (call enable_testing() first). The tests see two definitions:
# MIXFIT_PLUGIN_FILE (the built plugin) and MIXFIT_EXECUTABLE (the mixfit
# executable), to exercise the plugin the way a run loads it.
function(mixfit_add_family_plugin name)
  cmake_parse_arguments(ARG "" "" "SOURCES;CORE_SOURCES;TESTS" ${ARGN})
  set(target mixfit_${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE mixfit::framework)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(ARG_CORE_SOURCES)
    add_library(${target}_core STATIC ${ARG_CORE_SOURCES})
    target_include_directories(${target}_core PUBLIC "${CMAKE_CURRENT_SOURCE_DIR}")
    target_link_libraries(${target}_core PUBLIC mixfit::framework)
    target_compile_options(${target}_core PRIVATE -Wall -Wextra)
    set_target_properties(${target}_core PROPERTIES
      POSITION_INDEPENDENT_CODE ON
      CXX_VISIBILITY_PRESET hidden
      VISIBILITY_INLINES_HIDDEN ON)
    target_link_libraries(${target} PRIVATE ${target}_core)
  else()
    # A family written on the kit is headers only: its tests see them through ${target}_core all the same.
    add_library(${target}_core INTERFACE)
    target_include_directories(${target}_core INTERFACE "${CMAKE_CURRENT_SOURCE_DIR}")
    target_link_libraries(${target}_core INTERFACE mixfit::framework)
  endif()
  # Set only inside the mixfit source tree (top-level CMakeLists.txt).
  if(DEFINED MIXFIT_BUILD_PLUGIN_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${MIXFIT_BUILD_PLUGIN_DIR}")
  endif()
  if(DEFINED MIXFIT_PLUGIN_INSTALL_DIR)
    install(TARGETS ${target} LIBRARY DESTINATION "${MIXFIT_PLUGIN_INSTALL_DIR}")
  endif()

  if(ARG_TESTS)
    if(NOT TARGET Boost::unit_test_framework)
      find_package(Boost 1.74 REQUIRED COMPONENTS unit_test_framework)
    endif()
    set(MIXFIT_TEST_TARGET ${target}_tests)
    set(test_main "${CMAKE_CURRENT_BINARY_DIR}/${target}_tests_main.cpp")
    configure_file("${CMAKE_CURRENT_FUNCTION_LIST_DIR}/mixfit_test_main.cpp.in" "${test_main}" @ONLY)
    add_executable(${target}_tests "${test_main}" ${ARG_TESTS})
    target_link_libraries(${target}_tests PRIVATE ${target}_core mixfit::conformance Boost::unit_test_framework)
    target_compile_options(${target}_tests PRIVATE -Wall -Wextra)
    target_compile_definitions(${target}_tests PRIVATE BOOST_TEST_DYN_LINK
      MIXFIT_PLUGIN_FILE="$<TARGET_FILE:${target}>"
      MIXFIT_EXECUTABLE="$<TARGET_FILE:mixfit::mixfit>")
    add_dependencies(${target}_tests ${target})
    add_test(NAME ${target}_tests COMMAND ${target}_tests)
  endif()
endfunction()
