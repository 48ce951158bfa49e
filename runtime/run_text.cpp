#include "runtime/run_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

#include "compiler/source/duration_text.hpp"
#include "compiler/source/json_escape.hpp"
#include "compiler/source/printable.hpp"
#include "runtime/state.hpp"
#include "runtime/timeline.hpp"

namespace faultc::runtime {

namespace {

// The whole scenario's clock: "ends in 3m12s (of 4m)", "ended (4m in all)"
// or "running 12s (for ever)".
std::string time_left(const Compiled& c, std::int64_t started_ms) {
  const std::int64_t elapsed = std::max<std::int64_t>(0, now_ms() - started_ms);
  if (!c.scenario.life_ms) {
    return fmt::format("running {} (for ever)", format_duration(static_cast<std::uint64_t>(elapsed / 1000 * 1000)));
  }
  const auto life = static_cast<std::int64_t>(*c.scenario.life_ms);
  if (elapsed >= life) return fmt::format("ended ({} in all)", format_duration(*c.scenario.life_ms));
  return fmt::format("ends in {} (of {})", countdown(life - elapsed), format_duration(*c.scenario.life_ms));
}

// Each rule's state now, with what the kernel counted for it (zeros for a
// rule it has no counters of).
std::vector<std::pair<RuleWindowState, RuleCounters>> counted_states(const Compiled& c, Backend backend,
                                                                     std::int64_t started_ms) {
  const std::uint64_t t = static_cast<std::uint64_t>(std::max<std::int64_t>(0, now_ms() - started_ms));
  const auto counters = read_counters(backend, c.rules.id);
  std::vector<std::pair<RuleWindowState, RuleCounters>> out;
  for (RuleWindowState& s : rule_states(c.scenario, c.labels, t)) {
    const auto it = counters.find(s.rule);
    out.emplace_back(std::move(s), it == counters.end() ? RuleCounters{} : it->second);
  }
  return out;
}

}  // namespace

std::string timestamp() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string json_event(const std::string& event, const std::string& fields) {
  return fmt::format("{{\"time\":{},\"event\":{}{}{}}}\n", json_string(timestamp()), json_string(event),
                     fields.empty() ? "" : ",", fields);
}

std::string counter_columns(const RuleCounters& k) {
  return fmt::format(
      "seen {:>8} pkts {:>10} B   dropped {:>8} pkts {:>10} B   rejected {:>8} pkts   "
      "limited {:>8} pkts {:>10} B",
      k.seen_packets, k.seen_bytes, k.dropped_packets, k.dropped_bytes, k.rejected_packets, k.limited_packets,
      k.limited_bytes);
}

std::string counter_json(const RuleCounters& k) {
  return fmt::format(
      "\"seen_packets\":{},\"seen_bytes\":{},\"dropped_packets\":{},\"dropped_bytes\":{},"
      "\"rejected_packets\":{},\"rejected_bytes\":{},\"limited_packets\":{},\"limited_bytes\":{}",
      k.seen_packets, k.seen_bytes, k.dropped_packets, k.dropped_bytes, k.rejected_packets, k.rejected_bytes,
      k.limited_packets, k.limited_bytes);
}

std::string status_lines(const Compiled& c, Backend backend, std::int64_t started_ms, bool color) {
  const auto states = counted_states(c, backend, started_ms);
  std::string out = fmt::format("scenario \"{}\": {}\n", printable(c.scenario.name), time_left(c, started_ms));
  for (const auto& [s, k] : states) {
    const std::string change =
        s.change_in_ms < 0 ? "" : fmt::format("{} {}", s.active ? "ends in" : "in", countdown(s.change_in_ms));
    out += fmt::format("{}rule {:<3} {:<24} {:<7}{} {:<14} {}\n", color && s.active ? "\x1b[1;31m" : "", s.rule,
                       s.label, s.state, color ? "\x1b[0m" : "", change, counter_columns(k));
  }
  return out;
}

std::string json_rules(const Compiled& c, Backend backend, std::int64_t started_ms) {
  std::vector<std::string> items;
  for (const auto& [s, k] : counted_states(c, backend, started_ms)) {
    items.push_back(fmt::format("{{\"rule\":{},\"source\":{},\"state\":{},\"change_in_ms\":{},{}}}", s.rule,
                                json_string(s.label), json_string(s.state), s.change_in_ms, counter_json(k)));
  }
  const std::int64_t left =
      c.scenario.life_ms
          ? std::max<std::int64_t>(0, started_ms + static_cast<std::int64_t>(*c.scenario.life_ms) - now_ms())
          : -1;
  return fmt::format("\"time_left_ms\":{},\"rules\":[{}]", left, fmt::join(items, ","));
}

}  // namespace faultc::runtime
