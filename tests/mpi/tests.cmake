# mixfit run under mpirun on loopback (only when built with MPI).
if(MIXFIT_WITH_MPI AND MPIEXEC_EXECUTABLE)
  mixfit_add_test(mpi_tests ${CMAKE_CURRENT_LIST_DIR}/mpi_run_test.cpp)
  target_compile_definitions(mpi_tests PRIVATE MIXFIT_MPIEXEC="${MPIEXEC_EXECUTABLE}")
endif()
