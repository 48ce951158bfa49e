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

// Every protocol `rule` names is one `p` names.
bool protocols_covered(ast::Protocols rule, ast::Protocols p) {
  if (p.empty()) return true;
  if (rule.empty()) return false;
  bool covered = true;
  rule.for_each([&](ast::Protocol protocol) { covered = covered && p.has(protocol); });
  return covered;
}

// Every packet of `flow`, of `family`, is one `guard` names: a flow of the
// protection's or a reply to one.
bool flow_covered(const ir::Flow& flow, const ir::Flow& guard, ir::Family family) {
  return flow.direction == guard.direction && ports_covered(flow.source_ports, guard.source_ports) &&
         ports_covered(flow.destination_ports, guard.destination_ports) &&
         side_covered(flow.source, guard.source, family) && side_covered(flow.destination, guard.destination, family);
}

// Every packet of `rule` is one the protection `p` spares.
bool covers(const ir::Protection& p, const ir::Selector& rule) {
  const ir::Selector& s = p.selector;
  if (!protocols_covered(rule.protocols, s.protocols)) return false;
  if (s.interface && !(rule.interface && *rule.interface == *s.interface)) return false;
  for (const ir::Flow& flow : rule.flows) {
    for (ir::Family family : {ir::Family::ipv4, ir::Family::ipv6}) {
      if (!(family == ir::Family::ipv4 ? rule.ipv4 : rule.ipv6)) continue;
      const auto guards = [&](const ir::Flow& guard) { return flow_covered(flow, guard, family); };
      // A forwarded reply with an interface tests the exit one, the rule
      // the arrival one: it spares other packets.
      const auto reply_guards = [&](const ir::Flow& guard) {
        return !(s.interface && guard.direction == ir::Direction::forwarded) && guards(guard);
      };
      if (std::none_of(s.flows.begin(), s.flows.end(), guards) &&
          std::none_of(p.replies.begin(), p.replies.end(), reply_guards)) {
        return false;
      }
    }
  }
  return true;
}

const ir::Protection* covering(const ir::Scenario& scenario, const ir::Selector& rule) {
  for (const ir::Protection& p : scenario.protections) {
    if (covers(p, rule)) return &p;
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
