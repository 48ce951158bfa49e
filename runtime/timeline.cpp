#include "runtime/timeline.hpp"

#include <algorithm>

#include "compiler/source/duration_text.hpp"

namespace faultc::runtime {

std::string countdown(std::int64_t ms) {
  return format_duration(static_cast<std::uint64_t>((std::max<std::int64_t>(0, ms) + 999) / 1000 * 1000));
}

std::vector<RuleWindowState> rule_states(const ir::Scenario& scenario, const std::vector<std::string>& labels,
                                         std::uint64_t t) {
  std::vector<RuleWindowState> out;
  for (std::size_t i = 0; i < scenario.rules.size(); ++i) {
    const ir::Rule& rule = scenario.rules[i];
    RuleWindowState s;
    s.rule = rule.number;
    s.label = i < labels.size() ? labels[i] : "";
    s.state = "done";
    bool seen_later = false;
    for (const ir::Window& w : ir::windows(rule, scenario)) {
      if (w.start_ms <= t && t < w.end_ms) {
        s.active = true;
        s.state = "active";
        s.change_in_ms = w.end_ms == UINT64_MAX ? -1 : static_cast<std::int64_t>(w.end_ms - t);
        break;
      }
      if (w.start_ms > t && !seen_later) {
        seen_later = true;
        s.state = w.start_ms == ir::windows(rule, scenario).front().start_ms ? "waiting" : "off";
        s.change_in_ms = static_cast<std::int64_t>(w.start_ms - t);
      }
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace faultc::runtime
