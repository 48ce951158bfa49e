#pragma once
// The eval stage: a packet interpreter over the backend-neutral Ruleset.
// Given one concrete packet and an offset into the scenario, it walks the
// rules as netfilter does and returns the verdict, the action that decided
// it and the trace of every rule on the way. `faultc test` checks expect
// lines with it; `faultc explain --packet` prints its trace.
//
// The walk, as the emitters print it (docs/testing.md):
// - the jumps of the packet's hook, in order; a jump is taken when one of
//   its windows holds the offset (start <= t < end) and its match holds;
// - in a rule's chain, the first line that matches decides: `allow` returns
//   to the next rule, drop and reject end everything, `log` goes on;
// - a random drop may remove the packet, and a limit removes it when over
//   the rate: either way, the packet that is not removed goes on to the
//   next line. These are hazards, not verdicts.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/ir/ruleset.hpp"
#include "compiler/parse/words.hpp"

namespace faultc::eval {

using ir::Direction;
using ir::Family;
using ir::Protocol;

// The connection-tracking state netfilter's `ct state` sees. `invalid` is
// what conntrack makes of nonsensical TCP flags; a packet in it matches
// neither `new` nor `established`.
// `untracked` is conntrack's for IPv6 neighbour discovery and MLD, which it
// never tracks; it too matches neither.
enum class State : std::uint8_t { new_, established, invalid, untracked };

// One packet with every field decided; complete() fills the fields an
// expect line leaves out.
struct Packet {
  Direction direction = Direction::inbound;
  Family family = Family::ipv4;
  Protocol protocol = Protocol::tcp;
  ir::u128 source = 0, destination = 0;                 // IPv4 in the low 32 bits
  std::uint16_t source_port = 0, destination_port = 0;  // 0 for ICMP
  std::string in_interface, out_interface;              // empty: none at this hook
  std::uint8_t flags = 0;                               // TCP only
  State state = State::established;
  std::uint32_t payload_length = 0;  // bytes after the transport header
  std::uint8_t icmp_type = 0, icmp_code = 0;  // ICMP only: of the packet's family's protocol
  std::uint32_t length = 0;  // the whole IP packet: headers and payload
};

// The length of a packet whose payload is as long as `payload_length`:
// its IP and transport headers (IPv4 20, IPv6 40; TCP 20, UDP and ICMP 8)
// and the payload.
std::uint32_t natural_length(const Packet& packet);

// Bytes of payload a packet written with `data` carries.
inline constexpr std::uint32_t kDataPayload = 100;

// The concrete packet an expect line or `--packet` stands for: every field
// it leaves out filled as docs/testing.md says (an address and a port no
// rule names, TCP, flags and state from each other...).
Packet complete(const ir::Packet& packet, const ruleset::Ruleset& rules);

// The state conntrack gives an ICMP message with no other information: an
// echo request or reply belongs to a connection (the packet says when it
// opens one), neighbour discovery and MLD are never tracked, any other
// message (an error quoting no known connection) is invalid.
State icmp_state(Family family, std::uint8_t type);

// The state conntrack gives a TCP segment with these flags, with no other
// information: nonsensical combinations are invalid, a SYN without ACK
// opens a connection, anything else belongs to one.
State tcp_state(std::uint8_t flags);

// What becomes of a packet: the verdicts an `expect` line states (and
// their words).
using Fate = ir::Verdict;

// A line that may remove the packet without deciding its fate: a random
// drop, or a limit (which drops the packets over its rate).
struct Hazard {
  enum class Kind : std::uint8_t { random_drop, rate_limit } kind = Kind::random_drop;
  std::size_t rule_number = 0;
  Span span;               // the line's: its pattern, or its action
  double probability = 0;  // random_drop: in (0, 1)
  ruleset::Limit limit;    // rate_limit
  // rate_limit per source or per connection: the packet's bucket in words
  // ("source 10.0.0.5"; bucket_text). Each expect packet meets its bucket
  // fresh, that is full, as a source's first packets do.
  std::string bucket;
};

// What happened to the packet at one rule, or at one line of it.
struct Step {
  enum class Kind : std::uint8_t {
    other_hook,    // the rule is for another direction
    inactive,      // none of its windows holds the offset
    not_selected,  // its selector does not match the packet (`reason` says why)
    entered,       // the selector matched: the packet walks the rule's actions
    logged,        // a `log` matched; the packet goes on
    may_drop,      // a random drop matched (a hazard); the survivors go on
    may_limit,     // a limit matched (a hazard); packets under the rate go on (`reason`: its bucket, if keyed)
    allowed,       // an `allow` matched: the packet leaves this rule
    dropped,       // a drop matched: the end
    rejected,      // a reject matched: the end
    passed,        // no action of the rule matched: it leaves the rule untouched
  } kind = Kind::entered;
  std::size_t rule_number = 0;
  Span span;           // the rule's, or the matching line's
  std::string reason;  // other_hook, inactive, not_selected: why, in words
};

// The protection that spared a packet: a `protect` line (its span; `reply`
// for the replies to what it names) or a default one.
struct Spared {
  ruleset::Protection::Kind kind = ruleset::Protection::Kind::selector;
  Span span;
  bool reply = false;
};

struct Verdict {
  enum class Kind : std::uint8_t { allowed, dropped, rejected, dropped_randomly, rate_limited } kind = Kind::allowed;
  // The fate of a packet that no hazard removed.
  Fate otherwise = Fate::allowed;
  // The chance a random drop removes it: 1 - prod(1 - p_i) over the random
  // drops on its path (independent draws).
  double drop_probability = 0;
  // The line behind `otherwise`: the drop or reject, or the last `allow`
  // that let the packet by (none when no rule took it).
  std::optional<Span> fate_by;
  std::size_t fate_rule = 0;
  // The line that decided the verdict: fate_by, except for dropped_randomly
  // and rate_limited, where it is the first such hazard.
  std::optional<Span> decided_by;
  std::size_t decided_rule = 0;
  std::vector<Hazard> hazards;
  std::vector<Step> trace;
  bool after_end = false;  // at or after the scenario's end: nothing applies
  // Protected: no rule saw the packet (the trace is empty); allowed.
  std::optional<Spared> protected_by;
};

// The protection of `rules` that spares `packet` (the first, in the order
// the artifact tests them), if any.
const ruleset::Protection* protection_for(const ruleset::Ruleset& rules, const Packet& packet);

// The verdict for `packet` at `at_ms` into the scenario. `rules` is lowered
// with follows_timeline (every jump carries its windows, from the start).
Verdict evaluate(const ruleset::Ruleset& rules, const Packet& packet, std::uint64_t at_ms);

// Some window holds the offset: start <= at < end.
bool active_at(const std::vector<ir::Window>& windows, std::uint64_t at_ms);

// Why `match` does not hold for `packet`, in words; nothing when it holds.
// Hazards (probability, limit) are not part of it.
std::optional<std::string> mismatch(const ruleset::Match& match, const Packet& packet);

// The hook a packet of this direction passes (ruleset.hpp).
using ruleset::hook_of;

// The address is inside the prefix (of its family).
bool prefix_contains(const ruleset::Prefix& prefix, Family family, ir::u128 address);

// An interface name matches a rule's: equal, or iptables' `eth+` (nft's
// `eth*`) for every name that starts with `eth`.
bool interface_matches(const std::string& pattern, const std::string& name);

}  // namespace faultc::eval

namespace faultc {
// The verdicts' words, as JSON and `explain` print them: the three fates',
// then `dropped_randomly`, `rate_limited`.
template <>
struct Words<eval::Verdict::Kind> {
  using Kind = eval::Verdict::Kind;
  static constexpr Word<Kind> table[] = {{Kind::allowed, word(eval::Fate::allowed)},
                                         {Kind::dropped, word(eval::Fate::dropped)},
                                         {Kind::rejected, word(eval::Fate::rejected)},
                                         {Kind::dropped_randomly, "dropped_randomly"},
                                         {Kind::rate_limited, "rate_limited"}};
};
}  // namespace faultc
