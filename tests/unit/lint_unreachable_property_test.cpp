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
#include "compiler/parse/icmp_types.hpp"
#include "compiler/parse/words.hpp"
#include "tests/unit/lint_support.hpp"

using namespace faultc;
using namespace faultc::test::lint_tests;

// ---------------------------------------------------------------- W104 property

namespace {

// ---- an independent model of one rule's actions over the packet domain:
// 256 flag bytes x 4 connection states x payload or not x lengths x ICMP
// messages. Lengths and messages are enumerated over a universe that holds
// every value the generator below names and values it never names, so that
// every packet a rule can tell apart is in it: the generator's lengths are
// 1-9, its messages those of the ICMP name table with codes 0-5 and 13.
enum : int { kNew = 0, kEstablished = 1, kRelated = 2, kInvalid = 3 };

struct Packet {
  int flags = 0, state = 0;
  bool payload = false;
  int length = 0;
  bool icmp = false;  // an ICMP rule's packet: family, type and code hold
  ir::Family family = ir::Family::ipv4;
  int type = 0, code = 0;
};

bool pattern_hits(const ir::Pattern& p, const Packet& packet) {
  switch (p.kind) {
    case ir::Pattern::Kind::flags: return (packet.flags & p.flags.mask) == p.flags.value;
    case ir::Pattern::Kind::state_new: return packet.state == kNew;
    case ir::Pattern::Kind::state_established: return packet.state == kEstablished;
    case ir::Pattern::Kind::data: return packet.payload;
    case ir::Pattern::Kind::icmp:
      return packet.icmp && packet.family == p.icmp.family && packet.type == p.icmp.type &&
             (!p.icmp.code || packet.code == *p.icmp.code);
    case ir::Pattern::Kind::length: return p.length.low <= packet.length && packet.length <= p.length.high;
  }
  return false;
}

constexpr int kLengths[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1000, 65535};
constexpr int kCodes[] = {0, 1, 2, 3, 4, 5, 13, 200};

// Every packet of the rule's domain: a TCP rule's over flags, state, payload
// and length; an ICMP rule's over state, length and every message of the
// families the rule matches (types of the table, and two it lacks).
template <typename F>
void for_each_packet(const ir::Rule& rule, F&& f) {
  if (!rule.selector.protocols.only(ast::Protocol::icmp)) {
    for (int flags = 0; flags < 256; ++flags) {
      for (int state = 0; state < 4; ++state) {
        for (bool payload : {false, true}) {
          for (int length : kLengths) f(Packet{flags, state, payload, length});
        }
      }
    }
    return;
  }
  for (ir::Family family : {ir::Family::ipv4, ir::Family::ipv6}) {
    if (!(family == ir::Family::ipv4 ? rule.selector.ipv4 : rule.selector.ipv6)) continue;
    std::set<int> types{7, 200};
    for (const IcmpName& name : icmp_names()) {
      if (name.in(family)) types.insert(name.in(family)->type);
    }
    for (int type : types) {
      for (int code : kCodes) {
        for (int state = 0; state < 4; ++state) {
          for (int length : kLengths) f(Packet{0, state, false, length, true, family, type, code});
        }
      }
    }
  }
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

Verdicts brute_force(const ir::Rule& rule) {
  const std::vector<ir::Action>& actions = rule.actions;
  Verdicts v;
  v.dead.assign(actions.size(), false);
  v.takers.resize(actions.size());
  v.overlap.resize(actions.size());
  std::vector<bool> seen(actions.size(), false);  // matches at least one packet that reaches it
  std::vector<bool> any(actions.size(), false);   // matches at least one packet at all
  for_each_packet(rule, [&](const Packet& packet) {
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
  });
  for (std::size_t i = 0; i < actions.size(); ++i) v.dead[i] = any[i] && !seen[i];
  return v;
}

// ---- random rules over small domains, each action with its text
std::string flag_list(std::uint8_t bits) {
  return bits == 0 ? "NONE" : flag_words(bits, ",");
}

std::string flags_text(const ir::Pattern& p) {
  return fmt::format("flags {} of {}", flag_list(p.flags.value), flag_list(p.flags.mask));
}

std::string length_text(const ir::LengthRange& r) {
  if (r.low == r.high) return fmt::format("length {}", r.low);
  if (r.high == 65535) return fmt::format("length > {}", r.low - 1);
  if (r.low == 0) return fmt::format("length < {}", r.high + 1);
  return fmt::format("length {}-{}", r.low, r.high);
}

struct GeneratedRule {
  bool icmp = false;
  bool ipv4 = true, ipv6 = true;
  std::vector<ir::Action> actions;
  std::vector<std::string> texts;  // each action as written

  // The rule as .fault text; an ICMP rule's families by its addresses.
  std::string text() const {
    const char* selector = !icmp ? "tcp" : !ipv6 ? "icmp from 10.0.0.0/8" : !ipv4 ? "icmp from fd00::/8" : "icmp";
    return fmt::format("{} {{ {} }} for 1m", selector, fmt::join(texts, "; "));
  }
  ir::Rule rule() const {
    ir::Rule rule;
    rule.number = 1;
    rule.selector.protocols = ast::Protocols(icmp ? ast::Protocol::icmp : ast::Protocol::tcp);
    rule.selector.ipv4 = ipv4;
    rule.selector.ipv6 = ipv6;
    rule.selector.flows.emplace_back();
    rule.actions = actions;
    return rule;
  }
};

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

  // A length from 1 to 9 as each form writes it: exact, a range, under,
  // over.
  ir::Pattern length_pattern() {
    ir::Pattern p;
    p.kind = ir::Pattern::Kind::length;
    const auto a = static_cast<std::uint16_t>(1 + below(9)), b = static_cast<std::uint16_t>(1 + below(9));
    switch (below(4)) {
      case 0: p.length = {a, a}; break;
      case 1: p.length = {std::min(a, b), std::max(a, b)}; break;
      case 2: p.length = {0, static_cast<std::uint16_t>(std::max<int>(a, 2) - 1)}; break;
      default: p.length = {static_cast<std::uint16_t>(a + 1), 65535};
    }
    return p;
  }

  // A name of the table (and a code, for one that fixes none) with one
  // pattern per family of the rule that has it, as analyze makes them.
  void icmp_pattern(const GeneratedRule& rule, std::vector<ir::Pattern>& out, std::vector<std::string>& texts) {
    const auto names = icmp_names();
    while (true) {
      const IcmpName& name = names[below(static_cast<int>(names.size()))];
      if (!((name.v4 && rule.ipv4) || (name.v6 && rule.ipv6))) continue;
      const bool fixed = (name.v4 && name.v4->code) || (name.v6 && name.v6->code);
      std::optional<std::uint8_t> code;
      if (!fixed && chance(40)) code = static_cast<std::uint8_t>(chance(80) ? below(6) : 13);
      for (ir::Family family : {ir::Family::ipv4, ir::Family::ipv6}) {
        if (!name.in(family) || !(family == ir::Family::ipv4 ? rule.ipv4 : rule.ipv6)) continue;
        ir::Pattern p;
        p.kind = ir::Pattern::Kind::icmp;
        p.icmp = {family, name.in(family)->type, code ? code : name.in(family)->code};
        out.push_back(p);
      }
      texts.push_back(code ? fmt::format("{} code {}", name.word, *code) : std::string(name.word));
      return;
    }
  }

  // Patterns and their texts; a flags pattern's text last, so that its
  // mask list does not swallow what follows, and at most one per action
  // (two in one list would merge their masks).
  void patterns(const GeneratedRule& rule, ir::Action& a, std::vector<std::string>& texts) {
    if (chance(30)) return;  // rest
    const int count = 1 + below(3);
    std::optional<ir::Pattern> flags;
    for (int i = 0; i < count; ++i) {
      const int roll = below(rule.icmp ? 4 : (flags ? 4 : 5));
      ir::Pattern p;
      if (roll == 0) {
        p.kind = ir::Pattern::Kind::state_new;
        texts.emplace_back("new");
      } else if (roll == 1) {
        p.kind = ir::Pattern::Kind::state_established;
        texts.emplace_back("established");
      } else if (roll == 2) {
        p = length_pattern();
        texts.push_back(length_text(p.length));
      } else if (roll == 3 && rule.icmp) {
        icmp_pattern(rule, a.patterns, texts);
        continue;
      } else if (roll == 3) {
        p.kind = ir::Pattern::Kind::data;
        texts.emplace_back("data");
      } else {
        flags = flags_pattern();
        continue;
      }
      a.patterns.push_back(p);
    }
    if (flags) {
      a.patterns.push_back(*flags);
      texts.push_back(flags_text(*flags));
    }
  }

  void action(GeneratedRule& rule) {
    ir::Action a;
    const int roll = below(100);
    if (roll < 25) a.kind = ir::Action::Kind::allow;
    else if (roll < 55) a.kind = ir::Action::Kind::drop;
    else if (roll < 70) a.kind = ir::Action::Kind::reject;
    else if (roll < 80) a.kind = ir::Action::Kind::limit;
    else a.kind = ir::Action::Kind::log;
    std::string text(word(ir::written_kind(a.kind)));
    std::vector<std::string> texts;
    patterns(rule, a, texts);
    if (!texts.empty()) text += fmt::format(" {}", fmt::join(texts, ", "));
    if (a.kind == ir::Action::Kind::limit) {
      // A limit counts only the packets of its patterns, and decides none.
      a.rate = ir::Rate{};
      text += " 10/s";  // after its patterns
      if (chance(30)) {
        a.rate->per = ast::LimitPer::source;
        text += " per source";
      }
    } else if (a.kind == ir::Action::Kind::drop && chance(30)) {
      static constexpr std::uint32_t kProbabilities[] = {0, 10000, 300000, 999999};
      a.probability = kProbabilities[below(4)];
      text += fmt::format(" {}%", *a.probability / 10000.0);
    }
    a.span = Span{0, static_cast<std::uint32_t>(100 * rule.actions.size()),
                  static_cast<std::uint32_t>(100 * rule.actions.size() + 10)};
    rule.actions.push_back(std::move(a));
    rule.texts.push_back(std::move(text));
  }

  // A TCP rule (flags, states, payload, lengths) or, one in three, an ICMP
  // rule of one family or both (messages, states, lengths).
  GeneratedRule rule() {
    GeneratedRule out;
    out.icmp = chance(33);
    if (out.icmp && chance(50)) (chance(50) ? out.ipv4 : out.ipv6) = false;
    const int count = 2 + below(3);
    for (int i = 0; i < count; ++i) action(out);
    return out;
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
  int mismatches = 0, dead_total = 0, rules_with_dead = 0, note_problems = 0, icmp_dead = 0, length_rules = 0;
  for (int n = 0; n < kRules; ++n) {
    const GeneratedRule generated = generate.rule();
    ir::Scenario scenario;
    scenario.rules.push_back(generated.rule());
    const ir::Rule& rule = scenario.rules.front();

    Diagnostics out;
    lint_unreachable_actions(scenario, out);
    const Verdicts want = brute_force(rule);

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
        FAIL_CHECK("W104 notes wrong for action " << i + 1 << " of: " << generated.text());
      }
    }
    const long dead = std::count(want.dead.begin(), want.dead.end(), true);
    dead_total += static_cast<int>(dead);
    rules_with_dead += dead > 0 ? 1 : 0;
    icmp_dead += generated.icmp && dead > 0 ? 1 : 0;
    length_rules += generated.text().find("length") != std::string::npos ? 1 : 0;
    if (got != want.dead) {
      ++mismatches;
      std::string detail;
      for (std::size_t i = 0; i < got.size(); ++i) {
        detail += fmt::format(" action {}: check says {}, brute force says {};", i + 1, got[i] ? "dead" : "live",
                              want.dead[i] ? "dead" : "live");
      }
      FAIL_CHECK("W104 verdict differs for rule #" << n << ": " << generated.text() << "\n" << detail);
    }
  }
  CHECK(mismatches == 0);
  CHECK(note_problems == 0);
  // The generator must exercise both outcomes often enough to mean something,
  // on ICMP rules and with lengths too.
  INFO("rules with a dead action: " << rules_with_dead << ", dead actions: " << dead_total
                                    << ", ICMP rules with one: " << icmp_dead << ", rules with a length: "
                                    << length_rules);
  CHECK(rules_with_dead > kRules / 10);
  CHECK(rules_with_dead < kRules * 9 / 10);
  CHECK(icmp_dead > kRules / 50);
  CHECK(length_rules > kRules / 5);
}

TEST_CASE("W104 property, end to end: the same rules written as text", "[lint][W104][property]") {
  // Every 10th generated rule goes through parse, analyze and lint, so the
  // verdict is also checked on what a user writes.
  Generator generate{std::mt19937(7)};
  int mismatches = 0, compared = 0, icmp = 0;
  for (int n = 0; n < 3000; ++n) {
    const GeneratedRule generated = generate.rule();
    if (n % 10 != 0) continue;
    const std::string text = generated.text() + "\n";
    const auto r = compile(text);
    INFO("file: " << text << "diagnostics:\n" << r->text());
    REQUIRE_FALSE(has_errors(r->c.diagnostics));
    const ir::Rule& rule = r->c.scenario->rules.at(0);
    REQUIRE(rule.actions.size() == generated.actions.size());
    // What analyze made of the text is what the generator made.
    for (std::size_t i = 0; i < rule.actions.size(); ++i) {
      REQUIRE(rule.actions[i].patterns.size() == generated.actions[i].patterns.size());
      for (std::size_t k = 0; k < rule.actions[i].patterns.size(); ++k) {
        const ir::Pattern &got = rule.actions[i].patterns[k], &want = generated.actions[i].patterns[k];
        REQUIRE(got.kind == want.kind);
        if (got.kind == ir::Pattern::Kind::icmp) REQUIRE(got.icmp == want.icmp);
        if (got.kind == ir::Pattern::Kind::length) REQUIRE(got.length == want.length);
      }
    }
    const Verdicts want = brute_force(rule);
    std::vector<bool> got(rule.actions.size(), false);
    for (const Diagnostic* d : r->all(Code::W104)) got.at(action_at(rule.actions, d->span)) = true;
    ++compared;
    icmp += generated.icmp ? 1 : 0;
    if (got != want.dead) {
      ++mismatches;
      FAIL_CHECK("W104 verdict differs for: " << text);
    }
  }
  CHECK(compared == 300);
  CHECK(icmp > 50);
  CHECK(mismatches == 0);
}
