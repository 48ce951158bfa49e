// W111: a rule every packet of which a `protect` line spares, so that it
// can never act (docs/lint.md, #w111). The check is one protection against
// one rule, each side of the selector contained: it never reports a rule
// that some packet can still reach, and may miss one that several `protect`
// lines cover only together.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/lint/lint.hpp"
#include "compiler/parse/words.hpp"

namespace faultc {

namespace {

// The addresses of `family` a side of a selector accepts.
template <typename T>
IntervalSet<T> accepted(const std::optional<ir::AddressMatch>& m, const IntervalSet<T>& (*of)(const ir::AddressSet&)) {
  if (!m) return IntervalSet<T>::everything();
  return m->effective(of(m->set));
}
const IntervalSet<std::uint32_t>& v4_of(const ir::AddressSet& s) { return s.v4; }
const IntervalSet<ir::u128>& v6_of(const ir::AddressSet& s) { return s.v6; }

bool side_covered(const std::optional<ir::AddressMatch>& rule, const std::optional<ir::AddressMatch>& guard,
                  ir::Family family) {
  if (!guard) return true;
  if (family == ir::Family::ipv4) return accepted(rule, v4_of).subset_of(accepted(guard, v4_of));
  return accepted(rule, v6_of).subset_of(accepted(guard, v6_of));
}

bool ports_covered(const std::optional<ir::PortMatch>& rule, const std::optional<ir::PortMatch>& guard) {
  if (!guard) return true;
  return rule && rule->set.subset_of(guard->set);
}

// Every packet of `rule` is one the protection's selector `p` names, read
// with `mirrored` as the replies (source and destination swapped).
bool covers(const ir::Selector& p, bool mirrored, const ir::Selector& rule) {
  if (p.protocol && p.protocol != rule.protocol) return false;
  if (p.interface && !(rule.interface && *rule.interface == *p.interface)) return false;
  const auto& p_source_ports = mirrored ? p.destination_ports : p.source_ports;
  const auto& p_destination_ports = mirrored ? p.source_ports : p.destination_ports;
  if (!ports_covered(rule.source_ports, p_source_ports) || !ports_covered(rule.destination_ports, p_destination_ports)) {
    return false;
  }
  for (const ir::Flow& flow : rule.flows) {
    for (ir::Family family : {ir::Family::ipv4, ir::Family::ipv6}) {
      if (!(family == ir::Family::ipv4 ? rule.ipv4 : rule.ipv6)) continue;
      const bool covered = std::any_of(p.flows.begin(), p.flows.end(), [&](const ir::Flow& guard) {
        const auto& guard_source = mirrored ? guard.destination : guard.source;
        const auto& guard_destination = mirrored ? guard.source : guard.destination;
        return side_covered(flow.source, guard_source, family) &&
               side_covered(flow.destination, guard_destination, family);
      });
      if (!covered) return false;
    }
  }
  return true;
}

ir::Direction reply_direction(ir::Direction d) {
  if (d == ir::Direction::inbound) return ir::Direction::outbound;
  if (d == ir::Direction::outbound) return ir::Direction::inbound;
  return d;
}

const ir::Protection* covering(const ir::Scenario& scenario, const ir::Selector& rule) {
  for (const ir::Protection& p : scenario.protections) {
    const ir::Direction d = p.selector.direction;
    if ((p.every_direction || d == rule.direction) && covers(p.selector, false, rule)) return &p;
    if ((p.every_direction || reply_direction(d) == rule.direction) && covers(p.selector, true, rule)) return &p;
  }
  return nullptr;
}

}  // namespace

void lint_protected_rules(const ir::Scenario& scenario, Diagnostics& out) {
  if (scenario.protections.empty()) return;
  for (const ir::Rule& rule : scenario.rules) {
    const ir::Protection* p = covering(scenario, rule.selector);
    if (p == nullptr) continue;
    Diagnostic d = make_diagnostic(
        Code::W111, rule.span,
        "every packet this rule sees is protected: it can never act",
        "narrow the `protect` line, or remove the rule");
    d.notes.push_back({p->span, "protected by this line"});
    out.push_back(std::move(d));
  }
}

}  // namespace faultc
