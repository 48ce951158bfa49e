#pragma once
// nft text for a match and a verdict.
#include <string>
#include <vector>

#include "compiler/ir/ruleset.hpp"

namespace faultc::emit {

// Appends the match expressions, each followed by a space (nothing for no
// match): one line's worth.
void append_nft_match(std::string& out, const ruleset::Match& match);
std::string nft_verdict(const ruleset::Verdict& verdict);
std::string nft_flags(std::uint8_t bits);  // "syn|ack", or "0x0"

}  // namespace faultc::emit
