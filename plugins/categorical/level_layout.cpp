// LevelLayout: checks and offsets.
#include "level_layout.hpp"

#include "mixfit/core/error.hpp"

namespace mixfit {

LevelLayout::LevelLayout(std::vector<std::string> names, std::vector<std::size_t> num_levels)
    : names_(std::move(names)), num_levels_(std::move(num_levels)) {
  if (names_.size() != num_levels_.size())
    throw Error("categorical family: " + std::to_string(names_.size()) + " column names but " +
                std::to_string(num_levels_.size()) + " level counts");
  if (names_.empty()) throw Error("categorical family: needs at least one data column");
  offsets_.reserve(names_.size());
  for (std::size_t j = 0; j < names_.size(); ++j) {
    if (num_levels_[j] == 0)
      throw Error("categorical family: column '" + names_[j] + "' has no levels (an empty level dictionary)");
    offsets_.push_back(total_);
    total_ += num_levels_[j];
  }
}

}  // namespace mixfit
