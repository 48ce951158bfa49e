#pragma once
// Decoding of literal text the grammar has already matched: numbers,
// durations, percentages, rates, strings and addresses. Each function
// returns nothing (or an error text) when the value does not fit; the
// grammar guarantees the shape.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "compiler/parse/ast.hpp"

namespace faultc::literals {

std::optional<std::uint64_t> unsigned_value(std::string_view digits);

// The size of a duration part's unit in ms: `30m` → 60000.
std::uint64_t duration_unit_ms(std::string_view part);

// `4m` → 240000. Nothing when the value overflows 64 bits of milliseconds.
std::optional<std::uint64_t> duration_part_ms(std::string_view part);

// `30%` or `0.5%` → parts per million, or an error message.
std::variant<std::uint32_t, std::string> percent_per_million(std::string_view text);

// `1mbyte/s`, `100/s`, `1.5kbyte/m` → a rate, or an error message.
std::variant<ast::Rate, std::string> rate(std::string_view text);

// `64kbyte`, `10` → a burst, or an error message.
std::variant<ast::Burst, std::string> burst(std::string_view text);

// The body of a string literal (between the quotes) with escapes resolved.
std::string unescape(std::string_view body);

// An IPv4 or IPv6 address the grammar matched, without prefix.
std::optional<ast::Address> address(std::string_view text);

}  // namespace faultc::literals
