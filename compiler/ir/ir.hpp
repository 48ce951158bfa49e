#pragma once
// The normalized intermediate representation: names resolved, presets
// expanded, defaults applied, address sets as sorted merged intervals per
// family, ports as intervals, flag patterns as (mask, value) pairs, times in
// integral milliseconds. Every node keeps the span of the source that
// produced it. Lowering, linting and evaluation all read this.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/parse/ast.hpp"
#include "compiler/support/box.hpp"
#include "compiler/support/interval_set.hpp"
#include "compiler/source/source.hpp"

namespace faultc::ir {

__extension__ typedef unsigned __int128 u128;  // an IPv6 address as one number

using ast::ConnState;
using ast::Direction;
using ast::Family;
using ast::LimitPer;
using ast::Protocol;
using ast::RejectKind;
using ast::Verdict;

struct AddressSet {
  IntervalSet<std::uint32_t> v4;
  IntervalSet<u128> v6;

  void normalize() {
    v4.normalize();
    v6.normalize();
  }
  bool empty() const { return v4.empty() && v6.empty(); }
  bool has(Family family) const { return family == Family::ipv4 ? !v4.empty() : !v6.empty(); }
  std::size_t interval_count() const { return v4.intervals().size() + v6.intervals().size(); }
  friend bool operator==(const AddressSet&, const AddressSet&) = default;
};

struct AddressMatch {
  AddressSet set;
  bool negated = false;  // `not ADDR`: every address of either family outside the set
  Span span;
  // The addresses this match accepts in one family.
  template <typename T>
  IntervalSet<T> effective(const IntervalSet<T>& in_family) const {
    return negated ? in_family.complement() : in_family;
  }
  // A negated set that covers a whole family matches nothing of it (iptables-nft
  // refuses `! -s 0.0.0.0/0`, and it would say nothing anyway).
  bool can_match(Family family) const {
    if (!negated) return set.has(family);
    return family == Family::ipv4 ? !set.v4.is_everything() : !set.v6.is_everything();
  }
  friend bool operator==(const AddressMatch&, const AddressMatch&) = default;
};

using PortSet = IntervalSet<std::uint16_t>;

struct PortMatch {
  PortSet set;
  Span span;
  friend bool operator==(const PortMatch&, const PortMatch&) = default;
};

// One way of traffic at one hook: `from A port P to B port Q` as this host
// receives, sends or forwards it. A rule is one flow, or several:
// `inbound between A and B` is two (A to B, B to A), `with A` two (received
// from A, sent to A), `between A and B` on this host four (both ways,
// received and sent).
struct Flow {
  Direction direction = Direction::inbound;
  std::optional<AddressMatch> source, destination;  // absent: any address
  std::optional<PortMatch> source_ports, destination_ports;
  friend bool operator==(const Flow&, const Flow&) = default;
};

struct Selector {
  ast::Protocols protocols;  // empty: every protocol
  std::vector<Flow> flows;   // at least one
  Box<std::string> interface;  // boxed: few rules name one; arrival or exit, by the flow's direction
  bool ipv4 = true, ipv6 = true;  // the families the rule can match
  Span span;

  // Whether some flow is in `direction`.
  bool has(Direction direction) const {
    for (const Flow& flow : flows) {
      if (flow.direction == direction) return true;
    }
    return false;
  }
  // Whether some flow names a port (a port without a protocol means TCP).
  bool has_ports() const {
    for (const Flow& flow : flows) {
      if (flow.source_ports || flow.destination_ports) return true;
    }
    return false;
  }
};

// TCP flags: exactly `value` of the bits in `mask` are set.
struct FlagTest {
  std::uint8_t mask = 0, value = 0;
  bool matches(std::uint8_t flags) const { return (flags & mask) == value; }
  friend bool operator==(const FlagTest&, const FlagTest&) = default;
};

// An ICMP message of one family: ICMP for IPv4, ICMPv6 for IPv6. Without a
// code, every code of the type.
struct IcmpTest {
  Family family = Family::ipv4;
  std::uint8_t type = 0;
  std::optional<std::uint8_t> code;
  bool matches(Family f, std::uint8_t t, std::uint8_t c) const {
    return f == family && t == type && (!code || *code == c);
  }
  friend bool operator==(const IcmpTest&, const IcmpTest&) = default;
};

// The whole IP packet's length in bytes, header included, both ends in the
// range: IPv4's total length, IPv6's payload length plus its 40-byte header
// (iptables' `-m length`).
struct LengthRange {
  std::uint16_t low = 0, high = 65535;
  bool contains(std::uint32_t length) const { return low <= length && length <= high; }
  friend bool operator==(const LengthRange&, const LengthRange&) = default;
};

struct Pattern {
  enum class Kind : std::uint8_t { flags, state_new, state_established, data, icmp, length } kind = Kind::flags;
  FlagTest flags;     // kind == flags
  IcmpTest icmp;      // kind == icmp: one pattern per family a name has
  LengthRange length; // kind == length
  Span span;
  friend bool operator==(const Pattern&, const Pattern&) = default;
};

struct Rate {
  double amount = 0;  // packets or bytes per period
  bool bytes = false;
  std::uint64_t period_ms = 1000;
  std::uint64_t burst = 0;  // always stated: packets, or bytes for a byte rate
  bool burst_written = false;
  std::optional<ast::LimitPer> per;  // absent: one bucket for every packet
  Span span, per_span;
};

struct Action {
  enum class Kind : std::uint8_t { allow, drop, reject, limit, log } kind = Kind::drop;
  std::vector<Pattern> patterns;  // alternatives; empty: every packet the rule sees
  std::optional<std::uint32_t> probability;  // parts per million, for `drop P%`
  Span probability_span;
  RejectKind reject_with = RejectKind::icmp_port_unreachable;
  bool reject_with_written = false;
  Box<Rate> rate;  // boxed, as is the prefix: few actions have them
  Box<std::string> log_prefix;
  Span log_prefix_span;
  Span span;

  // Decides the packet's fate for this rule, so later actions never see it.
  bool terminal() const { return kind != Kind::log && kind != Kind::limit; }
  // Always decides when it matches: a random drop (below 100%) or a rate
  // limit does not.
  bool deterministic() const { return terminal() && (!probability || *probability == 1'000'000); }
};

// The written kind an action's kind is named by, for its word: the first
// five written kinds, in the same order (half-open and blackhole expand
// into them).
constexpr ast::Action::Kind written_kind(Action::Kind kind) {
  return static_cast<ast::Action::Kind>(kind);
}
static_assert(written_kind(Action::Kind::allow) == ast::Action::Kind::allow &&
              written_kind(Action::Kind::drop) == ast::Action::Kind::drop &&
              written_kind(Action::Kind::reject) == ast::Action::Kind::reject &&
              written_kind(Action::Kind::limit) == ast::Action::Kind::limit &&
              written_kind(Action::Kind::log) == ast::Action::Kind::log);

struct Timing {
  std::uint64_t after_ms = 0;
  std::optional<std::uint64_t> for_ms;    // absent: until the scenario ends
  std::optional<std::uint64_t> every_ms;  // with for_ms: repeat the window
  Span after_span, for_span, every_span;
};

struct Window {
  std::uint64_t start_ms = 0, end_ms = 0;  // [start, end)
  friend bool operator==(const Window&, const Window&) = default;
};

struct Rule {
  std::size_t number = 0;  // 1-based, in file order
  Selector selector;
  std::vector<Action> actions;
  // `after`, `for` and `every` as written: boxed, as most rules of a big
  // policy have none (the scenario's life bounds them), and a Timing is 80
  // bytes. Read through timing().
  Box<Timing> written_timing;
  Span span;

  // The rule's timing: as written, or active from the start while the
  // scenario lasts.
  const Timing& timing() const {
    static const Timing untimed;
    return written_timing ? *written_timing : untimed;
  }
};

// A `protect` line: the packets its selector's flows match and the
// replies to them pass every rule of the scenario. Without a direction
// (and without `with`), the flows are at every hook: inbound, outbound and
// forwarded.
struct Protection {
  Selector selector;
  // The replies to the flows (source and destination swapped, ports too,
  // the other hook), but for those that are already one of the flows.
  std::vector<Flow> replies;
  bool every_direction = false;  // no direction written
  Span span;
};

struct PacketAddress {
  Family family = Family::ipv4;
  u128 value = 0;  // IPv4 in the low 32 bits
};

// An `expect` packet. Absent fields are "unspecified".
struct Packet {
  Direction direction = Direction::inbound;
  std::optional<Protocol> protocol;
  std::optional<PacketAddress> source, destination;
  std::optional<std::uint16_t> source_port, destination_port;
  std::optional<std::string> interface;
  std::optional<std::uint8_t> flags;
  std::optional<ConnState> state;
  bool data = false;
  std::optional<std::uint8_t> icmp_name;  // index in icmp_names() (parse/icmp_types.hpp)
  std::optional<std::uint8_t> icmp_code;  // as written after the name
  std::optional<std::uint16_t> length;    // the whole IP packet, in bytes
  Span span;
};

struct Expect {
  Packet packet;
  Verdict verdict = Verdict::allowed;
  std::uint64_t at_ms = 0;
  Span span;
};

struct Definition {
  enum class Kind : std::uint8_t { host, port } kind = Kind::host;
  std::string name;
  Span span;  // of the name
  bool used = false;
  bool in_root = false;  // defined in the scenario's own file, not an include
};

struct Scenario {
  std::string name;
  Span name_span;  // the `scenario` statement, or empty when named after the file
  std::string file_name;  // the root file's base name, for comments in artifacts
  std::optional<std::int32_t> priority;
  std::optional<std::uint64_t> life_ms;  // absent: `for ever`
  Span life_span;
  bool life_written = false;  // a `for D` line, rather than derived from the rules
  std::vector<Rule> rules;
  std::vector<Protection> protections;  // `protect` lines, in file order
  // `expose loopback`, `expose neighbour-discovery`: the default protection
  // given up, where; absent: protected.
  std::optional<Span> exposed_loopback, exposed_neighbour_discovery;
  std::vector<Expect> expects;
  std::vector<Definition> definitions;
};

// The windows in which a rule is active, in order. A rule without `every`
// has one; with `every`, one per period for as long as it fits in the life.
std::vector<Window> windows(const Rule& rule, const Scenario& scenario);
// The same for a timing alone (a fleet's partition), within a life.
std::vector<Window> windows(const Timing& timing, std::optional<std::uint64_t> life_ms);

}  // namespace faultc::ir
