#pragma once
// What the runtime reads from outside, as a fuzz target and for the unit
// tests that replay it: a state file (parsed strictly, whatever the bytes)
// and the tools' ruleset listings the exact-revert check parses.
#include <cstddef>
#include <cstdint>

namespace faultc::fuzz {

// Parses the input as a state file for a few expected ids, and as nft and
// iptables-save listings (then leaves out scenarios and compares): nothing
// may crash, and an accepted state file must carry a valid id.
void runtime_text(const std::uint8_t* data, std::size_t size);

}  // namespace faultc::fuzz
