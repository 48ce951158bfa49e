#pragma once
// An enum's words in one table, read both ways: `word(value)` for every
// printer and `from_word<Enum>(text)` for every reader, so that a word is
// written once. The folder that defines an enum specialises `Words<Enum>`
// beside it (parse/words.hpp for the AST's).
#include <optional>
#include <string_view>

namespace faultc {

template <typename Value>
struct Word {
  Value value;
  std::string_view text;
};

// Specialised once per enum, with every value in it:
//   template <> struct Words<E> { static constexpr Word<E> table[] = {{E::a, "a"}, ...}; };
template <typename Enum>
struct Words;

template <typename Enum>
concept HasWords = requires {
  Words<Enum>::table;
};

template <HasWords Enum>
constexpr std::string_view word(Enum value) {
  for (const auto& [v, text] : Words<Enum>::table) {
    if (v == value) return text;
  }
  return {};  // not reached: each table holds every value (tests/unit/words_test.cpp)
}

// Exact and case-sensitive, as the grammar's keywords are.
template <HasWords Enum>
constexpr std::optional<Enum> from_word(std::string_view text) {
  for (const auto& [v, w] : Words<Enum>::table) {
    if (w == text) return v;
  }
  return std::nullopt;
}

}  // namespace faultc
