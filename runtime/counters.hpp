#pragma once
// Reading what the kernel counted for each fault rule.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "runtime/backend.hpp"

namespace faultc::runtime {

// What a rule did to the packets it saw, each kind counted on its own: a
// `limit` drops only what is over its rate, and a `reject` answers.
struct RuleCounters {
  std::uint64_t seen_packets = 0, seen_bytes = 0;      // entered the rule (matched its selector)
  std::uint64_t dropped_packets = 0, dropped_bytes = 0;    // dropped by `drop` (with or without a %)
  std::uint64_t rejected_packets = 0, rejected_bytes = 0;  // refused by `reject`
  std::uint64_t limited_packets = 0, limited_bytes = 0;    // dropped by `limit`: over its rate
};

// Which of the three a counted rule line is, from its text: a rate match
// (`limit rate over`, `-m hashlimit`, `-m limit`) makes it `limited`, else
// its verdict decides. Nothing for a line that lets packets through.
enum class Outcome { dropped, rejected, limited };
std::optional<Outcome> outcome_of(const std::string& rule_text);

// What a listing says, added by rule number: `nft list table` of the
// scenario's table, or one family's `iptables-save -c` (of the scenario
// `id`, a valid id). A rule's packets are `seen` where they enter it: on
// its jumps, or on its gate chain's window lines when it has one.
void count_nft(const std::string& listing, std::map<std::size_t, RuleCounters>& out);
void count_iptables(const std::string& save_text, const std::string& id, std::map<std::size_t, RuleCounters>& out);

// By rule number. Empty when the scenario has no objects (or the id is not
// a valid id).
std::map<std::size_t, RuleCounters> read_counters(Backend backend, const std::string& id);

}  // namespace faultc::runtime
