#include "compiler/analyze/target_checks.hpp"

#include <fmt/format.h>

#include "compiler/analyze/target_ranges.hpp"
#include "compiler/source/duration_text.hpp"

namespace faultc {

namespace {

void error(Diagnostics& diagnostics, Code code, Span at, std::string message, std::string help) {
  diagnostics.push_back(make_diagnostic(code, at, std::move(message), std::move(help)));
}

}  // namespace

// What every target must express (target_ranges.hpp): refused here, so
// that `check`, `lint` and editors see it, never the compiler or a tool.
bool expressible(const ir::Rule& rule, Diagnostics& diagnostics) {
  bool ok = true;
  for (const ir::Action& action : rule.actions) {
    if (action.log_prefix) {
      if (auto problem = target_ranges::log_prefix_problem(*action.log_prefix)) {
        error(diagnostics, Code::F031, action.log_prefix_span, std::move(*problem),
              fmt::format("use at most {} printable ASCII characters without quotes, backslashes, `$` or backticks",
                          target_ranges::kLogPrefix));
        ok = false;
      }
    }
    if (action.rate) {
      if (auto problem = target_ranges::rate_problem(*action.rate)) {
        error(diagnostics, Code::F034, action.rate->span, std::move(problem->message), std::move(problem->help));
        ok = false;
      }
    }
  }
  return ok;
}

// Every moment a rule's windows need (their starts and ends) and the
// life must fit nft's timeouts; a repeating rule costs kernel objects per
// window, so its windows are counted.
void moments_fit(const ir::Rule& rule, const ir::Scenario& scenario, Diagnostics& diagnostics) {
  const ir::Timing& t = rule.timing();
  const std::uint64_t most = target_ranges::kMaxMomentMs;
  const std::uint64_t end = t.after_ms + t.for_ms.value_or(0);
  // A written life bounds every window (F021), and life_fits bounds it.
  const bool bounded = scenario.life_written && scenario.life_ms;
  if (!bounded && end > most) {
    error(diagnostics, Code::F034, t.for_ms ? t.for_span : t.after_span,
          fmt::format("this rule's window ends at {}; nft's timeouts, which end every window in the kernel, "
                      "reach at most {}",
                      format_duration(end), format_duration(most)),
          "shorten `after` or `for`");
    return;
  }
  if (!t.every_ms || !t.for_ms || !scenario.life_ms) return;
  const std::uint64_t count = target_ranges::window_count(t, *scenario.life_ms);
  if (count > target_ranges::kMaxWindowsPerRule) {
    error(diagnostics, Code::F035, t.every_span,
          fmt::format("this rule repeats {} times in the scenario's life of {}; a rule may have at most {} windows, "
                      "each a kernel object that switches it on and off",
                      count, format_duration(*scenario.life_ms), target_ranges::kMaxWindowsPerRule),
          "lengthen `every`, or shorten the scenario's life");
  }
}

void life_fits(const ir::Scenario& scenario, Diagnostics& diagnostics) {
  // A life derived from the rules is their latest end: moments_fit.
  if (!scenario.life_written || !scenario.life_ms || *scenario.life_ms <= target_ranges::kMaxMomentMs) return;
  error(diagnostics, Code::F034, scenario.life_span,
        fmt::format("the scenario lasts {}; nft's timeouts, which end it in the kernel, reach at most {}",
                    format_duration(*scenario.life_ms), format_duration(target_ranges::kMaxMomentMs)),
        "shorten the scenario's `for`, or use `for ever` with `faultc run`");
}

}  // namespace faultc
