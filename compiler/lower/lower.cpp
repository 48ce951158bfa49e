#include "compiler/lower/lower.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <span>
#include <tuple>

#include "compiler/analyze/target_ranges.hpp"
#include "compiler/lower/object_id.hpp"
#include "compiler/lower/protections.hpp"
#include "compiler/lower/selector_match.hpp"
#include "compiler/net/prefixes.hpp"
#include "compiler/source/duration_text.hpp"
#include "compiler/source/hash.hpp"
#include "compiler/source/text_safety.hpp"

namespace faultc {

namespace {

using namespace ruleset;

// The file name every rule's comment starts with: comments only point
// back at the source, so a file name is never a reason to refuse a
// scenario. Characters no tool's comment carries safely become `?`
// (text_safety.hpp), and the name is cut so that the longest comment,
// "NAME:LINE rule N", fits nft's 128 characters.
std::string comment_file(const std::string& file_name) {
  return emit::comment_text(file_name, emit::kNftComment - ruleset::kLongestCommentSuffix.size());
}

// The protocols a rule's jumps (or a pattern's lines) are for.
using lowering::Protocols;
using lowering::protocols_of;

struct Lowering {
  const ir::Scenario& scenario;
  const SourceMap& sources;
  const LowerOptions& options;
  ir::Scenario* consumed = nullptr;  // the same scenario, when its rules may be freed once lowered
  Diagnostics diagnostics;
  Ruleset out;
  // Rules share a handful of timings: the windows of each are made once.
  using TimingKey = std::tuple<std::uint64_t, std::optional<std::uint64_t>, std::optional<std::uint64_t>>;
  std::map<TimingKey, std::optional<std::size_t>> windows_by_timing;
  std::vector<Span> timed;  // rules whose windows the artifact must switch
  std::uint32_t line_hint = 1;  // the source line of the last rule lowered (line_of)

  // The index in out.window_lists of the windows the rule's jumps carry, or
  // nothing when the rule is not active in the artifact at all.
  std::optional<std::size_t> windows_of(const ir::Rule& rule) {
    const ir::Timing& t = rule.timing();
    const auto [at, fresh] = windows_by_timing.try_emplace(TimingKey{t.after_ms, t.for_ms, t.every_ms});
    if (fresh) {
      if (auto windows = artifact_windows(rule)) {
        at->second = out.window_lists.size();
        out.window_lists.push_back(std::move(*windows));
      }
    }
    return at->second;
  }
  std::uint32_t line_of(Span span) { return sources.file(span.file).line_of(span.begin, line_hint); }

  // ------------------------------------------------------------ lines
  static Verdict verdict_of(const ir::Action& action) {
    Verdict v;
    switch (action.kind) {
      case ir::Action::Kind::allow: v.kind = Verdict::Kind::allow; break;
      case ir::Action::Kind::drop:
      case ir::Action::Kind::limit: v.kind = Verdict::Kind::drop; break;
      case ir::Action::Kind::reject: v.kind = Verdict::Kind::reject; break;
      case ir::Action::Kind::log: v.kind = Verdict::Kind::log; break;
    }
    v.reject_with = action.reject_with;
    if (action.log_prefix) {
      v.log_prefix = *action.log_prefix;
      v.log_prefix_span = action.log_prefix_span;
    }
    return v;
  }

  // The match every line of an action carries: its probability and its
  // rate limit.
  Match action_match(const ir::Rule& rule, const ir::Action& action, std::size_t action_index) const {
    Match base;
    // `drop 100%` is a drop: no random match (nft's `numgen random mod
    // 1000000 < 1000000` is refused, its values stop at 999999).
    if (action.probability && *action.probability < 1'000'000) base.probability = action.probability;
    if (action.rate) {
      const ir::Rate& r = *action.rate;
      // hashlimit names are global to the kernel, at most 15 characters, and
      // two rules with one name silently share a bucket: hash the scenario,
      // rule and action (the iptables printer adds the family).
      const std::uint32_t hash = stable_hash(fmt::format("{}/{}/{}", out.id, rule.number, action_index));
      base.over_limit = Limit{r.amount, r.bytes, r.period_ms, r.burst, fmt::format("fc{:08x}", hash), r.per,
                              r.per ? target_ranges::bucket_expiry_ms(r) : 0};
    }
    return base;
  }

  // An action's lines, into the rule's chain or, for an action that must
  // act once over several patterns, into two helper chains.
  void lines_of(const ir::Rule& rule, const ir::Action& action, std::size_t action_index, Chain& chain,
                std::size_t chain_index, std::vector<Chain>& helpers) {
    const Match base = action_match(rule, action, action_index);
    const Verdict verdict = verdict_of(action);
    const std::uint32_t line = line_of(action.span);
    if (action.patterns.empty()) {
      chain.lines.push_back({line_condition(base), verdict, line, action.span});
      return;
    }
    // Alternatives become one line each: for allow, drop and reject the
    // first match decides either way. A log, a random drop or a limit must
    // act once even when several alternatives match (SYN+FIN is two kinds
    // of badflags): the alternatives `go` to a chain that acts once.
    std::size_t line_count = 0;
    for (const ir::Pattern& pattern : action.patterns) line_count += line_protocols(pattern, rule.selector).count;
    const bool once = line_count > 1 && (verdict.kind == Verdict::Kind::log || base.probability || base.over_limit);
    Chain* into = &chain;
    Verdict pattern_verdict = verdict;
    Match pattern_base = base;
    if (once) {
      Chain tries, acts;
      tries.rule_number = acts.rule_number = rule.number;
      tries.helper_role = 'a';
      acts.helper_role = 'd';
      tries.helper_action = acts.helper_action = static_cast<std::uint32_t>(action_index);
      const std::size_t tries_index = chain_index + 1 + helpers.size();
      acts.lines.push_back({line_condition(base), verdict, line, action.span});
      Verdict enter;
      enter.kind = Verdict::Kind::jump;
      enter.target = tries_index;
      chain.lines.push_back({std::nullopt, enter, line, action.span});
      helpers.push_back(std::move(tries));
      helpers.push_back(std::move(acts));
      into = &helpers[helpers.size() - 2];
      pattern_verdict = Verdict{};
      pattern_verdict.kind = Verdict::Kind::go;
      pattern_verdict.target = tries_index + 1;
      pattern_base = Match{};
    }
    for (const ir::Pattern& pattern : action.patterns) {
      if (pattern.kind == ir::Pattern::Kind::length) {
        // A length is read from a different field in each family (nft's `ip
        // length`, `ip6 length`): one line per family, which never
        // both match a packet.
        for (Family family : {Family::ipv4, Family::ipv6}) {
          if (!(family == Family::ipv4 ? rule.selector.ipv4 : rule.selector.ipv6)) continue;
          if (family == Family::ipv6 && pattern.length.high < kIpv6Header) continue;  // no IPv6 packet is that short
          Match m = pattern_match(pattern_base, pattern, rule, std::nullopt);
          m.family = family;
          into->lines.push_back({line_condition(std::move(m)), pattern_verdict, line, pattern.span});
        }
        continue;
      }
      const Protocols protocols = line_protocols(pattern, rule.selector);
      for (const std::optional<Protocol> protocol : protocols.span()) {
        into->lines.push_back({line_condition(pattern_match(pattern_base, pattern, rule, protocol)), pattern_verdict,
                               line, pattern.span});
      }
    }
  }

  static constexpr std::uint16_t kIpv6Header = 40;

  // The protocols a pattern's lines are for: one line (no protocol: the
  // jumps test it), except `new` in a rule of TCP and other protocols,
  // which is a line per protocol, so that TCP's has the SYN test below.
  static Protocols line_protocols(const ir::Pattern& pattern, const ir::Selector& s) {
    if (pattern.kind != ir::Pattern::Kind::state_new || !s.protocols.has(Protocol::tcp) || s.protocols.size() < 2) {
      return {};
    }
    return protocols_of(s);
  }

  // What a pattern adds to `base`, on a line for `protocol` when given.
  static Match pattern_match(Match m, const ir::Pattern& pattern, const ir::Rule& rule,
                             std::optional<Protocol> protocol) {
    if (protocol) m.protocol = protocol;
    switch (pattern.kind) {
      case ir::Pattern::Kind::flags: m.flags = pattern.flags; break;
      case ir::Pattern::Kind::state_new:
        m.state = ConnState::new_;
        // Conntrack counts a connection it first sees mid-stream (one
        // opened before the scenario) as NEW: for TCP, a new connection is
        // also one that starts with a SYN, or `reject new` would stall the
        // live connections it promises to keep.
        if (protocol ? *protocol == Protocol::tcp : rule.selector.protocols.only(Protocol::tcp)) {
          m.flags = ir::FlagTest{ast::tcp_flag::fin | ast::tcp_flag::syn | ast::tcp_flag::rst | ast::tcp_flag::ack,
                                 ast::tcp_flag::syn};
        }
        break;
      case ir::Pattern::Kind::state_established: m.state = ConnState::established; break;
      case ir::Pattern::Kind::data: m.payload = true; break;
      case ir::Pattern::Kind::icmp:
        m.icmp = pattern.icmp;
        m.family = pattern.icmp.family;
        break;
      case ir::Pattern::Kind::length: m.length = pattern.length; break;
    }
    return m;
  }

  // ------------------------------------------------------------ jumps
  // The jumps of a rule: one per flow, family and protocol
  // (lowering::for_each_flow_match).
  void jumps_of(const ir::Rule& rule, std::size_t chain_index, std::size_t windows) {
    const ir::Selector& s = rule.selector;
    const std::uint32_t line = line_of(rule.span);
    Chain& chain = out.chains[chain_index];
    for (const ir::Flow& flow : s.flows) {
      // The arrival interface for traffic coming in, the exit one going out.
      const bool exit_interface = flow.direction == ir::Direction::outbound;
      lowering::for_each_flow_match(s, flow, exit_interface, [&](Match m) {
        if (!m.family) {
          // Nothing family-specific: one jump serves both families.
          chain.ipv4 = chain.ipv4 || s.ipv4;
          chain.ipv6 = chain.ipv6 || s.ipv6;
        } else {
          (*m.family == Family::ipv4 ? chain.ipv4 : chain.ipv6) = true;
        }
        out.jumps.push_back({hook_of(flow.direction), std::move(m), static_cast<std::uint32_t>(chain_index),
                             static_cast<std::uint32_t>(windows), line, rule.span});
      });
    }
  }

  // ------------------------------------------------------------ windows
  // The windows a rule's jumps carry in the artifact (relative to the
  // artifact's start), or nothing when the rule is not active in it at all.
  std::optional<std::vector<ir::Window>> artifact_windows(const ir::Rule& rule) const {
    std::vector<ir::Window> all = ir::windows(rule, scenario);
    if (!options.at_ms) return all;
    // Only what is active at the offset, for what is left of its window.
    for (const ir::Window& w : all) {
      if (w.start_ms <= *options.at_ms && *options.at_ms < w.end_ms) {
        return std::vector<ir::Window>{{0, w.end_ms == UINT64_MAX ? w.end_ms : w.end_ms - *options.at_ms}};
      }
    }
    return std::nullopt;
  }

  // Active from the artifact's start to the end of its life.
  bool whole_life(const std::vector<ir::Window>& windows) const {
    const std::uint64_t life = out.life_ms.value_or(UINT64_MAX);
    return windows.size() == 1 && windows[0].start_ms == 0 && windows[0].end_ms >= life;
  }

  // The ruleset's own fields, before any rule; false when there is nothing
  // to lower (F030: --at past the end).
  bool start() {
    out.scenario_name = scenario.name;
    out.id = object_id(scenario.name);
    out.iptables_prefix = fmt::format("FAULTC-{}", out.id);
    out.nft_table = fmt::format("faultc_{}", out.id);
    out.comment_file = comment_file(scenario.file_name);
    out.priority = options.priority.value_or(scenario.priority.value_or(kDefaultPriority));
    out.at_ms = options.at_ms.value_or(0);
    if (options.at_ms && scenario.life_ms && *options.at_ms >= *scenario.life_ms) {
      diagnostics.push_back(make_diagnostic(
          Code::F030, scenario.life_span,
          fmt::format("--at {} is past the scenario's end ({})", format_duration(*options.at_ms),
                      format_duration(*scenario.life_ms)),
          "choose an offset inside the scenario's life"));
      return false;
    }
    if (scenario.life_ms) out.life_ms = *scenario.life_ms - out.at_ms;
    out.protections = lower_protections(scenario, [this](Span span) { return line_of(span); });
    return true;
  }

  // Rules [first, last) appended to `out`; `timed` gets the spans of those
  // whose windows the artifact must switch.
  void lower_rules(std::size_t first, std::size_t last) {
    for (std::size_t r = first; r < last; ++r) {
      // Done with the previous rule: give its memory back (when consuming).
      if (consumed != nullptr && r > first) consumed->rules[r - 1] = ir::Rule{};
      const ir::Rule& rule = scenario.rules[r];
      const std::optional<std::size_t> windows = windows_of(rule);
      if (!windows) continue;
      if (!whole_life(out.window_lists[*windows]) && !options.at_ms) {
        out.follows_timeline = true;
        timed.push_back(rule.span);
      }
      Chain chain;
      chain.rule_number = rule.number;
      const std::size_t chain_index = out.chains.size();
      std::vector<Chain> helpers;
      for (std::size_t i = 0; i < rule.actions.size(); ++i) {
        lines_of(rule, rule.actions[i], i + 1, chain, chain_index, helpers);
      }
      out.chains.push_back(std::move(chain));
      const std::size_t first_jump = out.jumps.size();
      jumps_of(rule, chain_index, *windows);
      out.chains[chain_index].gated = gate_pays(out.jumps.size() - first_jump, out.window_lists[*windows].size());
      for (Chain& helper : helpers) {
        helper.ipv4 = out.chains[chain_index].ipv4;
        helper.ipv6 = out.chains[chain_index].ipv6;
        out.chains.push_back(std::move(helper));
      }
    }
    if (consumed != nullptr && last > first) consumed->rules[last - 1] = ir::Rule{};
  }

  void run() {
    if (!start()) return;
    const std::size_t count = scenario.rules.size();
    // A chain and a jump per rule, most often: sized once, not grown.
    out.chains.reserve(count);
    out.jumps.reserve(count);
    lower_rules(0, count);
    if (out.follows_timeline) {
      const Diagnostics refused = timeline_diagnostics(std::move(timed), options);
      diagnostics.insert(diagnostics.end(), refused.begin(), refused.end());
    }
  }
};

}  // namespace

bool gate_pays(std::size_t jumps, std::size_t windows) { return jumps * windows > jumps + windows + 2; }

Diagnostics timeline_diagnostics(std::vector<Span> timed, const LowerOptions& options) {
  if (timed.empty() || options.follows_timeline) return {};
  Diagnostic d = make_diagnostic(
      Code::F030, timed.front(), "this scenario switches rules on and off over time, which a static artifact cannot do",
      "compile with `--at OFFSET` for the rules active at one moment, with `--start TIME` "
      "(iptables-restore), or use the `iptables` target or `faultc run`, which follow the timeline");
  for (std::size_t i = 1; i < timed.size(); ++i) d.notes.push_back({timed[i], "another timed rule"});
  return {std::move(d)};
}

Diagnostics check_something_to_apply(const ir::Scenario& scenario) {
  if (!scenario.rules.empty()) return {};
  // Analysis refused every other rule-less file (F032); this one only
  // defines names. The root file is the first a command adds: file 0.
  return {make_diagnostic(Code::F032, Span{},
                          "this file only defines hosts and ports: it is an include file, with nothing to apply",
                          "`include` it from a scenario, and compile or run that")};
}

Diagnostics check_lower_options(const ir::Scenario& scenario, const SourceMap& sources, const LowerOptions& options) {
  if (Diagnostics nothing = check_something_to_apply(scenario); !nothing.empty()) return nothing;
  Lowering lowering{scenario, sources, options, nullptr, {}, {}, {}, {}};
  lowering.start();
  return std::move(lowering.diagnostics);
}

LoweredChunk lower_chunk(ir::Scenario& scenario, const SourceMap& sources, const LowerOptions& options,
                         std::size_t first, std::size_t last) {
  Lowering lowering{scenario, sources, options, &scenario, {}, {}, {}, {}};
  lowering.start();
  // A chain and a jump per rule, most often: sized once, not grown.
  lowering.out.chains.reserve(last - first);
  lowering.out.jumps.reserve(last - first);
  lowering.lower_rules(first, last);
  return {std::move(lowering.out), std::move(lowering.timed)};
}

Result<Ruleset> lower(const ir::Scenario& scenario, const SourceMap& sources, const LowerOptions& options) {
  Lowering lowering{scenario, sources, options, nullptr, {}, {}, {}, {}};
  lowering.run();
  return {std::move(lowering.out), std::move(lowering.diagnostics)};
}

Result<Ruleset> lower(ir::Scenario&& scenario, const SourceMap& sources, const LowerOptions& options) {
  Lowering lowering{scenario, sources, options, &scenario, {}, {}, {}, {}};
  lowering.run();
  scenario = ir::Scenario{};
  return {std::move(lowering.out), std::move(lowering.diagnostics)};
}

}  // namespace faultc
