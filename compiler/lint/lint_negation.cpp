// W108: a `not` set that also takes the host's loopback traffic and IPv6
// neighbour discovery (docs/lint.md, #w108). `not X` means every address
// of either family outside X, so `from not mgmt drop` with an IPv4-only
// `mgmt` takes every IPv6 packet too. Both are protected by default; the
// check is about a scenario that exposed them (`expose loopback`,
// `expose neighbour-discovery`).
#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "compiler/lint/lint.hpp"

namespace faultc {

namespace {

ir::u128 v6(std::uint64_t high, std::uint64_t low) { return (ir::u128{high} << 64) | low; }

// fe80::/10: the link-local sources and targets of neighbour discovery;
// ff02::/16: its link-scope multicast destinations.
const ir::u128 kLinkLocalFirst = v6(0xfe80'0000'0000'0000, 0), kLinkLocalLast = v6(0xfebf'ffff'ffff'ffff, ~0ull);
const ir::u128 kMulticastFirst = v6(0xff02'0000'0000'0000, 0), kMulticastLast = v6(0xff02'ffff'ffff'ffff, ~0ull);
constexpr std::uint32_t kLoopback4 = 0x7f00'0001;  // 127.0.0.1
constexpr ir::u128 kLoopback6 = 1;                  // ::1

bool covers(const IntervalSet<ir::u128>& set, ir::u128 first, ir::u128 last) {
  IntervalSet<ir::u128> range;
  range.add(first, last);
  return range.subset_of(set);
}

// What a negated match takes of the host's own traffic, over every flow of
// the selector it is in (as a source or as a destination).
struct Taken {
  bool loopback4 = false, loopback6 = false, link_local = false, multicast = false;
};

Taken taken_by(const ir::Selector& s, const ir::AddressMatch& match, bool loopback, bool discovery) {
  const auto has4 = [](const ir::AddressMatch& m) { return m.set.v4.contains(kLoopback4); };
  const auto has6 = [](const ir::AddressMatch& m) { return m.set.v6.contains(kLoopback6); };
  // Loopback traffic from 127.0.0.1 goes to a loopback address too (to the
  // host's other addresses, it is sent from them): the other end must admit
  // it as well.
  const auto admits = [](const std::optional<ir::AddressMatch>& m, auto contains) {
    return !m || contains(*m) != m->negated;
  };
  Taken t;
  for (const ir::Flow& flow : s.flows) {
    // Loopback traffic and neighbour discovery are never forwarded.
    if (flow.direction == ast::Direction::forwarded) continue;
    for (const bool source : {true, false}) {
      const auto& here = source ? flow.source : flow.destination;
      if (!here || here->span != match.span) continue;
      const auto& other = source ? flow.destination : flow.source;
      t.loopback4 = t.loopback4 || (loopback && s.ipv4 && !has4(match) && admits(other, has4));
      t.loopback6 = t.loopback6 || (loopback && s.ipv6 && !has6(match) && admits(other, has6));
      t.link_local = t.link_local || (discovery && !covers(match.set.v6, kLinkLocalFirst, kLinkLocalLast));
      t.multicast = t.multicast || (discovery && !source && !covers(match.set.v6, kMulticastFirst, kMulticastLast));
    }
  }
  return t;
}

}  // namespace

void lint_negation_takes_local(const ir::Scenario& scenario, Diagnostics& out) {
  for (const ir::Rule& rule : scenario.rules) {
    const ir::Selector& s = rule.selector;
    if (std::none_of(rule.actions.begin(), rule.actions.end(), may_lose_packets)) continue;
    // Protected unless exposed: then no rule touches them.
    const bool loopback = scenario.exposed_loopback && (!s.interface || *s.interface == "lo");
    const bool discovery = scenario.exposed_neighbour_discovery && s.ipv6 &&
                           (s.protocols.empty() || s.protocols.has(ast::Protocol::icmp)) &&
                           !(s.interface && *s.interface == "lo");
    // `between` and `with` are several flows over the same matches: each
    // negated match once, with what it takes in any of them (`with not X`
    // sends to ff02::/16 as well as receiving from fe80::/10).
    std::vector<Span> reported;
    const bool both_ways = s.has(ast::Direction::inbound) && s.has(ast::Direction::outbound);
    for (const ir::Flow& first : s.flows) {
      for (const bool first_source : {true, false}) {
        const auto& match = first_source ? first.source : first.destination;
        if (!match || !match->negated || first.direction == ast::Direction::forwarded) continue;
        if (std::find(reported.begin(), reported.end(), match->span) != reported.end()) continue;
        reported.push_back(match->span);
        const Taken taken = taken_by(s, *match, loopback, discovery);
        std::vector<std::string> spare;  // what to add to the set to spare them
        if (taken.loopback4) spare.emplace_back("127.0.0.0/8");
        if (taken.loopback6) spare.emplace_back("::1");
        if (taken.link_local) spare.emplace_back("fe80::/10");
        if (taken.multicast) spare.emplace_back("ff02::/16");
        if (spare.empty()) continue;
        const bool takes_loopback = taken.loopback4 || taken.loopback6;
        const bool takes_discovery = taken.link_local || taken.multicast;
        const std::string what = takes_loopback && takes_discovery ? "the host's loopback traffic and IPv6 neighbour "
                                                                     "discovery"
                                 : takes_loopback                  ? "the host's loopback traffic"
                                                                   : "IPv6 neighbour discovery";
        const std::string family_note = s.ipv6 && match->set.v6.empty()
                                            ? " (the set has no IPv6 address, so every IPv6 packet matches)"
                                            : "";
        out.push_back(make_diagnostic(
            Code::W108, match->span,
            fmt::format("this `not` also covers {}{}", what, family_note),
            fmt::format("to spare {}, remove the `expose` line{} or add `{}` to the set after `not`{}{}",
                        takes_loopback && takes_discovery ? "them" : "it",
                        takes_loopback && takes_discovery ? "s" : "", fmt::join(spare, ", "),
                        takes_discovery ? "; without neighbour discovery the host loses its IPv6 neighbours, the "
                                          "router included, within a minute"
                                        : "",
                        both_ways ? "; a rule of both ways negates at most one prefix per family (F031), so write "
                                    "it as two rules, `from not {...}` and `outbound to not {...}`"
                                  : "")));
      }
    }
  }
}

}  // namespace faultc
