#include "compiler/explain/timeline_text.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "compiler/explain/describe_rule.hpp"
#include "compiler/source/duration_text.hpp"
#include "compiler/eval/eval.hpp"

namespace faultc {

namespace {

constexpr std::uint64_t kForever = UINT64_MAX;

std::uint32_t line_of(const ir::Rule& rule, const SourceMap& sources) {
  return sources.file(rule.span.file).locate(rule.span.begin).line;
}

std::string label(const ir::Rule& rule, const SourceMap& sources) {
  return fmt::format("rule {} (line {})", rule.number, line_of(rule, sources));
}

// What the chart spans: the life, or for `for ever` the last moment any
// window starts or ends (at least the offset asked about).
std::uint64_t horizon(const ir::Scenario& scenario, std::optional<std::uint64_t> at) {
  if (scenario.life_ms && *scenario.life_ms > 0) return *scenario.life_ms;
  std::uint64_t end = at ? *at + 1 : 0;
  for (const ir::Rule& rule : scenario.rules) {
    for (const ir::Window& w : ir::windows(rule, scenario)) {
      end = std::max(end, w.start_ms + 1);
      if (w.end_ms != kForever) end = std::max(end, w.end_ms);
    }
  }
  return end == 0 ? 3'600'000 : end;
}

// How much of [from, to) the windows cover.
std::uint64_t covered(const std::vector<ir::Window>& windows, std::uint64_t from, std::uint64_t to) {
  std::uint64_t total = 0;
  for (const ir::Window& w : windows) {
    const std::uint64_t a = std::max(w.start_ms, from);
    const std::uint64_t b = std::min(w.end_ms, to);
    if (a < b) total += b - a;
  }
  return total;
}

std::string active_at_line(const ir::Scenario& scenario, std::uint64_t at) {
  if (scenario.life_ms && at >= *scenario.life_ms) {
    return fmt::format("at {}: the scenario has ended ({} long); no rule is active\n", format_duration(at),
                       format_duration(*scenario.life_ms));
  }
  std::vector<std::string> active;
  for (const ir::Rule& rule : scenario.rules) {
    if (eval::active_at(ir::windows(rule, scenario), at)) active.push_back(fmt::format("rule {}", rule.number));
  }
  if (active.empty()) return fmt::format("at {}: no rule is active\n", format_duration(at));
  return fmt::format("at {}: {} active\n", format_duration(at), fmt::join(active, ", "));
}

std::string life_line(const ir::Scenario& scenario) {
  if (!scenario.life_ms) return "the scenario runs for ever (until it is reverted)\n";
  return fmt::format("the scenario lives {}{}\n", format_duration(*scenario.life_ms),
                     scenario.life_written ? "" : " (until its last rule ends)");
}

}  // namespace

std::string timeline_lines(const ir::Scenario& scenario, const SourceMap& sources, std::optional<std::uint64_t> at) {
  std::string out = life_line(scenario);
  for (const ir::Rule& rule : scenario.rules) {
    out += fmt::format("  {}: {}\n", label(rule, sources), windows_words(rule, ir::windows(rule, scenario)));
  }
  if (at) out += "  " + active_at_line(scenario, *at);
  return out;
}

std::string timeline_chart(const ir::Scenario& scenario, const SourceMap& sources, std::optional<std::uint64_t> at,
                           std::size_t width) {
  width = std::max<std::size_t>(width, 10);
  const std::uint64_t span = horizon(scenario, at);
  std::size_t label_width = 0;
  for (const ir::Rule& rule : scenario.rules) label_width = std::max(label_width, label(rule, sources).size());
  const std::string pad(label_width + 2, ' ');
  auto column_start = [&](std::size_t c) {
    return static_cast<std::uint64_t>(static_cast<long double>(span) * c / width);
  };
  std::string out = life_line(scenario);
  // The scale: the start, the middle and the end.
  std::string scale(width + 1, ' ');
  const std::string start = "0s", middle = format_duration(span / 2), end = format_duration(span);
  scale.replace(0, start.size(), start);
  if (width / 2 + middle.size() < width - end.size()) scale.replace(width / 2, middle.size(), middle);
  scale.replace(width + 1 - end.size(), end.size(), end);
  out += fmt::format("{} {}\n", pad, scale);
  for (const ir::Rule& rule : scenario.rules) {
    const std::vector<ir::Window> windows = ir::windows(rule, scenario);
    std::string row;
    for (std::size_t c = 0; c < width; ++c) {
      const std::uint64_t from = column_start(c), to = std::max(column_start(c + 1), from + 1);
      const std::uint64_t part = covered(windows, from, to);
      row += part == 0 ? '.' : part >= to - from ? '#' : '+';
    }
    out += fmt::format("{:<{}}  |{}|\n", label(rule, sources), label_width, row);
  }
  if (at) {
    const std::size_t column =
        std::min<std::size_t>(width - 1, static_cast<std::size_t>(static_cast<long double>(*at) * width / span));
    out += fmt::format("{} {}^ {}", pad, std::string(column, ' '), active_at_line(scenario, *at));
  }
  out += fmt::format("{}# active  + partly active  . inactive (one column is {})\n", pad,
                     format_duration(std::max<std::uint64_t>(1, span / width)));
  return out;
}

}  // namespace faultc
