#include "compiler/analyze/analyze.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iterator>

#include "compiler/analyze/flows.hpp"
#include "compiler/analyze/names.hpp"
#include "compiler/analyze/packet.hpp"
#include "compiler/analyze/patterns.hpp"
#include "compiler/analyze/protection.hpp"
#include "compiler/analyze/rule_protocols.hpp"
#include "compiler/analyze/target_checks.hpp"
#include "compiler/analyze/target_ranges.hpp"
#include "compiler/net/address_math.hpp"
#include "compiler/net/prefixes.hpp"
#include "compiler/source/duration_text.hpp"

namespace faultc {

namespace {

// Linux interface names are at most 15 bytes (IFNAMSIZ - 1).
constexpr std::size_t kMaxInterfaceName = 15;

struct Analyzer {
  const Program& program;
  const SourceMap& sources;
  Diagnostics& diagnostics;
  NameTable names;
  ir::Scenario scenario;
  Program* consumed = nullptr;  // the same program, when each rule's AST may be freed once analysed

  void error(Code code, Span at, std::string message, std::string help = {}) {
    diagnostics.push_back(make_diagnostic(code, at, std::move(message), std::move(help)));
  }

  // ------------------------------------------------------------ statements
  void top_level(const ast::File& file) {
    const ast::Scenario* named = nullptr;
    const ast::Priority* priority = nullptr;
    const ast::Life* life = nullptr;
    for (const auto& statement : file.statements) {
      if (const auto* s = std::get_if<ast::Scenario>(&statement)) once(named, s, "scenario", s->span);
      if (const auto* p = std::get_if<ast::Priority>(&statement)) once(priority, p, "priority", p->span);
      if (const auto* l = std::get_if<ast::Life>(&statement)) once(life, l, "for", l->span);
    }
    const std::filesystem::path path(program_file_name());
    scenario.file_name = path.filename().string();
    if (named != nullptr) {
      scenario.name = named->name;
      scenario.name_span = named->name_span;
    } else {
      std::string stem = path.stem().string();
      scenario.name = stem.empty() ? "scenario" : stem;
    }
    if (priority != nullptr) scenario.priority = static_cast<std::int32_t>(priority->value);
    if (life != nullptr) {
      scenario.life_written = true;
      scenario.life_span = life->span;
      if (life->duration) scenario.life_ms = life->duration->ms;
      if (life->duration && life->duration->ms == 0) {
        error(Code::F033, life->duration->span,
              fmt::format("`for {}` ends the scenario as it starts: nothing would be applied",
                          sources.text(life->duration->span)),
              "give the scenario a positive life, e.g. `for 1m`");
      }
    }
  }

  // A file of `host`, `port` and `include` lines only: definitions meant to
  // be included, which `check` and `lint` accept on their own (lowering
  // refuses to compile one). Read before the statements are consumed.
  static bool definitions_only(const ast::File& file) {
    bool any = false;
    for (const auto& statement : file.statements) {
      if (!std::holds_alternative<ast::HostDef>(statement) && !std::holds_alternative<ast::PortDef>(statement) &&
          !std::holds_alternative<ast::Include>(statement)) {
        return false;
      }
      any = true;
    }
    return any;
  }

  // A scenario without a rule applies an empty table: almost certainly a
  // mistake (an empty file, rules commented out, the wrong file).
  void needs_a_rule(const ast::File& root, std::size_t rule_count, bool library) {
    if (rule_count > 0 || library) return;
    error(Code::F032, Span{root.file, 0, 0},
          root.statements.empty() ? "this file has no statement: a scenario needs at least one rule"
                : "this scenario has no rule: it would apply nothing",
          "add a rule, e.g. `to port 80 drop for 1m`; a file of `host` and `port` definitions only is an include "
          "file and is checked as one");
  }

  std::string program_file_name() const { return sources.file(program.root).name(); }

  template <typename T>
  void once(const T*& slot, const T* statement, const char* word, Span span) {
    if (slot != nullptr) {
      Diagnostic d = make_diagnostic(Code::F016, span, fmt::format("`{}` is given twice", word),
                                     "a scenario has one name, one priority and one total life");
      d.notes.push_back({slot->span, "first given here"});
      diagnostics.push_back(std::move(d));
      return;
    }
    slot = statement;
  }

  // Included files share definitions; anything else in them is a mistake.
  void check_included(const ast::File& file) {
    for (const auto& statement : file.statements) {
      const Span span = std::visit([](const auto& s) { return s.span; }, statement);
      if (std::holds_alternative<ast::HostDef>(statement) || std::holds_alternative<ast::PortDef>(statement) ||
          std::holds_alternative<ast::Include>(statement)) {
        continue;
      }
      error(Code::F015, span, "an included file may only define hosts and ports",
            "move rules, expect lines and scenario settings into the scenario's own file");
    }
  }

  // ------------------------------------------------------------ selectors
  std::optional<ir::AddressMatch> address_match(const ast::AddrMatch& match) {
    auto set = names.addresses(match.value);
    if (!set) return std::nullopt;
    return ir::AddressMatch{std::move(*set), match.negated, match.span};
  }

  std::optional<ir::PortMatch> port_match(const ast::PortItem& item) {
    auto set = names.ports(item);
    if (!set) return std::nullopt;
    return ir::PortMatch{std::move(*set), item.span};
  }

  bool selector(const ast::Selector& in, ir::Selector& out) {
    bool ok = true;
    out.span = in.span;
    out.protocols = in.protocols;
    if (in.on) {
      const std::string_view name = sources.text(in.on->span);
      if (name.size() > kMaxInterfaceName) {
        error(Code::F027, in.on->span,
              fmt::format("interface name `{}` is longer than {} characters", name, kMaxInterfaceName),
              "Linux interface names are at most 15 characters");
        ok = false;
      }
      out.interface = std::string(name);
    }
    if (!clauses_combine(in, diagnostics)) return false;
    SelectorEnds ends;
    // Each written clause resolved into its slot; a name that does not
    // resolve (reported by the name table) fails the selector.
    const auto resolve = [&ok](const auto* written, auto& slot, auto resolver) {
      if (written == nullptr) return;
      slot = resolver(*written);
      ok = ok && slot.has_value();
    };
    const auto addresses = [this](const ast::AddrMatch& m) { return address_match(m); };
    const auto ports = [this](const ast::PortItem& p) { return port_match(p); };
    const auto address_of = [](const auto& end) { return end && end->address ? &*end->address : nullptr; };
    const auto port_of = [](const auto& end) { return end && end->port ? &*end->port : nullptr; };
    resolve(address_of(in.from), ends.source, addresses);
    resolve(address_of(in.to), ends.destination, addresses);
    resolve(port_of(in.from), ends.source_ports, ports);
    resolve(port_of(in.to), ends.destination_ports, ports);
    resolve(in.between ? &in.between->first : nullptr, ends.first, addresses);
    resolve(in.between ? &in.between->second : nullptr, ends.second, addresses);
    resolve(address_of(in.with), ends.peer, addresses);
    resolve(port_of(in.with), ends.peer_ports, ports);
    if (!ok) return false;
    out.flows = flows_of(in.direction, std::move(ends));
    return families(in.span, out);
  }

  static bool whole_family_negated(const ir::Selector& s) {
    for (const ir::Flow& flow : s.flows) {
      for (const auto* side : {&flow.source, &flow.destination}) {
        if (*side && (*side)->negated && ((*side)->set.v4.is_everything() || (*side)->set.v6.is_everything())) {
          return true;
        }
      }
    }
    return false;
  }

  // iptables cannot say `! -s a,b`: a negated list of several prefixes
  // becomes RETURN guards at the top of the rule's chain, which serve only
  // when the jumps into that chain of one family agree on it. `between` and
  // `with` make several flows, whose negated sides differ, so there a
  // negated set must be one prefix per family.
  bool negation_expressible(const ir::Selector& s) {
    for (ast::Family family : {ast::Family::ipv4, ast::Family::ipv6}) {
      if (!(family == ast::Family::ipv4 ? s.ipv4 : s.ipv6)) continue;
      const auto reaches = [family](const ir::Flow& flow) {
        return (!flow.source || flow.source->can_match(family)) &&
               (!flow.destination || flow.destination->can_match(family));
      };
      if (std::count_if(s.flows.begin(), s.flows.end(), reaches) < 2) continue;
      for (const ir::Flow& flow : s.flows) {
        if (!reaches(flow)) continue;
        for (const auto* side : {&flow.source, &flow.destination}) {
          if (!*side || !(*side)->negated) continue;
          const std::size_t prefixes = to_prefixes((*side)->set, family).size();
          if (prefixes <= 1) continue;
          error(Code::F031, (*side)->span,
                fmt::format("iptables cannot negate a set of several addresses ({} {} prefixes here) in a `between` "
                            "or `with` rule: it negates at most one address or prefix per family there",
                            prefixes, family == ast::Family::ipv4 ? "IPv4" : "IPv6"),
                "write one rule per direction (`from A to not {...}` and `from not {...} to A`; for `with`, `from "
                "not {...}` and `outbound to not {...}`), or negate one prefix");
          return false;
        }
      }
    }
    return true;
  }

  // Which address families the rule can match: every address constraint of
  // a flow must allow the family.
  bool families(Span selector_span, ir::Selector& out) {
    auto allows = [&](ast::Family family) {
      for (const auto& flow : out.flows) {
        const bool source = !flow.source || flow.source->can_match(family);
        const bool destination = !flow.destination || flow.destination->can_match(family);
        if (source && destination) return true;
      }
      return false;
    };
    out.ipv4 = allows(ast::Family::ipv4);
    out.ipv6 = allows(ast::Family::ipv6);
    if (!out.ipv4 && !out.ipv6 && whole_family_negated(out)) {
      error(Code::F025, selector_span, "this selector can never match: its `not` covers every address",
            "a negated set that holds 0.0.0.0/0 or ::/0 leaves nothing of that family; remove the rule or the "
            "whole-family prefix");
      return false;
    }
    if (!out.ipv4 && !out.ipv6) {
      error(Code::F025, selector_span, "this selector can never match: its addresses are of different families",
            "a packet is IPv4 or IPv6; `from` and `to` must share a family");
      return false;
    }
    return negation_expressible(out);
  }

  // ------------------------------------------------------------ actions
  bool actions(const ast::Rule& rule, ir::Rule& out) {
    bool ok = true;
    out.actions.reserve(rule.actions.size());  // one each, unless a preset
    const RuleFamilies families{out.selector.ipv4, out.selector.ipv6};
    for (const ast::Action& action : rule.actions) expand_action(action, families, diagnostics, ok, out.actions);
    return settle_protocols(out, rule.selector.protocol_span, diagnostics) && ok;
  }

  // ------------------------------------------------------------ time
  void timing(const ast::Rule& rule, ir::Rule& out) {
    if (!rule.timing) return;
    const ast::Timing& in = *rule.timing;
    out.written_timing = ir::Timing{};
    ir::Timing& t = *out.written_timing;
    if (in.after) {
      t.after_ms = in.after->ms;
      t.after_span = in.after->span;
    }
    if (in.for_) {
      t.for_ms = in.for_->ms;
      t.for_span = in.for_->span;
      if (*t.for_ms == 0) {
        error(Code::F033, t.for_span,
              fmt::format("`for {}` leaves this rule no time: it would never be active", sources.text(t.for_span)),
              "give the rule a positive duration, or remove the rule");
      }
    }
    if (in.every) {
      t.every_ms = in.every->ms;
      t.every_span = in.every->span;
      if (!t.for_ms) {
        error(Code::F022, t.every_span, "`every` repeats a window, but this rule has no `for`",
              "write how long each window lasts, e.g. `for 10s every 1m`");
      } else if (*t.for_ms >= *t.every_ms) {
        error(Code::F022, t.every_span,
              fmt::format("each window lasts {}, as long as or longer than its period of {}", format_duration(*t.for_ms),
                          format_duration(*t.every_ms)),
              "the window (`for`) must be shorter than the period (`every`)");
      }
    }
  }

  // The scenario's life: written, or derived from the rules' windows. A
  // scenario with nothing that ends is the lockout bug; refuse it.
  void life() {
    if (scenario.life_written) return;
    std::uint64_t end = 0;
    for (const ir::Rule& rule : scenario.rules) {
      if (!rule.timing().for_ms) {
        error(Code::F020, rule.span, "this rule has no time limit and the scenario has no total life",
              "add `for DURATION` to the rule or a `for DURATION` line for the whole scenario (the dead-man switch)");
        return;
      }
      if (rule.timing().every_ms) {
        error(Code::F020, rule.timing().every_span, "a repeating rule needs the scenario's total life",
              "`every` repeats until the scenario ends; add a `for DURATION` line for the whole scenario");
        return;
      }
      end = std::max(end, rule.timing().after_ms + *rule.timing().for_ms);
    }
    // A file of definitions only runs nothing, so it needs no life.
    if (scenario.rules.empty()) {
      scenario.life_ms = 0;
      return;
    }
    scenario.life_ms = end;
  }

  void windows_fit() {
    if (scenario.life_written && scenario.life_ms == 0) return;  // F033 said it: no window fits in no time
    for (const ir::Rule& rule : scenario.rules) {
      const ir::Timing& t = rule.timing();
      if (!scenario.life_ms) {
        // `for ever` has no end for `every` to repeat up to.
        if (t.every_ms) {
          error(Code::F022, t.every_span, "`every` repeats until the scenario ends, but `for ever` never ends",
                "give the scenario a time limit, e.g. `for 1h`");
        }
        continue;
      }
      const std::uint64_t life = *scenario.life_ms;
      const std::uint64_t end = t.after_ms + t.for_ms.value_or(0);
      if (t.after_ms >= life && scenario.life_written) {
        error(Code::F021, t.after_span.end ? t.after_span : rule.span,
              fmt::format("this rule starts at {}, when the scenario has already ended (its life is {})",
                          describe_ms(t.after_ms), describe_ms(life)),
              "shorten `after` or lengthen the scenario's `for`");
      } else if (t.for_ms && !t.every_ms && end > life) {
        error(Code::F021, t.for_span,
              fmt::format("this window ends at {} but the scenario ends at {}", describe_ms(end), describe_ms(life)),
              "every window must end inside the scenario's life");
      } else if (t.every_ms && t.for_ms && *t.for_ms < *t.every_ms && target_ranges::window_count(t, life) == 0) {
        error(Code::F021, t.every_span,
              fmt::format("no window of this rule fits in the scenario's life: the first would end at {}, after {}",
                          describe_ms(end), describe_ms(life)),
              "shorten `after` or `for`, or lengthen the scenario's `for`");
      }
    }
  }

  static std::string describe_ms(std::uint64_t ms) { return format_duration(ms); }

  // ------------------------------------------------------------ expects
  // The packet is read by normalize_packet (packet.hpp), which `faultc
  // explain --packet` shares.
  void expect(const ast::Expect& in) {
    auto packet = normalize_packet(in.packet, names, sources, diagnostics);
    if (!packet) return;
    ir::Expect out;
    out.packet = std::move(*packet);
    out.verdict = in.verdict;
    out.at_ms = in.at ? in.at->ms : 0;
    out.span = in.span;
    scenario.expects.push_back(std::move(out));
  }

  // ------------------------------------------------------------ statements
  // The root file's rules into their slots, in order, and its expects.
  void statements(const ast::File& root, std::vector<ir::Rule>& slots) {
    std::size_t index = 0;
    for (std::size_t i = 0; i < root.statements.size(); ++i) {
      const ast::Statement& statement = root.statements[i];
      if (const auto* rule = std::get_if<ast::Rule>(&statement)) {
        ir::Rule& out = slots[index++];
        out.number = index;
        out.span = rule->span;
        const bool selected = selector(rule->selector, out.selector);
        const bool acted = selected && actions(*rule, out) && expressible(out, diagnostics);
        timing(*rule, out);
        if (!selected || !acted) out = ir::Rule{};
        if (consumed != nullptr) consumed->files.front().statements.release(i);
      } else if (const auto* e = std::get_if<ast::Expect>(&statement)) {
        expect(*e);
      } else if (const auto* p = std::get_if<ast::Protect>(&statement)) {
        ir::Protection protection;
        if (selector(p->selector, protection.selector) && protection_checks(*p, protection, diagnostics)) {
          scenario.protections.push_back(std::move(protection));
        }
      } else if (const auto* x = std::get_if<ast::Expose>(&statement)) {
        expose(*x, scenario, diagnostics);
      } else if (is_fleet_statement(statement)) {
        const Span span = std::visit([](const auto& s) { return s.span; }, statement);
        diagnostics.push_back(make_diagnostic(
            Code::F040, span, "this statement belongs to a fleet scenario, and this file declares no node",
            "a fleet declares its nodes (`node db1 = 10.0.1.1`) and compiles to one scenario per node: "
            "see docs/fleet.md"));
      }
    }
  }

  static bool is_fleet_statement(const ast::Statement& s) {
    return std::holds_alternative<ast::NodeDef>(s) || std::holds_alternative<ast::GroupDef>(s) ||
           std::holds_alternative<ast::Controller>(s) || std::holds_alternative<ast::Partition>(s) ||
           std::holds_alternative<ast::At>(s);
  }

  void run() {
    const ast::File& root = program.files.front();
    const bool library = definitions_only(root);
    top_level(root);
    for (std::size_t i = 1; i < program.files.size(); ++i) check_included(program.files[i]);
    const auto is_rule = [](const ast::Statement& statement) { return std::holds_alternative<ast::Rule>(statement); };
    const auto rule_count = static_cast<std::size_t>(std::count_if(root.statements.begin(), root.statements.end(), is_rule));
    // A slot per rule, filled in place; a rule that fails analysis leaves
    // its slot empty (number 0) and is taken out below.
    scenario.rules.resize(rule_count);
    statements(root, scenario.rules);
    std::erase_if(scenario.rules, [](const ir::Rule& rule) { return rule.number == 0; });
    needs_a_rule(root, rule_count, library);
    life();
    windows_fit();
    life_fits(scenario, diagnostics);
    for (const ir::Rule& rule : scenario.rules) moments_fit(rule, scenario, diagnostics);
    names.check_unused();
    scenario.definitions = names.definitions();
    if (consumed != nullptr) {
      for (ast::File& file : consumed->files) file.statements.clear();
    }
  }
};

// `consumed`: the same program, when its rules' AST may be freed as analysed.
Result<ir::Scenario> run_analysis(const Program& program, const SourceMap& sources, Program* consumed) {
  Result<ir::Scenario> result;
  Analyzer analyzer{program, sources, result.diagnostics, NameTable(program, sources, result.diagnostics), {},
                    consumed};
  analyzer.run();
  result.value = std::move(analyzer.scenario);
  return result;
}

}  // namespace

Result<ir::Scenario> analyze(const Program& program, const SourceMap& sources) {
  return run_analysis(program, sources, nullptr);
}

Result<ir::Scenario> analyze(Program&& program, const SourceMap& sources) {
  return run_analysis(program, sources, &program);
}

}  // namespace faultc
