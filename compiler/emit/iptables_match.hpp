#pragma once
// iptables text for a match and a verdict, for one family.
#include <string>
#include <vector>

#include "compiler/ruleset.hpp"

namespace faultc::emit {

// The match options of a line. Most matches are one option string; a
// payload (`data`) match needs one alternative per TCP header length, so
// the result is a list of alternatives (one line each).
std::vector<std::string> iptables_match(const ruleset::Match& match, ruleset::Family family);
std::string iptables_verdict(const ruleset::Verdict& verdict, ruleset::Family family);
std::string iptables_flags(std::uint8_t bits);  // "SYN,ACK", or "NONE"

// hashlimit takes byte rates per second only; the rate converted.
std::uint64_t iptables_bytes_per_second(const ruleset::Limit& limit);

}  // namespace faultc::emit
