# The fuzz corpora replayed as an ordinary test (included by tests/CMakeLists.txt): both harnesses, each
# under a name of its own instead of libFuzzer's LLVMFuzzerTestOneInput, driven by corpus_replay_test.cpp.
# The harnesses stay out of the unity batches, which would see both renamings at once.
mixfit_add_test(fuzz_replay_tests
  "${CMAKE_CURRENT_LIST_DIR}/corpus_replay_test.cpp" "${CMAKE_CURRENT_LIST_DIR}/input_file.cpp"
  "${CMAKE_CURRENT_LIST_DIR}/csv_reader_fuzzer.cpp" "${CMAKE_CURRENT_LIST_DIR}/experiment_parser_fuzzer.cpp")
foreach(harness csv_reader experiment_parser)
  set_source_files_properties("${CMAKE_CURRENT_LIST_DIR}/${harness}_fuzzer.cpp" PROPERTIES
    COMPILE_DEFINITIONS "MIXFIT_FUZZ_ENTRY=replay_${harness}_input"
    SKIP_UNITY_BUILD_INCLUSION ON)
endforeach()
