# Driver of the install_poisson_example test (cmake -P): install, build the
# out-of-tree example against the installed package, run its tests.
foreach(required MIXFIT_BUILD_DIR MIXFIT_SOURCE_DIR WORK_DIR CXX_COMPILER CTEST_COMMAND)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "install_and_build_example.cmake needs -D${required}=...")
  endif()
endforeach()

set(prefix "${WORK_DIR}/prefix")
set(example_build "${WORK_DIR}/poisson-build")
file(REMOVE_RECURSE "${WORK_DIR}")

# Runs one step; a failure stops the test with the step's name and exit status.
function(run_step name)
  message(STATUS "[install_poisson_example] ${name}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "[install_poisson_example] ${name} failed (${status}): ${ARGN}")
  endif()
endfunction()

run_step("install to ${prefix}" "${CMAKE_COMMAND}" --install "${MIXFIT_BUILD_DIR}" --prefix "${prefix}")

# What a plugin author needs from the install.
foreach(installed
    bin/mixfit
    lib/libmixfit.so
    lib/libmixfit_conformance.a
    lib/mixfit/plugins/libmixfit_gaussian.so
    lib/mixfit/plugins/libmixfit_bernoulli.so
    lib/mixfit/plugins/libmixfit_poisson.so
    include/mixfit/family/component_family.hpp
    include/mixfit/plugin/plugin_api.hpp
    include/mixfit/conformance/family_conformance.hpp
    lib/cmake/mixfit/mixfitConfig.cmake
    lib/cmake/mixfit/mixfitConfigVersion.cmake
    lib/cmake/mixfit/mixfitTargets.cmake
    lib/cmake/mixfit/MixfitPlugin.cmake)
  if(NOT EXISTS "${prefix}/${installed}")
    message(FATAL_ERROR "[install_poisson_example] the install lacks ${installed}")
  endif()
endforeach()

set(configure_args -S "${MIXFIT_SOURCE_DIR}/examples/poisson" -B "${example_build}"
    -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=${prefix}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
    # Only the temporary prefix may satisfy find_package(mixfit), never this build tree.
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
if(COMPILER_LAUNCHER)
  list(APPEND configure_args "-DCMAKE_CXX_COMPILER_LAUNCHER=${COMPILER_LAUNCHER}")
endif()
run_step("configure examples/poisson against the install" "${CMAKE_COMMAND}" ${configure_args})

file(STRINGS "${example_build}/CMakeCache.txt" found_package REGEX "^mixfit_DIR:")
if(NOT found_package STREQUAL "mixfit_DIR:PATH=${prefix}/lib/cmake/mixfit")
  message(FATAL_ERROR "[install_poisson_example] find_package(mixfit) found '${found_package}', "
                      "expected the install in ${prefix}")
endif()

run_step("build examples/poisson" "${CMAKE_COMMAND}" --build "${example_build}" -j 2)
run_step("run the example's tests (unit, conformance, EM and VB through mixfit run)"
         "${CTEST_COMMAND}" --test-dir "${example_build}" --output-on-failure)

# The family's install rule: into the prefix's plugin folder, where the installed mixfit finds it with no
# `plugins:` entry and no MIXFIT_PLUGIN_PATH.
# The built-in poisson is already there (built from the same sources), so the check is that the install copied
# the example's library over it, not that a file exists.
message(STATUS "[install_poisson_example] install examples/poisson into the prefix")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${example_build}" --prefix "${prefix}"
                RESULT_VARIABLE status OUTPUT_VARIABLE installed ERROR_VARIABLE errors)
if(NOT status EQUAL 0 OR NOT installed MATCHES "Installing: ${prefix}/lib/mixfit/plugins/libmixfit_poisson.so")
  message(FATAL_ERROR "[install_poisson_example] cmake --install did not put the example's libmixfit_poisson.so in "
                      "${prefix}/lib/mixfit/plugins (exit ${status}):\n${installed}${errors}")
endif()
unset(ENV{MIXFIT_PLUGIN_PATH})
execute_process(COMMAND "${prefix}/bin/mixfit" describe
                RESULT_VARIABLE status OUTPUT_VARIABLE families ERROR_VARIABLE errors)
if(NOT status EQUAL 0 OR NOT families MATCHES "poisson")
  message(FATAL_ERROR "[install_poisson_example] the installed mixfit does not list the installed poisson "
                      "family (exit ${status}):\n${families}${errors}")
endif()
file(MAKE_DIRECTORY "${WORK_DIR}/run")
file(COPY "${MIXFIT_SOURCE_DIR}/examples/poisson/data/counts.csv" DESTINATION "${WORK_DIR}/run")
file(WRITE "${WORK_DIR}/run/experiment.yaml"
  "experiment: {name: installed_poisson, seed: 3}\n"
  "data: {path: counts.csv, columns: [visits, calls, emails]}\n"
  "model: {components: 2, family: poisson}\n"
  "output: {dir: out}\n")
run_step("fit with the installed family, no plugins: entry" "${prefix}/bin/mixfit" run "${WORK_DIR}/run/experiment.yaml" --quiet)
if(NOT EXISTS "${WORK_DIR}/run/out/model.yaml")
  message(FATAL_ERROR "[install_poisson_example] the run with the installed family wrote no model.yaml")
endif()
