#pragma once
// The backend-neutral ruleset: what `lower` decides once for every backend.
// Kernel object names, the split by address family, one chain per fault
// rule, one line per action pattern, jumps from the hooks carrying the
// selector and the time windows. A backend is a printer of this.
#include <fmt/compile.h>
#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/support/box.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/support/small_vector.hpp"

namespace faultc::ruleset {

using ir::ConnState;
using ir::Family;
using ir::Protocol;
using ir::RejectKind;

enum class Hook : std::uint8_t { input, output, forward };

// The hook that sees a direction's packets.
constexpr Hook hook_of(ir::Direction direction) {
  switch (direction) {
    case ir::Direction::inbound: return Hook::input;
    case ir::Direction::outbound: return Hook::output;
    case ir::Direction::forwarded: return Hook::forward;
  }
  return Hook::input;
}

struct Prefix {
  ir::u128 value = 0;  // IPv4 in the low 32 bits
  Family family = Family::ipv4;
  std::uint8_t length = 32;
  friend bool operator==(const Prefix&, const Prefix&) = default;
};

// Addresses of ONE family, as the fewest CIDR prefixes covering them.
struct AddressMatch {
  SmallVector<Prefix> prefixes;
  bool negated = false;
};

struct PortRange {
  std::uint16_t low = 0, high = 0;
  friend bool operator==(const PortRange&, const PortRange&) = default;
};

struct PortMatch {
  SmallVector<PortRange> ranges;  // two ranges without an allocation
};

struct Limit {
  double amount = 0;  // per period (a rate may be fractional: 1.5/s)
  bool bytes = false;
  std::uint64_t period_ms = 1000;
  std::uint64_t burst = 0;
  std::string name;  // a kernel-unique name for iptables' hashlimit (and nft's per-key sets)
  // A bucket per source or per connection rather than one: forgotten after
  // `expiry_ms` idle (target_ranges::bucket_expiry_ms), at most kBuckets.
  std::optional<ir::LimitPer> per;
  std::uint64_t expiry_ms = 0;
  static constexpr std::uint32_t kBuckets = 65536;
};

struct Match {
  std::optional<Family> family;  // absent: both (nothing family-specific below)
  std::optional<Protocol> protocol;
  std::optional<AddressMatch> source, destination;
  std::optional<PortMatch> source_ports, destination_ports;
  Box<std::string> in_interface, out_interface;  // boxed, as is the limit: few rules have them
  std::optional<ir::FlagTest> flags;
  std::optional<ConnState> state;
  bool payload = false;                  // carries data (TCP payload length > 0)
  std::optional<ir::IcmpTest> icmp;      // an ICMP message; the match's family is the test's
  std::optional<ir::LengthRange> length; // the whole IP packet's length; with a family (nft's fields differ)
  std::optional<std::uint32_t> probability;  // parts per million
  Box<Limit> over_limit;                 // packets beyond the rate
};

struct Verdict {
  // jump: walk chain `target`, then go on; go: walk chain `target` instead
  // of the rest of this chain (iptables -g, nft goto).
  enum class Kind : std::uint8_t { allow, drop, reject, log, jump, go } kind = Kind::drop;
  RejectKind reject_with = RejectKind::icmp_port_unreachable;
  std::uint32_t target = 0;  // jump, go: index into Ruleset::chains
  Box<std::string> log_prefix;  // as written; boxed, as few lines log (read through prefix())
  Span log_prefix_span;  // where the prefix was written, for diagnostics

  // The log prefix, empty when none was written.
  std::string_view prefix() const { return log_prefix ? std::string_view(*log_prefix) : std::string_view(); }
};

// One line of a rule chain: an action's pattern alternative.
struct Line {
  // What the line tests, boxed: most lines test nothing (their rule's jump
  // carries the selector), and a Match is 192 bytes, at a million rules
  // 180 MB of nothing. Absent: the line takes every packet.
  Box<Match> condition;
  Verdict verdict;
  std::uint32_t source_line = 0;  // its comment says "file.fault:12" (see comment())
  Span span;

  const Match& match() const;  // the condition, or the Match of every packet
};

// A line's condition as stored: absent when the match takes every packet.
Box<Match> line_condition(Match match);

// The chain of one fault rule: its actions, first match wins. An action
// that must act at most once per packet but has several pattern
// alternatives (a log, a random drop, a limit) gets two helper chains of
// the same rule: one that tries the patterns and `go`es to the other, which
// acts once; see lower.cpp.
struct Chain {
  std::size_t rule_number = 0;  // 1-based
  // A helper chain of the rule's action number `helper_action` (1-based):
  // role 'a' tries the patterns, 'd' acts once. Role 0: the rule's own chain.
  char helper_role = 0;
  std::uint32_t helper_action = 0;
  bool ipv4 = false, ipv6 = false;  // families whose jumps reach it
  // A rule chain whose jumps enter it through the rule's gate chain (nft
  // gate_<n>, iptables FAULTC-<id>-<n>g): the jumps test no window, and
  // the gate chain tests each window once and enters this chain (or acts
  // itself, when the chain's verdict is inlined). A rule of J jumps and W
  // windows prints J + W lines instead of J x W. The jumps still carry
  // their windows (eval walks them as before: the same packets pass).
  // lower decides (gate_pays).
  bool gated = false;
  std::vector<Line> lines;
};

// The selector: from a hook into a rule chain, for one family or both.
struct Jump {
  Hook hook = Hook::input;
  Match match;
  // Indices, 32 bits as the line's target: a scenario of 64 MiB files has
  // far fewer than 2^32 chains (at most a few per rule of 5 bytes or more).
  std::uint32_t chain = 0;    // index into Ruleset::chains
  std::uint32_t windows = 0;  // index into Ruleset::window_lists
  std::uint32_t source_line = 0;  // of the rule, for the comment
  Span span;
};

// Packets that pass every rule of the scenario: printed ahead of every
// rule of their hook, as a line that leaves the scenario's own hook chain
// (nft: `return` from the base chain; iptables: RETURN from the dispatch
// chain, back to the built-in one), never an accept of the host's.
struct Protection {
  // loopback: the hook's `lo` (in the match); neighbour_discovery: one
  // ICMPv6 message of IPv6 neighbour discovery, types 133-137 (the match's
  // `icmp`); selector: a `protect` line's packets, or with `mirror` the
  // replies to them.
  enum class Kind : std::uint8_t { loopback, neighbour_discovery, selector } kind = Kind::selector;
  Hook hook = Hook::input;
  Match match;
  bool mirror = false;
  std::uint32_t source_line = 0;  // selector: the `protect` line's
  Span span;                      // selector: the `protect` line
};
// The ICMPv6 types of neighbour discovery (RFC 4861): router solicitation
// and advertisement, neighbour solicitation and advertisement, redirect.
inline constexpr std::uint8_t kNeighbourDiscoveryFirst = 133, kNeighbourDiscoveryLast = 137;
// A protection's comment in the artifact: "file.fault:3 protect", or
// "faultc protects loopback" for a default one.
struct Ruleset;
std::string protection_comment(const Ruleset& r, const Protection& p);

struct Ruleset {
  std::string scenario_name;  // as written (printed only in sanitized comments)
  std::string id;             // the sanitized kernel id, [a-z0-9_]{1,13}
  std::string iptables_prefix;  // FAULTC-<id>
  std::string nft_table;        // faultc_<id>
  std::string comment_file;     // the root file's base name: comments say "<comment_file>:<line>"
  std::int32_t priority = -10;
  std::optional<std::uint64_t> life_ms;  // absent: for ever
  std::uint64_t at_ms = 0;               // the offset the artifact starts at (--at)
  // Ahead of every rule of their hook, in order: the defaults, then the
  // `protect` lines'.
  std::vector<Protection> protections;
  std::vector<Chain> chains;
  // In rule order, so their chain indices never decrease (jumps_into).
  std::vector<Jump> jumps;
  // The window lists jumps carry, one per distinct timing (`after`, `for`,
  // `every`): rules share a handful, and a list per jump would cost an
  // allocation per rule.
  std::vector<std::vector<ir::Window>> window_lists;
  bool follows_timeline = false;  // jumps carry windows the artifact must switch

  const std::vector<ir::Window>& windows(const Jump& jump) const { return window_lists[jump.windows]; }
};

// A line's or jump's comment in the artifact: "file.fault:12", and on a
// jump that carries its rule's verdict "file.fault:12 rule 3" (no chain of
// that rule exists then, and `faultc status` counts by rule). Printed with
// fmt, straight into the artifact.
struct Comment {
  std::string_view file;
  std::uint32_t line = 0;
  std::size_t rule = 0;  // 0: the rule is not named
};
inline Comment comment(const Ruleset& r, const Line& line) { return {r.comment_file, line.source_line}; }
// The longest any comment of `r` can be: its file name, then `:LINE rule N`
// with a 32-bit line and a 64-bit rule number. A tool's comment limit at
// least this long holds every comment, so that none is measured one by one.
inline constexpr std::string_view kLongestCommentSuffix = ":4294967295 rule 18446744073709551615";
inline std::size_t longest_comment(const Ruleset& r) { return r.comment_file.size() + kLongestCommentSuffix.size(); }
// A tool's limit on comment length: a comment is measured against it only
// when some comment of the ruleset could exceed it (longest_comment).
class CommentLimit {
 public:
  CommentLimit(const Ruleset& r, std::size_t limit) : limit_(limit), all_fit_(longest_comment(r) <= limit) {}
  bool exceeded_by(const Comment& comment) const;

 private:
  std::size_t limit_;
  bool all_fit_;
};
inline Comment comment(const Ruleset& r, const Jump& jump, bool names_rule) {
  return {r.comment_file, jump.source_line, names_rule ? r.chains[jump.chain].rule_number : 0};
}

// A chain's name as printed: iptables' FAULTC-<id>-<n> (helpers
// FAULTC-<id>-<n>a<k>, gates FAULTC-<id>-<n>g, both hashed to fit 28
// characters when longer), nft's rule_<n> (rule_<n>_a<k>, gate_<n>).
struct ChainName {
  const Ruleset& ruleset;
  const Chain& chain;
  enum class Style : std::uint8_t { iptables, nft } style;
  bool gate = false;  // the gate chain of `chain` (Chain::gated), not the chain
};
inline ChainName iptables_name(const Ruleset& r, const Chain& c) { return {r, c, ChainName::Style::iptables}; }
inline ChainName nft_name(const Ruleset& r, const Chain& c) { return {r, c, ChainName::Style::nft}; }
inline ChainName iptables_gate_name(const Ruleset& r, const Chain& c) {
  return {r, c, ChainName::Style::iptables, true};
}
inline ChainName nft_gate_name(const Ruleset& r, const Chain& c) { return {r, c, ChainName::Style::nft, true}; }
// The same as a string, for what is not printed straight into an artifact.
std::string name_text(const ChainName& name);

// Kernel rate limits take whole numbers: the same packet rate with a whole
// amount, moving to a longer period (second, minute, hour, day) until the
// amount is whole (1.5/s is 90/minute); at least 1.
struct WholeRate {
  std::uint64_t amount = 1;
  std::uint64_t period_ms = 1000;
};
WholeRate whole_packet_rate(const Limit& limit);
WholeRate whole_packet_rate(double amount, std::uint64_t period_ms);

// The jumps into chain `chain` among `jumps`: lower makes jumps in rule
// order (Ruleset::jumps), so a chain's jumps are adjacent and found by
// binary search, without an index of a million entries.
std::span<const Jump> jumps_into(std::span<const Jump> jumps, std::size_t chain);

// A run of whole rules of a ruleset: chains [chain_first, chain_last) and
// the jumps into them, [jump_first, jump_last). Printers and checks take a
// range, so that each chunk of a ruleset is done apart and the chunks are
// joined in order (compiler/driver/artifact.cpp).
struct RuleRange {
  std::size_t chain_first = 0, chain_last = 0, jump_first = 0, jump_last = 0;
};
RuleRange all_rules(const Ruleset& ruleset);

// A negated list of several prefixes, which iptables cannot say in one
// rule (`! -s a,b` is refused): its chain RETURNs the listed addresses first.
bool negated_address_list(const std::optional<AddressMatch>& match);
// Whether two matches carry the same negated lists on each side (none
// counts as the same), so that one set of RETURN guards serves both.
bool same_negated_lists(const Match& a, const Match& b);

// Rule chains that need not exist: the chain holds one line that matches
// every packet and decides its fate for good (drop, or a reject other than
// a TCP reset, which iptables takes only on a line that says -p tcp), no
// line of another chain goes there, and no jump into it needs RETURN guards.
// Its jumps carry that verdict themselves, so a policy of 100,000 one-action
// rules is one flat list: iptables-nft loads 10,000 rules in 0.45 s that
// way and in 3 s as 10,000 chains. The jumps' comments then name the rule
// too (comment()) and must fit the tool's `comment_limit`; a rule whose
// comment would not keeps its chain. One entry per chain: the verdict, or null.
std::vector<const Verdict*> inlined_verdicts(const Ruleset& ruleset, std::size_t comment_limit);

// iptables' dispatch chain for a hook: FAULTC-<id>-in / -out / -fwd.
std::string dispatch_chain(const Ruleset& ruleset, Hook hook);
const char* builtin_chain(Hook hook);  // INPUT / OUTPUT / FORWARD
const char* nft_hook(Hook hook);       // input / output / forward

// Appends a chain's name to `out` (what ChainName's formatter prints).
void append_name(fmt::memory_buffer& out, const ChainName& name);

}  // namespace faultc::ruleset

template <>
struct fmt::formatter<faultc::ruleset::Comment> {
  constexpr auto parse(format_parse_context& ctx) { return ctx.begin(); }
  template <typename Context>
  auto format(const faultc::ruleset::Comment& c, Context& ctx) const {
    if (c.rule != 0) return fmt::format_to(ctx.out(), FMT_COMPILE("{}:{} rule {}"), c.file, c.line, c.rule);
    return fmt::format_to(ctx.out(), FMT_COMPILE("{}:{}"), c.file, c.line);
  }
};

template <>
struct fmt::formatter<faultc::ruleset::ChainName> {
  constexpr auto parse(format_parse_context& ctx) { return ctx.begin(); }
  template <typename Context>
  auto format(const faultc::ruleset::ChainName& name, Context& ctx) const {
    fmt::memory_buffer text;
    faultc::ruleset::append_name(text, name);
    return std::copy(text.begin(), text.end(), ctx.out());
  }
};
