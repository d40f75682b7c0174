// The single-process communicator and the error agreement every rank runs.
#include "mixfit/parallel/communicator.hpp"

#include "mixfit/core/error.hpp"

namespace mixfit {

const Communicator& single_process() {
  static const SingleProcess instance;  // stateless, so sharing it is not global state
  return instance;
}

std::string encode_status(const std::exception_ptr& failure) {
  if (!failure) return "";
  try {
    std::rethrow_exception(failure);
  } catch (const ConfigError& e) {
    return std::string("C") + e.what();
  } catch (const DataError& e) {
    return std::string("D") + e.what();
  } catch (const PluginError& e) {
    return std::string("P") + e.what();
  } catch (const NumericalError& e) {
    return std::string("N") + e.what();
  } catch (const std::exception& e) {
    return std::string("E") + e.what();
  }
}

void rethrow_status(const std::string& status) {
  const std::string message = status.substr(1);
  switch (status[0]) {
    case 'C': throw ConfigError(message);
    case 'D': throw DataError(message);
    case 'P': throw PluginError(message);
    case 'N': throw NumericalError(message);
    default: throw Error(message);
  }
}

void run_collectively(const Communicator& communicator, const std::function<void()>& step) {
  if (communicator.size() == 1) {
    step();
    return;
  }
  std::exception_ptr failure;
  try {
    step();
  } catch (...) {
    failure = std::current_exception();
  }
  for (const std::string& status : communicator.all_gather(encode_status(failure)))
    if (!status.empty()) rethrow_status(status);
}

}  // namespace mixfit
