#include "compiler/explain/verdict_text.hpp"

#include "compiler/source/printable.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "compiler/eval/packet_text.hpp"
#include "compiler/parse/words.hpp"

namespace faultc {

namespace {

bool holds(Span outer, Span inner) {
  return outer.file == inner.file && outer.begin <= inner.begin && inner.end <= outer.end;
}

std::string rule_place(std::size_t number, const ir::Scenario& scenario, const SourceMap& sources) {
  const ir::Rule* rule = rule_numbered(scenario, number);
  if (rule == nullptr) return fmt::format("rule {}", number);
  const SourceFile& file = sources.file(rule->span.file);
  return fmt::format("rule {} ({}:{})", number, printable(file.name()), file.locate(rule->span.begin).line);
}

std::string hazard_text(const eval::Hazard& h, const ir::Scenario& scenario, const SourceMap& sources) {
  const std::string line = line_text(h.span, h.rule_number, scenario, sources);
  if (h.kind == eval::Hazard::Kind::random_drop) {
    return fmt::format("{} drops each packet at random with probability {}", line, percent_text(h.probability));
  }
  if (!h.bucket.empty()) return fmt::format("{} drops the packets over the rate of the bucket of {}", line, h.bucket);
  return fmt::format("{} drops the packets over its rate", line);
}

}  // namespace

std::string location_text(Span span, const SourceMap& sources) {
  const SourceFile& file = sources.file(span.file);
  const LineColumn at = file.locate(span.begin);
  return fmt::format("{}:{}:{}", printable(file.name()), at.line, at.column);
}

std::string excerpt(Span span, const SourceMap& sources, std::size_t max) {
  const std::string& text = sources.file(span.file).text();
  const std::size_t end = std::min<std::size_t>(span.end, text.size());
  std::string out;
  for (std::size_t i = std::min<std::size_t>(span.begin, end); i < end; ++i) {
    const char c = text[i];
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (out.ends_with(' ')) out.pop_back();
  if (out.size() > max) out = out.substr(0, max - 3) + "...";
  return out;
}

const ir::Rule* rule_numbered(const ir::Scenario& scenario, std::size_t number) {
  for (const ir::Rule& rule : scenario.rules) {
    if (rule.number == number) return &rule;
  }
  return nullptr;
}

const ir::Action* action_holding(const ir::Scenario& scenario, Span span) {
  for (const ir::Rule& rule : scenario.rules) {
    for (const ir::Action& action : rule.actions) {
      if (holds(action.span, span)) return &action;
    }
  }
  return nullptr;
}

std::string line_text(Span line, std::size_t rule, const ir::Scenario& scenario, const SourceMap& sources) {
  const ir::Action* action = action_holding(scenario, line);
  const std::string where = fmt::format("rule {}, {}", rule, location_text(line, sources));
  if (action == nullptr) return fmt::format("`{}` ({})", excerpt(line, sources), where);
  if (action->span == line) return fmt::format("`{}` ({})", excerpt(action->span, sources), where);
  return fmt::format("`{}` (its `{}`; {})", excerpt(action->span, sources), excerpt(line, sources), where);
}

std::string verdict_summary(const eval::Verdict& v) {
  const std::string otherwise(word(v.otherwise));
  switch (v.kind) {
    case eval::Verdict::Kind::allowed:
    case eval::Verdict::Kind::dropped:
    case eval::Verdict::Kind::rejected: return std::string(word(v.kind));
    case eval::Verdict::Kind::dropped_randomly:
      return fmt::format("dropped with probability {} (otherwise {})", percent_text(v.drop_probability), otherwise);
    case eval::Verdict::Kind::rate_limited: {
      const std::string under = v.drop_probability > 0 ? fmt::format("dropped with probability {}, otherwise {}",
                                                                     percent_text(v.drop_probability), otherwise)
                                                       : otherwise;
      const auto keyed = std::find_if(v.hazards.begin(), v.hazards.end(),
                                      [](const eval::Hazard& h) { return !h.bucket.empty(); });
      if (keyed != v.hazards.end()) {
        return fmt::format("over a rate limit: dropped over the rate of the bucket of {}; under it, {}", keyed->bucket,
                           under);
      }
      return fmt::format("over a rate limit: dropped over the rate; under it, {}", under);
    }
  }
  return {};
}

std::string protection_text(const eval::Spared& spared, const SourceMap& sources) {
  switch (spared.kind) {
    case ruleset::Protection::Kind::loopback:
      return "loopback traffic, protected unless the scenario says `expose loopback`";
    case ruleset::Protection::Kind::neighbour_discovery:
      return "IPv6 neighbour discovery, protected unless the scenario says `expose neighbour-discovery`";
    case ruleset::Protection::Kind::selector: break;
  }
  return fmt::format("`{}` ({}){}", excerpt(spared.span, sources), location_text(spared.span, sources),
                     spared.reply ? ", as a reply to the packets it names" : "");
}

std::vector<std::string> trace_lines(const eval::Verdict& v, const ir::Scenario& scenario, const SourceMap& sources) {
  if (v.protected_by) return {fmt::format("protected: {}; no rule sees it", protection_text(*v.protected_by, sources))};
  std::vector<std::string> out;
  std::vector<std::string> steps;
  std::size_t current = 0;
  auto flush = [&] {
    if (!steps.empty()) {
      out.push_back(fmt::format("{}: {}", rule_place(current, scenario, sources), fmt::join(steps, "; ")));
    }
    steps.clear();
  };
  for (const eval::Step& s : v.trace) {
    if (s.rule_number != current) flush();
    current = s.rule_number;
    const auto line = [&] { return line_text(s.span, s.rule_number, scenario, sources); };
    switch (s.kind) {
      case eval::Step::Kind::other_hook:
      case eval::Step::Kind::inactive:
      case eval::Step::Kind::not_selected: steps.push_back(fmt::format("does not apply: {}", s.reason)); break;
      case eval::Step::Kind::entered: steps.push_back("applies"); break;
      case eval::Step::Kind::logged: steps.push_back(fmt::format("logged by {}", line())); break;
      case eval::Step::Kind::may_drop:
        steps.push_back(fmt::format("dropped with probability {} by {}; the rest go on", s.reason, line()));
        break;
      case eval::Step::Kind::may_limit:
        steps.push_back(s.reason.empty()
                            ? fmt::format("dropped over the rate by {}; packets under it go on", line())
                            : fmt::format("dropped over the rate of the bucket of {} by {}; packets under it go on",
                                          s.reason, line()));
        break;
      case eval::Step::Kind::allowed: steps.push_back(fmt::format("let by {}", line())); break;
      case eval::Step::Kind::dropped: steps.push_back(fmt::format("dropped by {}", line())); break;
      case eval::Step::Kind::rejected: steps.push_back(fmt::format("rejected by {}", line())); break;
      case eval::Step::Kind::passed: steps.push_back("no action decides its fate: on to the next rule"); break;
    }
  }
  flush();
  if (out.empty()) out.push_back("the scenario has no rules");
  return out;
}

std::string failure_reason(ir::Verdict expected, const eval::Verdict& found, const ir::Scenario& scenario,
                           const SourceMap& sources) {
  const std::string_view want = word(expected);
  if (found.protected_by) {
    return fmt::format("it is protected by {}: no rule sees it", protection_text(*found.protected_by, sources));
  }
  std::vector<std::string> parts;
  if (found.otherwise != eval::Fate::dropped) {
    for (const eval::Hazard& h : found.hazards) {
      if (h.kind == eval::Hazard::Kind::random_drop) {
        parts.push_back(fmt::format("{}: {} of such packets get through, so no single one is certainly {}",
                                    hazard_text(h, scenario, sources), percent_text(1.0 - h.probability), want));
      } else if (expected == ir::Verdict::dropped) {
        const char* why = h.bucket.empty() ? "one packet alone is within the burst"
                                           : "that bucket starts full, as a source's first packets find it: "
                                             "one packet alone is within the burst";
        parts.push_back(fmt::format("{}; {}, so the limit does not drop it", hazard_text(h, scenario, sources), why));
      }
    }
  }
  const bool random = found.drop_probability > 0 && found.otherwise != eval::Fate::dropped;
  const std::string_view fate = word(found.otherwise);
  if (found.fate_by && found.otherwise == eval::Fate::allowed && !random) {
    parts.push_back(fmt::format("it is let by {}", line_text(*found.fate_by, found.fate_rule, scenario, sources)));
  } else if (found.fate_by && found.otherwise != eval::Fate::allowed) {
    parts.push_back(fmt::format(
        "{} by {}", random ? fmt::format("the packets that get through are {}", fate) : fmt::format("it is {}", fate),
        line_text(*found.fate_by, found.fate_rule, scenario, sources)));
  } else if (!random) {
    parts.push_back("no rule drops or rejects it");
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace faultc
