// MpiCommunicator: the driver's two collectives on MPI_COMM_WORLD (built only with MIXFIT_WITH_MPI).
#pragma once

#include "mixfit/parallel/communicator.hpp"

namespace mixfit {

/// Initialises MPI (MPI_THREAD_FUNNELED: only the thread that runs the
/// driver calls MPI; worker threads compute blocks) and finalises it on
/// destruction. Buffers travel as bytes (MPI_Allgatherv / MPI_Gatherv),
/// their sizes exchanged first.
class MpiCommunicator final : public Communicator {
 public:
  MpiCommunicator(int* argc, char*** argv);
  ~MpiCommunicator() override;
  MpiCommunicator(const MpiCommunicator&) = delete;
  MpiCommunicator& operator=(const MpiCommunicator&) = delete;

  std::size_t rank() const override { return rank_; }
  std::size_t size() const override { return size_; }
  std::vector<std::string> all_gather(const std::string& local) const override;
  std::vector<std::string> gather_to_root(const std::string& local) const override;
  std::string description() const override;

 private:
  std::size_t rank_ = 0;
  std::size_t size_ = 1;
};

}  // namespace mixfit
