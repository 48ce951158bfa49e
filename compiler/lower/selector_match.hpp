#pragma once
// A selector as the Matches a hook tests: one per flow and address family
// (one for both families when a flow names no address). Rules' jumps and
// `protect` lines are made by it; a protection's replies are the same
// selector mirrored.
#include <optional>
#include <utility>

#include "compiler/ir/ir.hpp"
#include "compiler/ir/ruleset.hpp"
#include "compiler/net/prefixes.hpp"

namespace faultc::lowering {

inline ruleset::Hook hook_of(ir::Direction direction) {
  switch (direction) {
    case ir::Direction::inbound: return ruleset::Hook::input;
    case ir::Direction::outbound: return ruleset::Hook::output;
    case ir::Direction::forwarded: return ruleset::Hook::forward;
  }
  return ruleset::Hook::input;
}

inline ruleset::PortMatch ports_of(const ir::PortSet& set) {
  ruleset::PortMatch m;
  for (const auto& i : set.intervals()) m.ranges.push_back({i.low, i.high});
  return m;
}

inline std::optional<ruleset::AddressMatch> address_in(const std::optional<ir::AddressMatch>& match,
                                                       ir::Family family) {
  if (!match) return std::nullopt;
  return ruleset::AddressMatch{to_prefixes(match->set, family), match->negated};
}

// A flow applies to a family unless one of its addresses rules it out.
inline bool flow_has(const ir::Flow& flow, ir::Family family) {
  return (!flow.source || flow.source->can_match(family)) &&
         (!flow.destination || flow.destination->can_match(family));
}

// Calls `f(Match&&)` for each Match of `s`. `mirrored`: the replies to what
// `s` matches (source and destination swapped, ports too; the interface
// on the other side). The last call takes the common part by move, so a
// one-jump rule copies nothing.
template <typename F>
void for_each_selector_match(const ir::Selector& s, bool mirrored, F&& f) {
  ruleset::Match common;
  common.protocol = s.protocol;
  auto& sources = mirrored ? common.destination_ports : common.source_ports;
  auto& destinations = mirrored ? common.source_ports : common.destination_ports;
  if (s.source_ports) sources = ports_of(s.source_ports->set);
  if (s.destination_ports) destinations = ports_of(s.destination_ports->set);
  if (s.interface) {
    // The arrival interface for traffic coming in (and forwarded), the exit
    // one going out; the replies go the other way.
    const bool out = s.direction == ir::Direction::outbound ? !mirrored : mirrored;
    (out ? common.out_interface : common.in_interface) = s.interface;
  }
  const auto each = [&s](const ir::Flow& flow, auto&& visit) {
    if (!flow.source && !flow.destination) {
      visit(std::optional<ir::Family>{});
      return;
    }
    for (ir::Family family : {ir::Family::ipv4, ir::Family::ipv6}) {
      const bool enabled = family == ir::Family::ipv4 ? s.ipv4 : s.ipv6;
      if (enabled && flow_has(flow, family)) visit(std::optional<ir::Family>{family});
    }
  };
  std::size_t total = 0;
  for (const ir::Flow& flow : s.flows) each(flow, [&total](std::optional<ir::Family>) { ++total; });
  std::size_t made = 0;
  for (const ir::Flow& flow : s.flows) {
    each(flow, [&](std::optional<ir::Family> family) {
      ruleset::Match m = ++made == total ? std::move(common) : common;
      if (family) {
        m.family = family;
        m.source = address_in(mirrored ? flow.destination : flow.source, *family);
        m.destination = address_in(mirrored ? flow.source : flow.destination, *family);
      }
      f(std::move(m));
    });
  }
}

}  // namespace faultc::lowering
