#pragma once
// nft text for a match and a verdict.
#include <string>
#include <vector>

#include "compiler/ruleset.hpp"

namespace faultc::emit {

// The match expressions, each followed by a space ("" for no match), as a
// list of alternatives (one line each; today always one).
std::vector<std::string> nft_match(const ruleset::Match& match);
std::string nft_verdict(const ruleset::Verdict& verdict);
std::string nft_flags(std::uint8_t bits);  // "syn|ack", or "0x0"

}  // namespace faultc::emit
