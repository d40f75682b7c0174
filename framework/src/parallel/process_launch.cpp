// Choosing the communicator at start-up: MPI only when built with it and launched by it.
#include "mixfit/parallel/process_launch.hpp"

#include <cstdlib>

#ifdef MIXFIT_WITH_MPI
#include "mpi_communicator.hpp"
#endif

namespace mixfit {

namespace {
// Variables every supported launcher sets in its ranks' environment.
bool started_by_mpi_launcher() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}
}  // namespace

bool built_with_mpi() {
#ifdef MIXFIT_WITH_MPI
  return true;
#else
  return false;
#endif
}

std::unique_ptr<Communicator> launch_processes(int* argc, char*** argv) {
#ifdef MIXFIT_WITH_MPI
  if (started_by_mpi_launcher()) return std::make_unique<MpiCommunicator>(argc, argv);
#else
  (void)started_by_mpi_launcher;
#endif
  (void)argc;
  (void)argv;
  return std::make_unique<SingleProcess>();
}

}  // namespace mixfit
