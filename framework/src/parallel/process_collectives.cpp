// Collectives over the processes of a BlockPlan, on the Communicator's two primitives.
#include "mixfit/parallel/process_collectives.hpp"

#include "mixfit/parallel/communicator.hpp"

namespace mixfit {

namespace detail {

std::string encode_failure(const std::exception_ptr& failure) { return "F" + encode_status(failure); }

void rethrow_first_failure(const std::vector<std::string>& parts) {
  for (const std::string& part : parts)
    if (!part.empty() && part[0] == 'F') rethrow_status(part.substr(1));
}

}  // namespace detail

namespace {

std::string to_bytes(const double* values, std::size_t count) {
  return std::string(reinterpret_cast<const char*>(values), count * sizeof(double));
}

void append_doubles(std::vector<double>& out, const std::string& bytes) {
  const std::size_t count = bytes.size() / sizeof(double);
  const std::size_t at = out.size();
  out.resize(at + count);
  std::memcpy(out.data() + at, bytes.data(), count * sizeof(double));
}

}  // namespace

std::vector<double> all_gather_doubles(const BlockPlan& plan, const std::vector<double>& local) {
  if (!plan.distributed()) return local;
  std::vector<double> all;
  for (const std::string& part : plan.processes().all_gather(to_bytes(local.data(), local.size())))
    append_doubles(all, part);
  return all;
}

std::vector<double> all_block_values(const BlockPlan& plan, const std::vector<double>& local) {
  return all_gather_doubles(plan, local);  // ranks own consecutive block ranges in rank order
}

void gather_columns_to_root(const BlockPlan& plan, arma::mat& rows) {
  if (!plan.distributed()) return;
  const auto parts = plan.processes().gather_to_root(to_bytes(rows.memptr(), rows.n_elem));
  const arma::uword height = rows.n_rows;
  if (plan.processes().rank() != 0) {
    rows.reset();
    return;
  }
  std::vector<double> all;
  for (const std::string& part : parts) append_doubles(all, part);
  rows = arma::mat(all.data(), height, height ? all.size() / height : 0);
}

void gather_to_root(const BlockPlan& plan, arma::uvec& rows) {
  if (!plan.distributed()) return;
  arma::mat values = arma::conv_to<arma::rowvec>::from(rows);
  gather_columns_to_root(plan, values);
  rows = arma::conv_to<arma::uvec>::from(values);
}

bool all_processes(const BlockPlan& plan, bool ok) {
  if (!plan.distributed()) return ok;
  for (const std::string& part : plan.processes().all_gather(ok ? "1" : "0"))
    if (part != "1") return false;
  return true;
}

}  // namespace mixfit
