// closest_match: the "did you mean" suggestion, by optimal-string-alignment (Damerau) distance.
#include "mixfit/config/config_schema.hpp"

#include <algorithm>
#include <cctype>

namespace mixfit {
namespace {

std::string lowercase(const std::string& s) {
  std::string out = s;
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Levenshtein distance where swapping two adjacent characters also costs 1
// ("max_itre" -> "max_iter"), the commonest typo after a missing letter.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  const std::size_t n = a.size(), m = b.size();
  // Three rolling rows: i-2, i-1 and i (the transposition looks two back).
  std::vector<std::size_t> before(m + 1), previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

}  // namespace

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string lowered = lowercase(word);
  std::string best;
  std::size_t best_distance = 0;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = edit_distance(lowered, lowercase(candidate));
    // A plausible typo changes about one character in three; a distance as
    // large as the words themselves ("x" for "y") is a different word.
    const std::size_t longest = std::max(word.size(), candidate.size());
    const std::size_t allowed = std::max<std::size_t>(1, word.size() / 3);
    if (distance > allowed || distance >= longest) continue;
    if (best.empty() || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace mixfit
