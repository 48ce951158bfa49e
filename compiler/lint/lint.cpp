#include "compiler/lint/lint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "compiler/analyze/action_space.hpp"
#include "compiler/net/address_math.hpp"
#include "compiler/net/address_text.hpp"
#include "compiler/parse/words.hpp"

namespace faultc {

namespace {

// Calls f(item) for every address literal in an item, sets included.
template <typename F>
void for_each_literal(const ast::AddrItem& item, F&& f) {
  if (item.kind == ast::AddrItem::Kind::literal) f(item);
  for (const auto& element : item.items()) for_each_literal(element, f);
}

template <typename F>
void for_each_address_literal(const ast::File& file, F&& f) {
  for (const auto& statement : file.statements) {
    if (const auto* host = std::get_if<ast::HostDef>(&statement)) for_each_literal(host->value, f);
    if (const auto* rule = std::get_if<ast::Rule>(&statement)) {
      const ast::Selector& s = rule->selector;
      if (s.from && s.from->address) for_each_literal(s.from->address->value, f);
      if (s.to && s.to->address) for_each_literal(s.to->address->value, f);
      if (s.between) {
        for_each_literal(s.between->first.value, f);
        for_each_literal(s.between->second.value, f);
      }
    }
  }
}

// The network a prefixed literal means, with its length: `10.0.0.0/8`.
std::string network_text(const ast::Address& address) {
  return emit::prefix_text_with_length({network_value(address), address.family, *address.prefix});
}

}  // namespace

void lint_unused_definitions(const ir::Scenario& scenario, Diagnostics& out) {
  // A file without rules or expect lines defines names for the files that
  // include it (or F032 says it is empty): nothing in it uses them.
  if (scenario.rules.empty() && scenario.expects.empty()) return;
  for (const ir::Definition& def : scenario.definitions) {
    if (def.used || !def.in_root) continue;
    const char* kind = def.kind == ir::Definition::Kind::host ? "host" : "port";
    out.push_back(make_diagnostic(Code::W101, def.span, fmt::format("{} `{}` is never used", kind, def.name),
                                  "remove it, or use it in a rule or an expect line"));
  }
}

void lint_prefix_host_bits(const Program& program, const SourceMap& sources, Diagnostics& out) {
  for (const ast::File& file : program.files) {
    for_each_address_literal(file, [&](const ast::AddrItem& literal) {
      const ast::Address& address = literal.address;
      if (!address.prefix || network_value(address) == address_value(address)) return;
      const std::string network = network_text(address);
      out.push_back(make_diagnostic(Code::W102, literal.span,
                                    fmt::format("`{}` has host bits set; it means the whole network {}",
                                                sources.text(literal.span), network),
                                    fmt::format("did you mean `{}`? (or drop the prefix for one host)", network)));
    });
  }
}

void lint_for_ever(const ir::Scenario& scenario, Diagnostics& out) {
  if (!scenario.life_written || scenario.life_ms) return;
  out.push_back(make_diagnostic(Code::W103, scenario.life_span,
                                "`for ever` turns off the dead-man switch: the faults stay until someone reverts them",
                                "give the scenario a time limit, e.g. `for 1h`"));
}

void lint_unreachable_actions(const ir::Scenario& scenario, Diagnostics& out) {
  for (const ir::Rule& rule : scenario.rules) {
    if (rule.actions.size() < 2) continue;  // a first action is always reachable
    const PatternDomain domain = PatternDomain::of(rule);
    ActionSpace decided;  // what earlier deterministic actions of the rule take
    std::vector<ActionSpace> taken(rule.actions.size());  // what each action itself takes first
    for (std::size_t i = 0; i < rule.actions.size(); ++i) {
      const ir::Action& action = rule.actions[i];
      const ActionSpace space = ActionSpace::of(action, domain);
      if (action.deterministic()) taken[i] = space.minus(decided);
      if (i > 0 && space.subset_of(decided)) {
        Diagnostic d = make_diagnostic(
            Code::W104, action.span,
            fmt::format("this `{}` can never match: earlier actions of the rule take every packet it would see",
                        word(ir::written_kind(action.kind))),
            "remove it, or move it before the actions that cover it");
        for (std::size_t j = 0; j < i; ++j) {
          const ir::Action& earlier = rule.actions[j];
          // A preset is several actions at one span: one note for it.
          const bool noted = std::any_of(d.notes.begin(), d.notes.end(),
                                         [&](const auto& note) { return note.span == earlier.span; });
          if (earlier.deterministic() && taken[j].intersects(space) && !noted) {
            d.notes.push_back(
                {earlier.span, fmt::format("covered by this `{}`", word(ir::written_kind(earlier.kind)))});
          }
        }
        out.push_back(std::move(d));
      }
      // Random drops and rate limits let packets through: they cover nothing.
      if (action.deterministic()) decided |= space;
    }
  }
}

void lint_pointless_probability(const ir::Scenario& scenario, Diagnostics& out) {
  for (const ir::Rule& rule : scenario.rules) {
    for (const ir::Action& action : rule.actions) {
      if (!action.probability) continue;
      if (*action.probability == 0) {
        out.push_back(make_diagnostic(Code::W105, action.probability_span, "`drop 0%` never drops anything",
                                      "remove the action, or give a probability above 0%"));
      } else if (*action.probability == 1'000'000) {
        out.push_back(make_diagnostic(Code::W105, action.probability_span, "`drop 100%` is the same as `drop`",
                                      "write `drop` without a percentage"));
      }
    }
  }
}

Diagnostics lint_ast(const Program& program, const SourceMap& sources) {
  Diagnostics out;
  lint_prefix_host_bits(program, sources, out);
  lint_flags_mask_repeats(program, sources, out);
  lint_port_without_protocol(program, sources, out);
  return out;
}

Diagnostics lint(const ir::Scenario& scenario, Diagnostics ast_findings) {
  Diagnostics out;
  lint_unused_definitions(scenario, out);
  out.insert(out.end(), std::make_move_iterator(ast_findings.begin()), std::make_move_iterator(ast_findings.end()));
  lint_for_ever(scenario, out);
  lint_unreachable_actions(scenario, out);
  lint_pointless_probability(scenario, out);
  lint_ssh_lockout(scenario, out);
  lint_negation_takes_local(scenario, out);
  lint_protected_rules(scenario, out);
  return out;
}

Diagnostics lint(const Program& program, const ir::Scenario& scenario, const SourceMap& sources) {
  return lint(scenario, lint_ast(program, sources));
}

}  // namespace faultc
