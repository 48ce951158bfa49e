#pragma once
// Actions of the lexical rules and literals: comments, names, strings,
// durations, percentages, rates, bursts and priorities. A literal's value is
// decoded here, and refused (F003, F006) when it does not fit.
#include <fmt/format.h>

#include <string>
#include <variant>

#include "compiler/parse/actions_common.hpp"
#include "compiler/parse/input_limits.hpp"
#include "compiler/parse/literals.hpp"

namespace faultc::parse_detail {

template <>
struct action<g::comment> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    const Span span = b.span(in);
    // Backtracking can match the same comment twice; keep it once.
    if (!b.out.comments.empty() && b.out.comments.back().span.begin >= span.begin) return;
    b.out.comments.push_back({span});
  }
};

template <>
struct action<g::identifier> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    if (in.size() > kMaxNameLength) {
      b.error(Code::F006, b.span(in),
              fmt::format("this name has {} characters; names are limited to {}", in.size(), kMaxNameLength));
    }
  }
};

template <>
struct action<g::string_literal> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    const std::string_view text = in.string_view();
    if (text.size() > kMaxStringLength + 2) {
      b.error(Code::F006, b.span(in), fmt::format("this string has {} characters; strings are limited to {}",
                                                  text.size() - 2, kMaxStringLength));
    }
    b.scratch.string_value = literals::unescape(text.substr(1, text.size() - 2));
    b.scratch.string_span = b.span(in);
  }
};

// ------------------------------------------------------------- durations
template <>
struct action<g::duration_part> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    Scratch& s = b.scratch;
    // Units go from the largest to the smallest, each once: `1h30m`, not `30m1h`.
    const auto unit = literals::duration_unit_ms(in.string_view());
    if (s.duration_last_unit != 0 && unit >= s.duration_last_unit) {
      b.error(Code::F003, b.span(in), fmt::format("`{}` repeats a unit or comes after a smaller one", in.string_view()),
              "write the parts of a duration from the largest unit to the smallest, each once, like 1h30m");
    }
    s.duration_last_unit = unit;
    const auto ms = literals::duration_part_ms(in.string_view());
    if (!ms || s.duration_ms + *ms < s.duration_ms) {
      s.duration_overflow = true;
      return;
    }
    s.duration_ms += *ms;
  }
};

template <>
struct action<g::duration> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    Scratch& s = b.scratch;
    const Span span = b.span(in);
    if (s.duration_overflow || s.duration_ms > (std::uint64_t{1} << 62)) {
      b.error(Code::F003, span, fmt::format("duration `{}` is too long", in.string_view()),
              "durations are limited to about 146 million years");
    }
    s.duration = ast::Duration{s.duration_ms, span};
    // A statement can hold several durations (`after 1m for 2m`).
    s.duration_ms = 0;
    s.duration_last_unit = 0;
    s.duration_overflow = false;
  }
};

// ------------------------------------------------------------- numbers
template <>
struct action<g::percent> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    auto value = literals::percent_per_million(in.string_view());
    if (auto* message = std::get_if<std::string>(&value)) {
      b.error(Code::F003, b.span(in), *message, "a probability is a percentage from 0% to 100%");
      return;
    }
    b.scratch.probability = ast::Probability{std::get<std::uint32_t>(value), b.span(in)};
  }
};

// A limit's rate or burst, decoded into its slot of the scratch.
template <auto Decode, auto Slot>
struct rate_or_burst_action {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    auto value = Decode(in.string_view());
    if (auto* message = std::get_if<std::string>(&value)) {
      b.error(Code::F003, b.span(in), *message);
      return;
    }
    auto& slot = b.scratch.*Slot;
    slot = std::get<0>(std::move(value));
    slot->span = b.span(in);
  }
};
template <> struct action<g::limit_rate> : rate_or_burst_action<&literals::rate, &Scratch::rate> {};
template <> struct action<g::limit_burst> : rate_or_burst_action<&literals::burst, &Scratch::burst> {};

template <>
struct action<g::priority_value> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    std::string_view text = in.string_view();
    const bool negative = text.starts_with('-');
    if (text.starts_with('-') || text.starts_with('+')) text.remove_prefix(1);
    const auto magnitude = literals::unsigned_value(text);
    // nft hook priorities are 32-bit signed integers.
    if (!magnitude || *magnitude > (negative ? 2147483648ULL : 2147483647ULL)) {
      b.error(Code::F003, b.span(in), fmt::format("priority {} is out of range", in.string_view()),
              "a priority is a 32-bit signed integer, e.g. -300 to run before most other tables");
      return;
    }
    b.scratch.integer = negative ? -static_cast<std::int64_t>(*magnitude) : static_cast<std::int64_t>(*magnitude);
  }
};

}  // namespace faultc::parse_detail
