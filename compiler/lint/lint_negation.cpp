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

}  // namespace

void lint_negation_takes_local(const ir::Scenario& scenario, Diagnostics& out) {
  for (const ir::Rule& rule : scenario.rules) {
    const ir::Selector& s = rule.selector;
    // Loopback traffic and neighbour discovery are never forwarded.
    if (s.direction == ast::Direction::forwarded) continue;
    if (std::none_of(rule.actions.begin(), rule.actions.end(), may_lose_packets)) continue;
    // Protected unless exposed: then no rule touches them.
    const bool loopback = scenario.exposed_loopback && (!s.interface || *s.interface == "lo");
    const bool discovery = scenario.exposed_neighbour_discovery && s.ipv6 &&
                           (!s.protocol || *s.protocol == ast::Protocol::icmp) && !(s.interface && *s.interface == "lo");
    std::vector<Span> reported;  // `between` is two flows over the same two matches
    for (const ir::Flow& flow : s.flows) {
      for (const bool source : {true, false}) {
        const auto& match = source ? flow.source : flow.destination;
        if (!match || !match->negated) continue;
        if (std::find(reported.begin(), reported.end(), match->span) != reported.end()) continue;
        // Loopback traffic from 127.0.0.1 goes to a loopback address too
        // (to the host's other addresses, it is sent from them): the other
        // end must admit it as well.
        const auto& other = source ? flow.destination : flow.source;
        const auto admits = [](const std::optional<ir::AddressMatch>& m, auto contains) {
          return !m || contains(*m) != m->negated;
        };
        const auto has4 = [](const ir::AddressMatch& m) { return m.set.v4.contains(kLoopback4); };
        const auto has6 = [](const ir::AddressMatch& m) { return m.set.v6.contains(kLoopback6); };
        std::vector<std::string> spare;  // what to add to the set to spare them
        if (loopback && s.ipv4 && !has4(*match) && admits(other, has4)) spare.emplace_back("127.0.0.0/8");
        if (loopback && s.ipv6 && !has6(*match) && admits(other, has6)) spare.emplace_back("::1");
        const bool takes_loopback = !spare.empty();
        const std::size_t before = spare.size();
        if (discovery && !covers(match->set.v6, kLinkLocalFirst, kLinkLocalLast)) spare.emplace_back("fe80::/10");
        if (discovery && !source && !covers(match->set.v6, kMulticastFirst, kMulticastLast)) {
          spare.emplace_back("ff02::/16");
        }
        const bool takes_discovery = spare.size() > before;
        if (spare.empty()) continue;
        reported.push_back(match->span);
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
            fmt::format("to spare {}, remove the `expose` line{} or add `{}` to the set after `not`{}",
                        takes_loopback && takes_discovery ? "them" : "it",
                        takes_loopback && takes_discovery ? "s" : "", fmt::join(spare, ", "),
                        takes_discovery ? "; without neighbour discovery the host loses its IPv6 neighbours, the "
                                          "router included, within a minute"
                                        : "")));
      }
    }
  }
}

}  // namespace faultc
