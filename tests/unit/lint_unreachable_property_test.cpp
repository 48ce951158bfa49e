// A property test of the unreachable-action check (W104) against a
// brute-force enumeration of its packet domain that shares no code with
// compiler/analyze/action_space: on generated rules, and on the same rules
// written as text and compiled.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "compiler/lint/lint.hpp"
#include "compiler/parse/words.hpp"
#include "tests/unit/lint_support.hpp"

using namespace faultc;
using namespace faultc::test::lint_tests;

// ---------------------------------------------------------------- W104 property

namespace {

// ---- an independent model of one rule's actions over the packet domain:
// 256 flag bytes x 4 connection states x payload or not.
enum : int { kNew = 0, kEstablished = 1, kRelated = 2, kInvalid = 3 };

struct Packet {
  int flags, state;
  bool payload;
};

bool pattern_hits(const ir::Pattern& p, const Packet& packet) {
  switch (p.kind) {
    case ir::Pattern::Kind::flags: return (packet.flags & p.flags.mask) == p.flags.value;
    case ir::Pattern::Kind::state_new: return packet.state == kNew;
    case ir::Pattern::Kind::state_established: return packet.state == kEstablished;
    case ir::Pattern::Kind::data: return packet.payload;
  }
  return false;
}

bool action_hits(const ir::Action& a, const Packet& packet) {
  if (a.patterns.empty()) return true;
  return std::any_of(a.patterns.begin(), a.patterns.end(), [&](const ir::Pattern& p) { return pattern_hits(p, packet); });
}

// Takes every packet it matches, so no later action of the rule sees it.
bool decides(const ir::Action& a) {
  const bool terminal =
      a.kind == ir::Action::Kind::allow || a.kind == ir::Action::Kind::drop || a.kind == ir::Action::Kind::reject;
  return terminal && !a.probability;
}

struct Verdicts {
  std::vector<bool> dead;                   // per action
  std::vector<std::set<std::size_t>> takers;  // per dead action: who actually took its packets
  std::vector<std::set<std::size_t>> overlap;  // per action: earlier deciders whose packets overlap
};

Verdicts brute_force(const std::vector<ir::Action>& actions) {
  Verdicts v;
  v.dead.assign(actions.size(), false);
  v.takers.resize(actions.size());
  v.overlap.resize(actions.size());
  std::vector<bool> seen(actions.size(), false);  // matches at least one packet that reaches it
  std::vector<bool> any(actions.size(), false);   // matches at least one packet at all
  for (int flags = 0; flags < 256; ++flags) {
    for (int state = 0; state < 4; ++state) {
      for (bool payload : {false, true}) {
        const Packet packet{flags, state, payload};
        std::optional<std::size_t> taken_by;  // first deciding action that matched
        for (std::size_t i = 0; i < actions.size(); ++i) {
          if (!action_hits(actions[i], packet)) continue;
          any[i] = true;
          for (std::size_t j = 0; j < i; ++j) {
            if (decides(actions[j]) && action_hits(actions[j], packet)) v.overlap[i].insert(j);
          }
          if (taken_by) {
            v.takers[i].insert(*taken_by);
          } else {
            seen[i] = true;
            if (decides(actions[i])) taken_by = i;
          }
        }
      }
    }
  }
  for (std::size_t i = 0; i < actions.size(); ++i) v.dead[i] = any[i] && !seen[i];
  return v;
}

// ---- random rules over small domains
std::string flag_list(std::uint8_t bits) {
  return bits == 0 ? "NONE" : flag_words(bits, ",");
}

std::string describe(const ir::Pattern& p) {
  switch (p.kind) {
    case ir::Pattern::Kind::flags: return fmt::format("flags {} of {}", flag_list(p.flags.value), flag_list(p.flags.mask));
    case ir::Pattern::Kind::state_new: return "new";
    case ir::Pattern::Kind::state_established: return "established";
    case ir::Pattern::Kind::data: return "data";
  }
  return "?";
}

// The action as .fault text: flags patterns last in their list, so that the
// mask list does not swallow what follows.
std::string describe(const ir::Action& a) {
  std::string out(word(ir::written_kind(a.kind)));
  std::vector<std::string> patterns;
  for (const ir::Pattern& p : a.patterns) {
    if (p.kind != ir::Pattern::Kind::flags) patterns.push_back(describe(p));
  }
  for (const ir::Pattern& p : a.patterns) {
    if (p.kind == ir::Pattern::Kind::flags) patterns.push_back(describe(p));
  }
  // Two flags patterns in one list would merge their masks; keep the
  // generator to one per action (checked below).
  if (!patterns.empty()) out += " " + fmt::format("{}", fmt::join(patterns, ", "));
  // A limit's patterns come before its rate.
  if (a.kind == ir::Action::Kind::limit) return out + (a.rate->per ? " 10/s per source" : " 10/s");
  if (a.probability) out += fmt::format(" {}%", *a.probability / 10000.0);
  return out;
}

std::string describe(const std::vector<ir::Action>& actions) {
  std::vector<std::string> parts;
  for (const ir::Action& a : actions) parts.push_back(describe(a));
  return fmt::format("tcp {{ {} }} for 1m", fmt::join(parts, "; "));
}

struct Generator {
  std::mt19937 random;

  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random); }
  bool chance(int percent) { return below(100) < percent; }

  ir::Pattern flags_pattern() {
    ir::Pattern p;
    p.kind = ir::Pattern::Kind::flags;
    int mask;
    if (chance(60)) {
      // A small domain where overlaps are common: subsets of SYN, ACK, FIN.
      static constexpr int kSmall[] = {flag::syn, flag::ack, flag::fin};
      mask = 0;
      while (mask == 0) {
        for (int bit : kSmall) {
          if (chance(50)) mask |= bit;
        }
      }
    } else if (chance(50)) {
      mask = flag::classic;
    } else {
      mask = 1 + below(255);
    }
    p.flags.mask = static_cast<std::uint8_t>(mask);
    p.flags.value = static_cast<std::uint8_t>(below(256) & mask);
    return p;
  }

  std::vector<ir::Pattern> patterns() {
    std::vector<ir::Pattern> out;
    if (chance(30)) return out;  // rest
    const int count = 1 + below(3);
    bool has_flags = false;
    for (int i = 0; i < count; ++i) {
      ir::Pattern p;
      switch (below(has_flags ? 3 : 5)) {
        case 0: p.kind = ir::Pattern::Kind::state_new; break;
        case 1: p.kind = ir::Pattern::Kind::state_established; break;
        case 2: p.kind = ir::Pattern::Kind::data; break;
        default: p = flags_pattern(); has_flags = true;
      }
      out.push_back(p);
    }
    return out;
  }

  ir::Action action() {
    ir::Action a;
    const int roll = below(100);
    if (roll < 25) a.kind = ir::Action::Kind::allow;
    else if (roll < 55) a.kind = ir::Action::Kind::drop;
    else if (roll < 70) a.kind = ir::Action::Kind::reject;
    else if (roll < 80) a.kind = ir::Action::Kind::limit;
    else a.kind = ir::Action::Kind::log;
    a.patterns = patterns();
    if (a.kind == ir::Action::Kind::limit) {
      // A limit counts only the packets of its patterns, and decides none.
      a.rate = ir::Rate{};
      if (chance(30)) a.rate->per = ast::LimitPer::source;
      return a;
    }
    if (a.kind == ir::Action::Kind::drop && chance(30)) {
      static constexpr std::uint32_t kProbabilities[] = {0, 10000, 300000, 999999};
      a.probability = kProbabilities[below(4)];
    }
    return a;
  }

  std::vector<ir::Action> rule() {
    std::vector<ir::Action> actions(2 + below(3));
    for (std::size_t i = 0; i < actions.size(); ++i) {
      actions[i] = action();
      actions[i].span = Span{0, static_cast<std::uint32_t>(100 * i), static_cast<std::uint32_t>(100 * i + 10)};
    }
    return actions;
  }
};

std::size_t action_at(const std::vector<ir::Action>& actions, const Span& span) {
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (actions[i].span == span) return i;
  }
  return actions.size();
}

}  // namespace

TEST_CASE("W104 property: the check agrees with brute force over the packet domain", "[lint][W104][property]") {
  Generator generate{std::mt19937(20240605)};
  constexpr int kRules = 2500;
  int mismatches = 0, dead_total = 0, rules_with_dead = 0, note_problems = 0;
  for (int n = 0; n < kRules; ++n) {
    ir::Scenario scenario;
    ir::Rule rule;
    rule.number = 1;
    rule.selector.protocols = ast::Protocols(ast::Protocol::tcp);
    rule.selector.flows.emplace_back();
    rule.actions = generate.rule();
    scenario.rules.push_back(rule);

    Diagnostics out;
    lint_unreachable_actions(scenario, out);
    const Verdicts want = brute_force(rule.actions);

    std::vector<bool> got(rule.actions.size(), false);
    for (const Diagnostic& d : out) {
      REQUIRE(d.code == Code::W104);
      const std::size_t i = action_at(rule.actions, d.span);
      REQUIRE(i < rule.actions.size());
      got[i] = true;
      // Every note points at an earlier deciding action that overlaps it,
      // and every action that really takes its packets is among them.
      std::set<std::size_t> noted;
      for (const Note& note : d.notes) {
        REQUIRE(note.span);
        noted.insert(action_at(rule.actions, *note.span));
      }
      const bool within = std::includes(want.overlap[i].begin(), want.overlap[i].end(), noted.begin(), noted.end());
      const bool complete = std::includes(noted.begin(), noted.end(), want.takers[i].begin(), want.takers[i].end());
      if (!within || !complete) {
        ++note_problems;
        FAIL_CHECK("W104 notes wrong for action " << i + 1 << " of: " << describe(rule.actions));
      }
    }
    const long dead = std::count(want.dead.begin(), want.dead.end(), true);
    dead_total += static_cast<int>(dead);
    rules_with_dead += dead > 0 ? 1 : 0;
    if (got != want.dead) {
      ++mismatches;
      std::string detail;
      for (std::size_t i = 0; i < got.size(); ++i) {
        detail += fmt::format(" action {}: check says {}, brute force says {};", i + 1, got[i] ? "dead" : "live",
                              want.dead[i] ? "dead" : "live");
      }
      FAIL_CHECK("W104 verdict differs for rule #" << n << ": " << describe(rule.actions) << "\n" << detail);
    }
  }
  CHECK(mismatches == 0);
  CHECK(note_problems == 0);
  // The generator must exercise both outcomes often enough to mean something.
  INFO("rules with a dead action: " << rules_with_dead << ", dead actions: " << dead_total);
  CHECK(rules_with_dead > kRules / 10);
  CHECK(rules_with_dead < kRules * 9 / 10);
}

TEST_CASE("W104 property, end to end: the same rules written as text", "[lint][W104][property]") {
  // Every 10th generated rule goes through parse, analyze and lint, so the
  // verdict is also checked on what a user writes.
  Generator generate{std::mt19937(7)};
  int mismatches = 0, compared = 0;
  for (int n = 0; n < 3000; ++n) {
    const std::vector<ir::Action> actions = generate.rule();
    if (n % 10 != 0) continue;
    const std::string text = describe(actions) + "\n";
    const auto r = compile(text);
    INFO("file: " << text << "diagnostics:\n" << r->text());
    REQUIRE_FALSE(has_errors(r->c.diagnostics));
    const ir::Rule& rule = r->c.scenario->rules.at(0);
    REQUIRE(rule.actions.size() == actions.size());
    const Verdicts want = brute_force(rule.actions);
    std::vector<bool> got(rule.actions.size(), false);
    for (const Diagnostic* d : r->all(Code::W104)) got.at(action_at(rule.actions, d->span)) = true;
    ++compared;
    if (got != want.dead) {
      ++mismatches;
      FAIL_CHECK("W104 verdict differs for: " << text);
    }
  }
  CHECK(compared == 300);
  CHECK(mismatches == 0);
}
