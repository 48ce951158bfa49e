#include "compiler/diagnostics/spell.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>

namespace faultc {

namespace {
char fold(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
}  // namespace

// Optimal string alignment distance: Levenshtein plus adjacent
// transpositions, so that `hots` is one edit from `host`.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  std::iota(previous.begin(), previous.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = fold(a[i - 1]) == fold(b[j - 1]);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) && fold(a[i - 2]) == fold(b[j - 1])) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    before.swap(previous);
    previous.swap(current);
  }
  return previous[b.size()];
}

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string_view>& candidates) {
  const std::size_t allowed = std::clamp<std::size_t>(word.size() / 3, 1, 3);
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  for (std::string_view candidate : candidates) {
    // Very long words cannot be close to any keyword; skip the quadratic work.
    if (word.size() > candidate.size() + allowed) continue;
    if (word == candidate) continue;  // an exact word is not a typo (`Drop` is, for `drop`)
    const std::size_t distance = edit_distance(word, candidate);
    // Ties go to the candidate closest in length: `form` is `from`, not `for`.
    const auto length_gap = [&](std::string_view c) {
      return c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    };
    if (distance < best_distance || (distance == best_distance && best && length_gap(candidate) < length_gap(*best))) {
      best_distance = distance;
      best = std::string(candidate);
    }
  }
  return best;
}

}  // namespace faultc
