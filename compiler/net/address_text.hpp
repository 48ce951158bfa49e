#pragma once
// Addresses and prefixes as text, the same for every backend.
#include <string>

#include "compiler/ir/ruleset.hpp"

namespace faultc::emit {

// `10.0.0.5` for a full-length prefix, `10.0.0.0/24` otherwise; IPv6 in
// RFC 5952 form.
std::string prefix_text(const ruleset::Prefix& prefix);
// Always with the length: `10.0.0.5/32` (what iptables-save prints).
std::string prefix_text_with_length(const ruleset::Prefix& prefix);
// The same, appended to `out` (no string per address in big sets).
void append_prefix(std::string& out, const ruleset::Prefix& prefix);
void append_prefix_with_length(std::string& out, const ruleset::Prefix& prefix);
// A number's decimal digits, appended (ports, lengths: a million of them).
void append_number(std::string& out, std::uint64_t number);

}  // namespace faultc::emit
