#pragma once
// iptables text for a match and a verdict, for one family.
#include <string>
#include <vector>

#include "compiler/ir/ruleset.hpp"

namespace faultc::emit {

// The match options of each line a match needs: one, unless an address or
// port list is too long for one line (then one line per chunk). Fills
// `lines` and keeps its strings' capacity: pass the same vector for every
// match, and a million rules allocate nothing per line.
void iptables_match(const ruleset::Match& match, ruleset::Family family, std::vector<std::string>& lines);
// A final verdict (allow, drop, reject, log); jumps name chains, which the
// caller prints.
void append_iptables_verdict(std::string& out, const ruleset::Verdict& verdict, ruleset::Family family);
std::string iptables_flags(std::uint8_t bits);  // "SYN,ACK", or "NONE"

// hashlimit takes byte rates per second only; the rate converted.
std::uint64_t iptables_bytes_per_second(const ruleset::Limit& limit);
// The smallest byte burst hashlimit accepts for the rate: about one second
// of it, as hashlimit rounds it (a rate of 100 bytes/s takes 96).
std::uint64_t iptables_min_byte_burst(const ruleset::Limit& limit);

}  // namespace faultc::emit
