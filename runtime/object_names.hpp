#pragma once
// The names faultc gives its kernel objects, recognised exactly: a kernel id
// that is safe to pass to nft and iptables, and the chains a scenario
// creates (never an operator's chain that merely shares the prefix).
#include <optional>
#include <string>
#include <string_view>

namespace faultc::runtime {

// A kernel id as compiler/lower/object_id.cpp makes them: lowercase letters,
// digits and single underscores, starting with a letter or digit, at most
// 32 characters. Anything else (a `;`, a space, a `/`, a `(`) is refused
// before it reaches a file name, a regex or a tool's arguments.
bool valid_id(std::string_view id);

// Whether `chain` is one of the iptables chains faultc creates for `id`:
// FAULTC-<id>-in|out|fwd, FAULTC-<id>-<rule>, FAULTC-<id>-<rule>a<n> /
// d<n> (a rule's helper chains), or FAULTC-<id>-<hash> where a helper
// chain's name was too long (8 hex digits, fewer when cut at 28
// characters).
bool is_faultc_chain(std::string_view chain, std::string_view id);

// The id of a faultc chain's name, when it is one (for `revert --all`,
// which finds ids in the kernel); ambiguous prefixes resolve to the longest
// id that makes the whole name a faultc chain name.
std::optional<std::string> faultc_chain_id(std::string_view chain);

// Whether `chain` is a faultc scenario's dispatch chain, the only chains
// a built-in chain jumps to (FAULTC-<id>-in|out|fwd).
bool is_faultc_dispatch_chain(std::string_view chain, std::string_view id);

}  // namespace faultc::runtime
