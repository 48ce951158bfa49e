#include "compiler/analyze/protection.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "compiler/analyze/rule_protocols.hpp"
#include "compiler/net/prefixes.hpp"
#include "compiler/parse/words.hpp"

namespace faultc {

namespace {

// iptables says `! -s a,b` in no single line; a rule's chain RETURNs the
// listed addresses first, but a protection is one line of the scenario's
// hook chain, so its negated set must be one prefix per family.
bool negation_fits(const ir::Protection& p, Diagnostics& diagnostics) {
  for (const ir::Flow& flow : p.selector.flows) {
    for (const auto* side : {&flow.source, &flow.destination}) {
      if (!*side || !(*side)->negated) continue;
      for (ast::Family family : {ast::Family::ipv4, ast::Family::ipv6}) {
        if (to_prefixes((*side)->set, family).size() <= 1) continue;
        diagnostics.push_back(make_diagnostic(
            Code::F039, (*side)->span,
            "a `protect` line can negate one address or prefix per family, not a set of several",
            "protect the addresses you mean (`protect from ADDR`), or write one `protect` line per prefix"));
        return false;
      }
    }
  }
  return true;
}

// Without a direction, a `protect` line is at every hook: the flows a
// rule would have inbound, also outbound and forwarded.
void every_hook(ir::Selector& s) {
  std::vector<ir::Flow> inbound;
  for (const ir::Flow& flow : s.flows) {
    if (flow.direction == ir::Direction::inbound) inbound.push_back(flow);
  }
  s.flows.clear();
  for (ir::Direction d : {ir::Direction::inbound, ir::Direction::outbound, ir::Direction::forwarded}) {
    for (ir::Flow flow : inbound) {
      flow.direction = d;
      s.flows.push_back(std::move(flow));
    }
  }
}

ir::Direction reply_direction(ir::Direction direction) {
  switch (direction) {
    case ir::Direction::inbound: return ir::Direction::outbound;
    case ir::Direction::outbound: return ir::Direction::inbound;
    case ir::Direction::forwarded: return ir::Direction::forwarded;
  }
  return direction;
}

// The replies to `s`'s flows that are not already flows of it (`with A`,
// `between A and B` at every hook: their own replies). A forwarded reply
// with an interface is never one: it leaves by the interface its flow
// arrived on.
std::vector<ir::Flow> replies_of(const ir::Selector& s) {
  std::vector<ir::Flow> out;
  for (const ir::Flow& flow : s.flows) {
    ir::Flow reply{reply_direction(flow.direction), flow.destination, flow.source, flow.destination_ports,
                   flow.source_ports};
    const bool exit_side = s.interface && reply.direction == ir::Direction::forwarded;
    const auto known = [&reply](const std::vector<ir::Flow>& flows) {
      return std::find(flows.begin(), flows.end(), reply) != flows.end();
    };
    if ((exit_side || !known(s.flows)) && !known(out)) out.push_back(std::move(reply));
  }
  return out;
}

}  // namespace

bool protection_checks(const ast::Protect& in, ir::Protection& out, Diagnostics& diagnostics) {
  const ast::Selector& s = in.selector;
  out.span = in.span;
  out.every_direction = !s.direction && !s.with;
  if (s.protocols.empty() && !s.from && !s.to && !s.on && !s.between && !s.with) {
    diagnostics.push_back(make_diagnostic(
        Code::F039, in.span,
        s.direction ? fmt::format("this `protect` covers every {} packet: no rule could act on them",
                                  word(*s.direction))
                    : std::string("this `protect` covers every packet: no rule could act on any"),
        "name what to keep safe, e.g. `protect tcp to port 22` or `protect from 10.0.9.0/24`"));
    return false;
  }
  ir::Selector& sel = out.selector;
  if (!settle_port_protocols(sel, s.protocol_span, diagnostics)) return false;
  if (!negation_fits(out, diagnostics)) return false;
  if (out.every_direction) every_hook(sel);
  out.replies = replies_of(sel);
  return true;
}

void expose(const ast::Expose& in, ir::Scenario& scenario, Diagnostics& diagnostics) {
  std::optional<Span>& slot = in.what == ast::DefaultProtection::loopback ? scenario.exposed_loopback
                                                                           : scenario.exposed_neighbour_discovery;
  if (slot) {
    Diagnostic d = make_diagnostic(Code::F039, in.span, fmt::format("`expose {}` is given twice", word(in.what)),
                                   "remove one of the two lines");
    d.notes.push_back({*slot, "first given here"});
    diagnostics.push_back(std::move(d));
    return;
  }
  slot = in.span;
}

}  // namespace faultc
