// The processes this mixfit was started as: one, or the ranks of an MPI launch.
#pragma once

#include "mixfit/parallel/communicator.hpp"

#include <memory>

namespace mixfit {

/// An MPI communicator over every rank when mixfit was built with MPI
/// (MIXFIT_WITH_MPI) and started by an MPI launcher (mpirun, mpiexec, srun:
/// recognised by the environment they set); otherwise this process alone.
/// MPI is initialised here and finalised when the returned object goes.
std::unique_ptr<Communicator> launch_processes(int* argc, char*** argv);

/// True when this build can run distributed.
bool built_with_mpi();

}  // namespace mixfit
