# Run at build time (cmake -P) by the mixfit_build_info target: writes
# build_info_generated.cpp with `git describe` of the source tree, rewriting
# it only when the text changes so nothing rebuilds needlessly. Falls back to
# the project version when the source is not a git checkout or git is absent.
set(MIXFIT_GIT_VERSION "${MIXFIT_PROJECT_VERSION}")
find_program(GIT_EXECUTABLE git)
if(GIT_EXECUTABLE AND EXISTS "${MIXFIT_SOURCE_DIR}/.git")
  execute_process(
    COMMAND "${GIT_EXECUTABLE}" -c safe.directory=* describe --always --dirty --tags
    WORKING_DIRECTORY "${MIXFIT_SOURCE_DIR}"
    OUTPUT_VARIABLE described OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE status ERROR_QUIET)
  if(status EQUAL 0 AND described)
    set(MIXFIT_GIT_VERSION "${MIXFIT_PROJECT_VERSION}+${described}")
  endif()
endif()
configure_file("${MIXFIT_TEMPLATE}" "${MIXFIT_OUTPUT}.new" @ONLY)
file(READ "${MIXFIT_OUTPUT}.new" new_text)
set(old_text "")
if(EXISTS "${MIXFIT_OUTPUT}")
  file(READ "${MIXFIT_OUTPUT}" old_text)
endif()
if(NOT new_text STREQUAL old_text)
  file(RENAME "${MIXFIT_OUTPUT}.new" "${MIXFIT_OUTPUT}")
else()
  file(REMOVE "${MIXFIT_OUTPUT}.new")
endif()
