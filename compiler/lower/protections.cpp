#include "compiler/lower/protections.hpp"

#include "compiler/lower/selector_match.hpp"

namespace faultc {

namespace {

using ruleset::Hook;
using ruleset::Match;
using ruleset::Protection;

// Loopback both ways: what arrives on `lo` and what leaves by it. It is
// never forwarded.
void loopback(std::vector<Protection>& out) {
  Protection in{Protection::Kind::loopback, Hook::input, {}, false, 0, {}};
  in.match.in_interface = std::string("lo");
  Protection leaving{Protection::Kind::loopback, Hook::output, {}, false, 0, {}};
  leaving.match.out_interface = std::string("lo");
  out.push_back(std::move(in));
  out.push_back(std::move(leaving));
}

// Neighbour discovery is link-local: sent and received, never forwarded.
// One protection per ICMPv6 message, the same test a rule's pattern makes.
void neighbour_discovery(std::vector<Protection>& out) {
  for (Hook hook : {Hook::input, Hook::output}) {
    for (unsigned type = ruleset::kNeighbourDiscoveryFirst; type <= ruleset::kNeighbourDiscoveryLast; ++type) {
      Protection p{Protection::Kind::neighbour_discovery, hook, {}, false, 0, {}};
      p.match.family = ir::Family::ipv6;
      p.match.protocol = ir::Protocol::icmp;
      p.match.icmp = ir::IcmpTest{ir::Family::ipv6, static_cast<std::uint8_t>(type), std::nullopt};
      out.push_back(std::move(p));
    }
  }
}

}  // namespace

std::vector<Protection> lower_protections(const ir::Scenario& scenario,
                                          const std::function<std::uint32_t(Span)>& line_of) {
  std::vector<Protection> out;
  if (!scenario.exposed_loopback) loopback(out);
  if (!scenario.exposed_neighbour_discovery) neighbour_discovery(out);
  for (const ir::Protection& p : scenario.protections) {
    const std::uint32_t line = line_of(p.span);
    // The interface is the arrival one for traffic coming in and forwarded,
    // the exit one going out; a forwarded flow's replies leave by it.
    const auto add = [&](const ir::Flow& flow, bool reply) {
      const bool exit_interface =
          flow.direction == ir::Direction::outbound || (reply && flow.direction == ir::Direction::forwarded);
      lowering::for_each_flow_match(p.selector, flow, exit_interface, [&](Match m) {
        out.push_back({Protection::Kind::selector, ruleset::hook_of(flow.direction), std::move(m), reply, line, p.span});
      });
    };
    for (const ir::Flow& flow : p.selector.flows) add(flow, false);
    for (const ir::Flow& flow : p.replies) add(flow, true);
  }
  return out;
}

}  // namespace faultc
