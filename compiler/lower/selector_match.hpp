#pragma once
// A selector's flow as the Matches a hook tests: one per address family
// the flow names (one for both families when it names no address) and
// protocol (one for all when the selector names none). Rules' jumps and
// `protect` lines' protections are made by it.
#include <array>
#include <optional>
#include <span>
#include <utility>

#include "compiler/ir/ir.hpp"
#include "compiler/ir/ruleset.hpp"
#include "compiler/net/prefixes.hpp"

namespace faultc::lowering {

// The protocols a selector's matches are for: one absent protocol when it
// names none.
struct Protocols {
  std::array<std::optional<ir::Protocol>, 3> items{};
  std::size_t count = 1;
  std::span<const std::optional<ir::Protocol>> span() const { return {items.data(), count}; }
};

inline Protocols protocols_of(const ir::Selector& s) {
  Protocols out;
  if (s.protocols.empty()) return out;
  out.count = 0;
  s.protocols.for_each([&out](ir::Protocol p) { out.items[out.count++] = p; });
  return out;
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

// Calls `f(Match&&)` for each Match of `flow`, a flow of `s`. The selector's
// interface is the exit one when `exit_interface`, else the arrival one.
// The last call takes the flow's common part by move, so a one-jump rule
// copies nothing.
template <typename F>
void for_each_flow_match(const ir::Selector& s, const ir::Flow& flow, bool exit_interface, F&& f) {
  ruleset::Match common;
  if (flow.source_ports) common.source_ports = ports_of(flow.source_ports->set);
  if (flow.destination_ports) common.destination_ports = ports_of(flow.destination_ports->set);
  if (s.interface) (exit_interface ? common.out_interface : common.in_interface) = s.interface;
  std::array<std::optional<ir::Family>, 2> families{};
  std::size_t family_count = 0;
  if (!flow.source && !flow.destination) {
    family_count = 1;
  } else {
    for (ir::Family family : {ir::Family::ipv4, ir::Family::ipv6}) {
      if ((family == ir::Family::ipv4 ? s.ipv4 : s.ipv6) && flow_has(flow, family)) families[family_count++] = family;
    }
  }
  const Protocols protocols = protocols_of(s);
  for (std::size_t i = 0; i < family_count; ++i) {
    if (const std::optional<ir::Family> family = families[i]) {
      common.family = family;
      common.source = address_in(flow.source, *family);
      common.destination = address_in(flow.destination, *family);
    }
    for (std::size_t p = 0; p < protocols.count; ++p) {
      ruleset::Match m = i + 1 == family_count && p + 1 == protocols.count ? std::move(common) : common;
      m.protocol = protocols.items[p];
      f(std::move(m));
    }
  }
}

}  // namespace faultc::lowering
