// Communicator: the processes (MPI ranks) that share one fit, and the few collectives the driver needs.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <string>
#include <vector>

namespace mixfit {

/// A fit is spread over `size()` processes that each own a contiguous range
/// of the fixed block grid (see BlockPlan). The driver exchanges only flat
/// byte buffers — sufficient statistics, per-block sums, status — so two
/// collectives are enough. The single-process communicator is the default;
/// an MPI one (mpi_communicator.hpp) exists when mixfit is built with MPI.
/// Every rank must call a collective, in the same order.
class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual std::size_t rank() const = 0;
  virtual std::size_t size() const = 0;
  /// Every rank's `local` buffer, in rank order, on every rank.
  virtual std::vector<std::string> all_gather(const std::string& local) const = 0;
  /// Every rank's `local` buffer, in rank order, on rank 0 (empty elsewhere).
  virtual std::vector<std::string> gather_to_root(const std::string& local) const = 0;
  /// A description for manifests and messages ("single process", "MPI, 4 ranks").
  virtual std::string description() const = 0;
};

/// One process: collectives return the local buffer.
class SingleProcess final : public Communicator {
 public:
  std::size_t rank() const override { return 0; }
  std::size_t size() const override { return 1; }
  std::vector<std::string> all_gather(const std::string& local) const override { return {local}; }
  std::vector<std::string> gather_to_root(const std::string& local) const override { return {local}; }
  std::string description() const override { return "single process"; }
};

/// The one SingleProcess every single-process fit can point to (stateless).
const Communicator& single_process();

/// Runs `step` on every rank and agrees on the outcome: if it threw on any
/// rank, every rank throws the error of the lowest failing rank (same text),
/// so no rank is left waiting in a later collective and the message can be
/// printed once (by rank 0). Error types are kept as far as the framework's
/// own (ConfigError, DataError, NumericalError, PluginError, Error).
void run_collectively(const Communicator& communicator, const std::function<void()>& step);

/// An error as a buffer another process can rethrow: one letter for the
/// framework error type, then the message; "" for no error.
std::string encode_status(const std::exception_ptr& failure);
/// Throws the error encode_status() encoded (a non-empty status).
[[noreturn]] void rethrow_status(const std::string& status);

}  // namespace mixfit
