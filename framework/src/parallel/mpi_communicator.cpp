// MPI_COMM_WORLD collectives for MpiCommunicator.
#include "mpi_communicator.hpp"

#include "mixfit/core/error.hpp"

#include <mpi.h>

#include <numeric>

namespace mixfit {

namespace {
void check(int code, const char* what) {
  if (code != MPI_SUCCESS) throw Error(std::string("MPI: ") + what + " failed (error code " + std::to_string(code) + ")");
}

std::vector<std::string> split(const std::string& all, const std::vector<int>& sizes) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  for (int size : sizes) {
    parts.push_back(all.substr(at, static_cast<std::size_t>(size)));
    at += static_cast<std::size_t>(size);
  }
  return parts;
}

std::vector<int> offsets(const std::vector<int>& sizes) {
  std::vector<int> result(sizes.size(), 0);
  for (std::size_t i = 1; i < sizes.size(); ++i) result[i] = result[i - 1] + sizes[i - 1];
  return result;
}
}  // namespace

MpiCommunicator::MpiCommunicator(int* argc, char*** argv) {
  int provided = 0;
  check(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  rank_ = static_cast<std::size_t>(rank);
  size_ = static_cast<std::size_t>(size);
}

MpiCommunicator::~MpiCommunicator() { MPI_Finalize(); }

std::vector<std::string> MpiCommunicator::all_gather(const std::string& local) const {
  const int mine = static_cast<int>(local.size());
  std::vector<int> sizes(size_);
  check(MPI_Allgather(&mine, 1, MPI_INT, sizes.data(), 1, MPI_INT, MPI_COMM_WORLD), "MPI_Allgather");
  const std::vector<int> displacements = offsets(sizes);
  std::string all(static_cast<std::size_t>(std::accumulate(sizes.begin(), sizes.end(), 0)), '\0');
  check(MPI_Allgatherv(local.data(), mine, MPI_CHAR, all.data(), sizes.data(), displacements.data(), MPI_CHAR,
                       MPI_COMM_WORLD),
        "MPI_Allgatherv");
  return split(all, sizes);
}

std::vector<std::string> MpiCommunicator::gather_to_root(const std::string& local) const {
  const int mine = static_cast<int>(local.size());
  std::vector<int> sizes(size_);
  check(MPI_Gather(&mine, 1, MPI_INT, sizes.data(), 1, MPI_INT, 0, MPI_COMM_WORLD), "MPI_Gather");
  const std::vector<int> displacements = offsets(sizes);
  std::string all(rank_ == 0 ? static_cast<std::size_t>(std::accumulate(sizes.begin(), sizes.end(), 0)) : 0, '\0');
  check(MPI_Gatherv(local.data(), mine, MPI_CHAR, all.data(), sizes.data(), displacements.data(), MPI_CHAR, 0,
                    MPI_COMM_WORLD),
        "MPI_Gatherv");
  if (rank_ != 0) return {};
  return split(all, sizes);
}

std::string MpiCommunicator::description() const { return "MPI, " + std::to_string(size_) + " ranks"; }

}  // namespace mixfit
