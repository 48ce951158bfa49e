#include "compiler/analyze/protection.hpp"

#include <fmt/format.h>

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

}  // namespace

bool protection_checks(const ast::Protect& in, ir::Protection& out, Diagnostics& diagnostics) {
  const ast::Selector& s = in.selector;
  out.span = in.span;
  out.every_direction = !s.direction;
  if (!s.protocol && !s.from && !s.to && !s.on && !s.between) {
    diagnostics.push_back(make_diagnostic(
        Code::F039, in.span,
        s.direction ? fmt::format("this `protect` covers every {} packet: no rule could act on them",
                                  word(*s.direction))
                    : std::string("this `protect` covers every packet: no rule could act on any"),
        "name what to keep safe, e.g. `protect tcp to port 22` or `protect from 10.0.9.0/24`"));
    return false;
  }
  ir::Selector& sel = out.selector;
  const bool has_ports = sel.source_ports || sel.destination_ports;
  if (!sel.protocol && has_ports) sel.protocol = ast::Protocol::tcp;
  if (sel.protocol == ast::Protocol::icmp && has_ports) {
    diagnostics.push_back(
        make_diagnostic(Code::F024, s.protocol_span, "ICMP has no ports", "remove `icmp` or the port clause"));
    return false;
  }
  return negation_fits(out, diagnostics);
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
