#include "compiler/analyze/rule_protocols.hpp"

namespace faultc {

namespace {

void error(Diagnostics& diagnostics, Code code, Span at, std::string message, std::string help) {
  diagnostics.push_back(make_diagnostic(code, at, std::move(message), std::move(help)));
}

// ICMP messages in a rule of another protocol (F024), one error per action:
// a name of both families is two patterns.
void icmp_needs_icmp(const ir::Rule& rule, Diagnostics& diagnostics) {
  for (const auto& action : rule.actions) {
    for (const auto& pattern : action.patterns) {
      if (pattern.kind != ir::Pattern::Kind::icmp) continue;
      error(diagnostics, Code::F024, pattern.span, "ICMP messages need an ICMP rule",
            rule.selector.protocols.size() > 1
                ? "an ICMP message is neither TCP nor UDP; give it an `icmp` rule of its own, or drop the pattern"
                : "an ICMP message is neither TCP nor UDP; write `icmp` in the selector, or drop the pattern");
      break;
    }
  }
}

}  // namespace

bool settle_port_protocols(ir::Selector& s, Span protocol_span, Diagnostics& diagnostics) {
  const bool has_ports = s.has_ports();
  if (s.protocols.empty() && has_ports) s.protocols = ast::Protocols(ast::Protocol::tcp);
  if (s.protocols.has(ast::Protocol::icmp) && has_ports) {
    error(diagnostics, Code::F024, protocol_span, "ICMP has no ports", "remove `icmp` or the port clause");
    return false;
  }
  return true;
}

bool settle_protocols(ir::Rule& out, Span protocol_span, Diagnostics& diagnostics) {
  bool wants_tcp = false, wants_icmp = false;
  for (const ir::Action& action : out.actions) {
    for (const auto& pattern : action.patterns) {
      wants_tcp = wants_tcp || pattern.kind == ir::Pattern::Kind::flags || pattern.kind == ir::Pattern::Kind::data;
      wants_icmp = wants_icmp || pattern.kind == ir::Pattern::Kind::icmp;
    }
  }
  // A port (settle_port_protocols) or a TCP pattern without a protocol
  // means TCP; an ICMP message, ICMP. Every protocol of a list must have
  // what the rule tests: ports, or for TCP patterns TCP alone.
  ir::Selector& s = out.selector;
  bool ok = settle_port_protocols(s, protocol_span, diagnostics);
  if (s.protocols.empty() && wants_tcp) s.protocols = ast::Protocols(ast::Protocol::tcp);
  if (s.protocols.empty() && wants_icmp) s.protocols = ast::Protocols(ast::Protocol::icmp);
  if (!s.protocols.only(ast::Protocol::icmp) && wants_icmp) {
    icmp_needs_icmp(out, diagnostics);
    ok = false;
  }
  if (!s.protocols.only(ast::Protocol::tcp)) {
    for (const auto& action : out.actions) {
      for (const auto& pattern : action.patterns) {
        if (pattern.kind == ir::Pattern::Kind::flags || pattern.kind == ir::Pattern::Kind::data) {
          error(diagnostics, Code::F024, pattern.span, "TCP patterns need a TCP rule",
                s.protocols.size() > 1 ? "TCP flags and `data` apply to TCP segments; give them a `tcp` rule of "
                                         "their own, or drop the pattern"
                                       : "TCP flags and `data` apply to TCP segments; write `tcp` in the selector "
                                         "or drop the pattern");
          ok = false;
        }
      }
    }
  }
  for (const auto& action : out.actions) {
    // A connection is its addresses and its ports: a rule that may see
    // packets without ports has nothing to tell its connections apart by.
    if (action.rate && action.rate->per == ast::LimitPer::connection &&
        (s.protocols.empty() || s.protocols.has(ast::Protocol::icmp))) {
      error(diagnostics, Code::F038, action.rate->per_span, "a limit per connection needs a TCP or UDP rule",
            "a connection is told apart by its addresses and ports; add `tcp` or `udp` to the selector, "
            "or limit `per source`");
      ok = false;
    }
    if (action.kind == ir::Action::Kind::reject && action.reject_with == ast::RejectKind::tcp_reset &&
        !s.protocols.only(ast::Protocol::tcp)) {
      error(diagnostics, Code::F024, action.span, "`reject with tcp-reset` needs a TCP rule",
            s.protocols.size() > 1
                ? "a TCP reset answers TCP only; give it a `tcp` rule of its own, or reject with an ICMP kind"
                : "a TCP reset answers TCP only; add `tcp` to the selector, or reject with an ICMP kind");
      ok = false;
    }
  }
  return ok;
}

}  // namespace faultc
