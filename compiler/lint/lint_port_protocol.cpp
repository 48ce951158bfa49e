// W110: a port without a protocol, which means TCP only (docs/language.md,
// "Choices where the brief is silent"): `outbound to 10.0.0.53 port 53 drop`
// leaves DNS over UDP alone. The meaning stays, for the scenarios written
// with it; the writer is told, unless something else in the rule already
// says TCP (a flag pattern, badflags, `data`, half-open, `reject with
// tcp-reset`), where UDP could not be meant. A `protect` line is told
// the same: `protect to port 53` keeps DNS over UDP unprotected.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/lint/lint.hpp"
#include "compiler/parse/words.hpp"

namespace faultc {

namespace {

bool says_tcp(const ast::Action& action) {
  if (action.kind == ast::Action::Kind::half_open) return true;
  if (action.reject_with == ast::RejectKind::tcp_reset) return true;
  for (const ast::Pattern& pattern : action.patterns) {
    if (pattern.kind == ast::Pattern::Kind::flags || pattern.kind == ast::Pattern::Kind::badflags ||
        pattern.kind == ast::Pattern::Kind::data) {
      return true;
    }
  }
  return false;
}

// The first clause of the rule with a port, `from` or `to` as written.
const ast::Endpoint* port_clause(const ast::Selector& s) {
  const ast::Endpoint* first = nullptr;
  const ast::Endpoint* const clauses[] = {s.from ? &*s.from : nullptr, s.to ? &*s.to : nullptr, s.with.get()};
  for (const ast::Endpoint* end : clauses) {
    if (end != nullptr && end->port && (first == nullptr || end->span.begin < first->span.begin)) first = end;
  }
  return first;
}

}  // namespace

void lint_port_without_protocol(const Program& program, const SourceMap&, Diagnostics& out) {
  for (const ast::File& file : program.files) {
    for (const ast::Statement& statement : file.statements) {
      const auto* rule = std::get_if<ast::Rule>(&statement);
      const auto* protect = std::get_if<ast::Protect>(&statement);
      if (rule == nullptr && protect == nullptr) continue;
      const ast::Selector& selector = rule != nullptr ? rule->selector : protect->selector;
      if (!selector.protocols.empty()) continue;
      const ast::Endpoint* clause = port_clause(selector);
      if (clause == nullptr) continue;
      if (rule != nullptr && std::any_of(rule->actions.begin(), rule->actions.end(), says_tcp)) continue;
      // Where the protocol goes: after `protect` and the direction, or first.
      const std::string head = fmt::format("{}{}", protect != nullptr ? "protect " : "",
                                           selector.direction ? fmt::format("{} ", word(*selector.direction)) : "");
      const char* what = rule != nullptr ? "start the rule" : "start the line";
      out.push_back(make_diagnostic(
          Code::W110, clause->span,
          rule != nullptr ? "a port without a protocol means TCP only: this rule leaves UDP alone"
                          : "a port without a protocol means TCP only: this `protect` leaves UDP unprotected",
          fmt::format("{} with `{}tcp` to keep this meaning, or with `{}tcp, udp` for UDP too", what, head, head)));
    }
  }
}

}  // namespace faultc
