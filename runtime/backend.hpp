#pragma once
// The three ways faultc drives netfilter: nft, and iptables through its nft
// or its legacy backend. What each needs, how it applies an artifact
// atomically, how it removes a scenario, and how the whole ruleset looks.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/ir/ruleset.hpp"
#include "runtime/snapshot.hpp"

namespace faultc::runtime {

enum class Backend { nft, iptables_nft, iptables_legacy };

std::optional<Backend> backend_from_name(const std::string& name);  // nft | iptables | iptables-legacy
std::string backend_name(Backend backend);

// The tools a backend runs, e.g. {"nft"} or {"iptables-restore", ...}.
std::vector<std::string> backend_tools(Backend backend);
std::string iptables_tool(Backend backend, ruleset::Family family, const char* suffix);  // "-save", "-restore", ""

// Problems that stop a run before it touches anything: not root, missing
// tools (with the package that provides them). Empty: ready.
std::vector<std::string> preflight(Backend backend);

// The artifact text(s) a backend applies: one nft script, or one restore
// file per family (empty when the family has no rules).
struct Artifact {
  std::string nft;
  std::string ipv4, ipv6;
  std::string teardown_nft, teardown_ipv4, teardown_ipv6;
};

// Applies atomically (one transaction per family); an error message on failure.
std::optional<std::string> apply(Backend backend, const Artifact& artifact);

// Removes a scenario's objects by its kernel id, whatever state they are in:
// exactly the faultc table or the FAULTC-<id> chains and their jumps.
// Idempotent; returns how many objects it removed.
std::size_t remove_objects(Backend backend, const std::string& id);

// Every faultc id that has objects in the kernel (for `revert --all`).
std::vector<std::string> present_ids(Backend backend);

// The whole ruleset, nft's view (which includes iptables-nft's tables) and
// iptables-legacy's for both families, with what changes by itself left out
// (snapshot.hpp): for the exact-revert check.
Snapshot ruleset_snapshot();

// iptables-nft creates its `ip filter` / `ip6 filter` tables and built-in
// chains on first use and leaves them behind, empty. The runner records
// what existed before applying and removes only what it created.
struct IptablesNftLayout {
  std::map<std::string, std::set<std::string>> tables;  // "ip" / "ip6" → chain names
};
IptablesNftLayout iptables_nft_layout();
void remove_iptables_nft_leftovers(const IptablesNftLayout& before);

}  // namespace faultc::runtime
