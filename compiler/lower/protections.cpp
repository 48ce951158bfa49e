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
void neighbour_discovery(std::vector<Protection>& out) {
  for (Hook hook : {Hook::input, Hook::output}) {
    Protection p{Protection::Kind::neighbour_discovery, hook, {}, false, 0, {}};
    p.match.family = ir::Family::ipv6;
    p.match.protocol = ir::Protocol::icmp;
    out.push_back(std::move(p));
  }
}

// The direction the replies to `direction` travel in.
ir::Direction reply_direction(ir::Direction direction) {
  switch (direction) {
    case ir::Direction::inbound: return ir::Direction::outbound;
    case ir::Direction::outbound: return ir::Direction::inbound;
    case ir::Direction::forwarded: return ir::Direction::forwarded;
  }
  return direction;
}

}  // namespace

std::vector<Protection> lower_protections(const ir::Scenario& scenario,
                                          const std::function<std::uint32_t(Span)>& line_of) {
  std::vector<Protection> out;
  if (!scenario.exposed_loopback) loopback(out);
  if (!scenario.exposed_neighbour_discovery) neighbour_discovery(out);
  for (const ir::Protection& p : scenario.protections) {
    const std::uint32_t line = line_of(p.span);
    // Without a direction, every direction: the packets and their replies
    // in each hook.
    std::vector<ir::Direction> directions{p.selector.direction};
    if (p.every_direction) directions = {ir::Direction::inbound, ir::Direction::outbound, ir::Direction::forwarded};
    // `between A and B` without ports or an interface is its own mirror:
    // its two flows are each other's replies.
    const ir::Selector& s = p.selector;
    const bool own_mirror = s.flows.size() == 2 && !s.source_ports && !s.destination_ports && !s.interface;
    for (ir::Direction direction : directions) {
      ir::Selector selector = p.selector;
      selector.direction = direction;
      for (bool mirrored : {false, true}) {
        if (mirrored && own_mirror && (p.every_direction || reply_direction(direction) == direction)) continue;
        const Hook hook = lowering::hook_of(mirrored ? reply_direction(direction) : direction);
        lowering::for_each_selector_match(selector, mirrored, [&](Match m) {
          out.push_back({Protection::Kind::selector, hook, std::move(m), mirrored, line, p.span});
        });
      }
    }
  }
  return out;
}

}  // namespace faultc
