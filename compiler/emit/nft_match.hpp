#pragma once
// nft text for a match and a verdict.
#include <string>
#include <vector>

#include "compiler/ir/ruleset.hpp"

namespace faultc::emit {

// Appends the match expressions, each followed by a space (nothing for no
// match): one line's worth.
// A limit per source or per connection keeps its buckets in a set of one
// family: `bucket_family` is the family of the line printed (a chain that
// both families reach prints such a line once for each).
void append_nft_match(std::string& out, const ruleset::Match& match,
                      ruleset::Family bucket_family = ruleset::Family::ipv4);
// A limit's buckets per source or connection: the set of one family, its
// name, and its declaration inside the table.
std::string nft_bucket_set(const ruleset::Limit& limit, ruleset::Family family);
std::string nft_bucket_set_declaration(const ruleset::Limit& limit, ruleset::Family family);
std::string nft_verdict(const ruleset::Verdict& verdict);
std::string nft_flags(std::uint8_t bits);  // "syn|ack", or "0x0"

}  // namespace faultc::emit
