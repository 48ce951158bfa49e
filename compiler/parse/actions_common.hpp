#pragma once
// The template every grammar action specialises, and the helpers that take
// values off the builder's scratch. The actions themselves are split by
// section of the grammar (parse_actions.hpp lists them). Each specialises one
// exact rule, copies what it needs from the matched text and records spans.
// They build; they judge only what is known once the text is decoded (a port
// of 65536, a duration that overflows) or a clause given twice.
#include <tao/pegtl.hpp>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "compiler/parse/parse_builder.hpp"
#include "compiler/parse/words.hpp"
#include "grammar/grammar.hpp"

namespace faultc::parse_detail {

namespace g = faultc::grammar;

template <typename Rule>
struct action : tao::pegtl::nothing<Rule> {};

template <typename T>
T take_back(std::vector<T>& items) {
  T item = std::move(items.back());
  items.pop_back();
  return item;
}

// The value of a slot the grammar guarantees is filled, which it empties.
template <typename T>
T take(std::optional<T>& value) {
  T out = std::move(*value);
  value.reset();
  return out;
}

// The boxed value of an optional slot, which it empties; null when there is
// none.
template <typename T>
std::unique_ptr<T> take_boxed(std::optional<T>& value) {
  return value ? std::make_unique<T>(take(value)) : nullptr;
}

}  // namespace faultc::parse_detail
