#pragma once
// The diagnostic code of a syntax error, by the grammar rule whose commit
// point raised it: F001 unless the rule is listed here. grammar/errors.hpp
// gives each such rule its message; the code is the parser's business, so it
// lives beside the parser, as a Code: a code that is not registered in
// diagnostic_codes.def does not compile.
#include "compiler/diagnostics/diagnostic.hpp"
#include "grammar/grammar.hpp"

namespace faultc::parse_detail {

template <typename Rule>
inline constexpr Code syntax_code = Code::F001;

namespace g = faultc::grammar;

// A malformed address.
template <> inline constexpr Code syntax_code<g::ipv4_octet> = Code::F002;
template <> inline constexpr Code syntax_code<g::ipv4_dot> = Code::F002;
template <> inline constexpr Code syntax_code<g::ipv4_end> = Code::F002;
template <> inline constexpr Code syntax_code<g::ipv6_valid> = Code::F002;
template <> inline constexpr Code syntax_code<g::prefix_length> = Code::F002;
template <> inline constexpr Code syntax_code<g::dns_name_error> = Code::F002;
// A bad string.
template <> inline constexpr Code syntax_code<g::escape_char> = Code::F004;
template <> inline constexpr Code syntax_code<g::string_close> = Code::F004;

}  // namespace faultc::parse_detail
