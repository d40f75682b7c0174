# The installed CMake package: `find_package(mixfit REQUIRED)` in another
# project gives mixfit::framework, mixfit::conformance, mixfit::mixfit (the
# executable), mixfit_PLUGIN_DIR and mixfit_add_family_plugin().
include(CMakePackageConfigHelpers)

set(MIXFIT_PACKAGE_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/mixfit")

install(EXPORT mixfitTargets
  NAMESPACE mixfit::
  FILE mixfitTargets.cmake
  DESTINATION "${MIXFIT_PACKAGE_INSTALL_DIR}")

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/mixfitConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/mixfitConfig.cmake"
  INSTALL_DESTINATION "${MIXFIT_PACKAGE_INSTALL_DIR}"
  PATH_VARS MIXFIT_PLUGIN_INSTALL_DIR)

# Plugins check a build tag rather than this version, but a 0.x framework
# changes its interface between minor versions, so only 0.1.* satisfies 0.1.
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/mixfitConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMinorVersion)

install(FILES
  "${PROJECT_BINARY_DIR}/mixfitConfig.cmake"
  "${PROJECT_BINARY_DIR}/mixfitConfigVersion.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/MixfitPlugin.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/mixfit_test_main.cpp.in"
  DESTINATION "${MIXFIT_PACKAGE_INSTALL_DIR}")
