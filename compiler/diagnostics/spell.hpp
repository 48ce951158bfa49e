#pragma once
// "Did you mean" suggestions by edit distance, as ninja's spellcheck does.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace faultc {

// Edit distance (with adjacent transpositions), case-insensitive (flag names are case-insensitive).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate within a distance that grows with the word's length
// (1 for short words, up to 3), or nothing when none is close enough.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace faultc
