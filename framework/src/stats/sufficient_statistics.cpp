// Flat-buffer statistics: layout arithmetic and element-wise reduction.
#include "mixfit/stats/sufficient_statistics.hpp"

#include "mixfit/core/error.hpp"

namespace mixfit {

SufficientStatistics::SufficientStatistics(StatLayout layout) : layout_(std::move(layout)) {
  buffer_.zeros(kHeader + layout_.num_components * (1 + layout_.component_width) + layout_.shared_width);
}

arma::vec SufficientStatistics::counts() const {
  return arma::vec(const_cast<double*>(buffer_.memptr()) + kHeader, layout_.num_components);
}

std::span<double> SufficientStatistics::component(std::size_t k) {
  return {buffer_.memptr() + component_offset(k), layout_.component_width};
}
std::span<const double> SufficientStatistics::component(std::size_t k) const {
  return {buffer_.memptr() + component_offset(k), layout_.component_width};
}
std::span<double> SufficientStatistics::shared() { return {buffer_.memptr() + shared_offset(), layout_.shared_width}; }
std::span<const double> SufficientStatistics::shared() const {
  return {buffer_.memptr() + shared_offset(), layout_.shared_width};
}

arma::mat SufficientStatistics::component_matrix(std::size_t k, std::size_t offset, std::size_t rows, std::size_t cols) {
  return arma::mat(buffer_.memptr() + component_offset(k) + offset, rows, cols, false, true);
}
const arma::mat SufficientStatistics::component_matrix(std::size_t k, std::size_t offset, std::size_t rows,
                                                       std::size_t cols) const {
  return arma::mat(const_cast<double*>(buffer_.memptr()) + component_offset(k) + offset, rows, cols, false, true);
}
arma::mat SufficientStatistics::shared_matrix(std::size_t offset, std::size_t rows, std::size_t cols) {
  return arma::mat(buffer_.memptr() + shared_offset() + offset, rows, cols, false, true);
}
const arma::mat SufficientStatistics::shared_matrix(std::size_t offset, std::size_t rows, std::size_t cols) const {
  return arma::mat(const_cast<double*>(buffer_.memptr()) + shared_offset() + offset, rows, cols, false, true);
}

SufficientStatistics& SufficientStatistics::operator+=(const SufficientStatistics& other) {
  if (!(layout_ == other.layout_) || buffer_.n_elem != other.buffer_.n_elem)
    throw Error("SufficientStatistics: adding statistics of different layouts");
  buffer_ += other.buffer_;
  return *this;
}

SufficientStatistics& SufficientStatistics::operator-=(const SufficientStatistics& other) {
  if (!(layout_ == other.layout_) || buffer_.n_elem != other.buffer_.n_elem)
    throw Error("SufficientStatistics: subtracting statistics of different layouts");
  buffer_ -= other.buffer_;
  return *this;
}

}  // namespace mixfit
