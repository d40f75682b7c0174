// Row annotations: per-row columns of a data file that are not model columns (sample weights, known labels).
#pragma once

#include "mixfit/data/csv_reader.hpp"

#include <armadillo>

#include <cstddef>
#include <string>

namespace mixfit {

/// The sample weights of rows `window` of CSV file `path`, from column
/// `column`: each a finite number ≥ 0. Throws DataError naming the file, the
/// line and the column of the first cell that is not.
arma::vec read_row_weights(const std::string& path, const std::string& column, const RowWindow& window = {});

/// The known components of rows `window` of CSV file `path`, from column
/// `column`: an empty cell (or NA) is kUnknownLabel, anything else must be an
/// integer in [0, num_components). Throws DataError naming the file, the line
/// and the column of the first cell that is neither.
arma::uvec read_known_labels(const std::string& path, const std::string& column, std::size_t num_components,
                             const RowWindow& window = {});

}  // namespace mixfit
