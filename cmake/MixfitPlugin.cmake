# mixfit_add_family_plugin(<name> SOURCES <entry point files...> [CORE_SOURCES <files...>])
#
# Builds a family plugin as a MODULE library named mixfit_<name>, with hidden
# visibility (only mixfit_plugin_info() is exported), placed where the mixfit
# executable searches for plugins in the build tree and installed to the
# install tree's plugin folder.
#
# CORE_SOURCES (everything but the entry point) become a static library
# mixfit_<name>_core that the plugin links, so that tests — which cannot link
# a MODULE — compile the family's sources once and share one list.
function(mixfit_add_family_plugin name)
  cmake_parse_arguments(ARG "" "" "SOURCES;CORE_SOURCES" ${ARGN})
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
  endif()
  if(DEFINED MIXFIT_BUILD_PLUGIN_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${MIXFIT_BUILD_PLUGIN_DIR}")
  endif()
  if(DEFINED MIXFIT_PLUGIN_INSTALL_DIR)
    install(TARGETS ${target} LIBRARY DESTINATION "${MIXFIT_PLUGIN_INSTALL_DIR}")
  endif()
endfunction()
