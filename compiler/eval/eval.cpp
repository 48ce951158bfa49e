#include "compiler/eval/eval.hpp"

#include <fmt/format.h>

#include "compiler/source/duration_text.hpp"
#include "compiler/eval/packet_text.hpp"
#include "compiler/parse/words.hpp"

namespace faultc::eval {

namespace {

using namespace ruleset;

constexpr std::uint32_t kCertain = 1'000'000;  // parts per million

// The word of the direction a hook sees.
std::string_view hook_words(Hook hook) {
  for (const auto& [direction, text] : Words<Direction>::table) {
    if (hook_of(direction) == hook) return text;
  }
  return {};
}

std::string windows_text(const std::vector<ir::Window>& windows) {
  if (windows.empty()) return "never";
  auto one = [](const ir::Window& w) {
    return w.end_ms == UINT64_MAX ? fmt::format("from {}", format_duration(w.start_ms))
                                  : fmt::format("{} to {}", format_duration(w.start_ms), format_duration(w.end_ms));
  };
  if (windows.size() == 1) return one(windows[0]);
  if (windows.size() == 2) return fmt::format("{} and {}", one(windows[0]), one(windows[1]));
  return fmt::format("{}, {}, ... {} ({} windows)", one(windows[0]), one(windows[1]), one(windows.back()),
                     windows.size());
}

// How far a jump got, to tell the most useful reason when none is taken.
int depth(Step::Kind kind, const Jump& jump, const Packet& packet) {
  switch (kind) {
    case Step::Kind::other_hook: return 0;
    case Step::Kind::inactive: return 1;
    default: return !jump.match.family || *jump.match.family == packet.family ? 3 : 2;
  }
}

struct Walker {
  const Ruleset& rules;
  const Packet& packet;
  std::uint64_t at;
  Verdict verdict;
  double survive = 1.0;

  void step(Step::Kind kind, std::size_t rule, Span span, std::string reason = {}) {
    verdict.trace.push_back({kind, rule, span, std::move(reason)});
  }

  // Walks one chain; true when the packet's fate is decided.
  bool walk(const Chain& chain) {
    const std::size_t rule = chain.rule_number;
    for (const Line& line : chain.lines) {
      if (mismatch(line.match(), packet)) continue;
      const auto& probability = line.match().probability;
      if (probability && *probability == 0) continue;  // `numgen ... < 0` never holds
      if (probability && *probability < kCertain) {
        const double p = static_cast<double>(*probability) / kCertain;
        survive *= 1.0 - p;
        verdict.hazards.push_back({Hazard::Kind::random_drop, rule, line.span, p, {}, {}});
        step(Step::Kind::may_drop, rule, line.span, percent_text(p));
        continue;
      }
      if (line.match().over_limit) {
        const Limit& limit = *line.match().over_limit;
        std::string bucket = bucket_text(limit, packet);
        verdict.hazards.push_back({Hazard::Kind::rate_limit, rule, line.span, 0, limit, bucket});
        step(Step::Kind::may_limit, rule, line.span, std::move(bucket));
        continue;
      }
      switch (line.verdict.kind) {
        case ruleset::Verdict::Kind::jump:
          if (walk(rules.chains[line.verdict.target])) return true;
          continue;
        case ruleset::Verdict::Kind::go: return walk(rules.chains[line.verdict.target]);
        case ruleset::Verdict::Kind::log: step(Step::Kind::logged, rule, line.span); continue;
        case ruleset::Verdict::Kind::allow:
          step(Step::Kind::allowed, rule, line.span);
          verdict.fate_by = line.span;
          verdict.fate_rule = rule;
          return false;
        case ruleset::Verdict::Kind::drop:
        case ruleset::Verdict::Kind::reject: {
          const bool drop = line.verdict.kind == ruleset::Verdict::Kind::drop;
          step(drop ? Step::Kind::dropped : Step::Kind::rejected, rule, line.span);
          verdict.otherwise = drop ? Fate::dropped : Fate::rejected;
          verdict.fate_by = line.span;
          verdict.fate_rule = rule;
          return true;
        }
      }
    }
    step(Step::Kind::passed, rule, {});
    return false;
  }

  // The jumps to one chain, [first, last): each one taken walks the chain
  // again, as the hook's chain would.
  bool visit(std::size_t first, std::size_t last) {
    const Chain& chain = rules.chains[rules.jumps[first].chain];
    bool taken = false;
    int best = -1;
    Step why;
    for (std::size_t i = first; i < last; ++i) {
      const Jump& jump = rules.jumps[i];
      Step attempt{Step::Kind::not_selected, chain.rule_number, jump.span, {}};
      if (jump.hook != hook_of(packet.direction)) {
        attempt.kind = Step::Kind::other_hook;
        attempt.reason = fmt::format("the rule is for {} packets", hook_words(jump.hook));
      } else if (!active_at(rules.windows(jump), at)) {
        attempt.kind = Step::Kind::inactive;
        attempt.reason = verdict.after_end
                             ? fmt::format("the scenario has ended ({} long)", format_duration(*rules.life_ms))
                             : fmt::format("the rule is not active at {} (active {})", format_duration(at),
                                           windows_text(rules.windows(jump)));
      } else if (auto reason = mismatch(jump.match, packet)) {
        attempt.reason = std::move(*reason);
      } else {
        taken = true;
        step(Step::Kind::entered, chain.rule_number, jump.span);
        if (walk(chain)) return true;
        continue;
      }
      const int d = depth(attempt.kind, jump, packet);
      if (d > best) {
        best = d;
        why = std::move(attempt);
      }
    }
    if (!taken) verdict.trace.push_back(std::move(why));
    return false;
  }

  void run() {
    verdict.after_end = rules.life_ms && at >= rules.at_ms + *rules.life_ms;
    // Ahead of every rule: a protected packet meets none.
    if (const Protection* p = verdict.after_end ? nullptr : protection_for(rules, packet)) {
      verdict.protected_by = Spared{p->kind, p->span, p->mirror};
      finish();
      return;
    }
    for (std::size_t first = 0; first < rules.jumps.size();) {
      std::size_t last = first + 1;
      while (last < rules.jumps.size() && rules.jumps[last].chain == rules.jumps[first].chain) ++last;
      if (visit(first, last)) break;
      first = last;
    }
    finish();
  }

  void finish() {
    Verdict& v = verdict;
    v.drop_probability = 1.0 - survive;
    const Hazard* first_limit = nullptr;
    const Hazard* first_random = nullptr;
    for (const Hazard& h : v.hazards) {
      auto& slot = h.kind == Hazard::Kind::rate_limit ? first_limit : first_random;
      if (slot == nullptr) slot = &h;
    }
    if (v.otherwise == Fate::dropped) {
      v.kind = Verdict::Kind::dropped;  // dropped either way
    } else if (first_limit != nullptr) {
      v.kind = Verdict::Kind::rate_limited;
    } else if (first_random != nullptr) {
      v.kind = Verdict::Kind::dropped_randomly;
    } else {
      v.kind = v.otherwise == Fate::rejected ? Verdict::Kind::rejected : Verdict::Kind::allowed;
    }
    const Hazard* hazard = v.kind == Verdict::Kind::rate_limited       ? first_limit
                           : v.kind == Verdict::Kind::dropped_randomly ? first_random
                                                                       : nullptr;
    if (hazard != nullptr) {
      v.decided_by = hazard->span;
      v.decided_rule = hazard->rule_number;
    } else {
      v.decided_by = v.fate_by;
      v.decided_rule = v.fate_rule;
    }
  }
};

}  // namespace

const Protection* protection_for(const Ruleset& rules, const Packet& packet) {
  for (const Protection& p : rules.protections) {
    if (p.hook == hook_of(packet.direction) && !mismatch(p.match, packet)) return &p;
  }
  return nullptr;
}

Verdict evaluate(const Ruleset& rules, const Packet& packet, std::uint64_t at_ms) {
  Walker walker{rules, packet, at_ms, {}};
  walker.run();
  return std::move(walker.verdict);
}

}  // namespace faultc::eval
