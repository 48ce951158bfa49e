// W110: a port without a protocol, which means TCP only (docs/language.md,
// "Choices where the brief is silent"): `outbound to 10.0.0.53 port 53 drop`
// leaves DNS over UDP alone. The meaning stays, for the scenarios written
// with it; the writer is told, unless something else in the rule already
// says TCP (a flag pattern, badflags, `data`, half-open, `reject with
// tcp-reset`), where UDP could not be meant.
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
      if (rule == nullptr || !rule->selector.protocols.empty()) continue;
      const ast::Endpoint* clause = port_clause(rule->selector);
      if (clause == nullptr) continue;
      if (std::any_of(rule->actions.begin(), rule->actions.end(), says_tcp)) continue;
      // Where the protocol goes: after the direction, or first.
      const std::string head = rule->selector.direction
                                   ? fmt::format("{} ", word(*rule->selector.direction))
                                   : std::string();
      out.push_back(make_diagnostic(
          Code::W110, clause->span,
          "a port without a protocol means TCP only: this rule leaves UDP alone",
          fmt::format("start the rule with `{}tcp` to keep this meaning, or with `{}tcp, udp` for UDP too", head,
                      head)));
    }
  }
}

}  // namespace faultc
