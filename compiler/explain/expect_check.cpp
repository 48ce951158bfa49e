#include "compiler/explain/expect_check.hpp"

#include "compiler/lower/lower.hpp"

namespace faultc {

Result<ruleset::Ruleset> lower_for_eval(const ir::Scenario& scenario, const SourceMap& sources) {
  LowerOptions options;
  options.follows_timeline = true;
  return lower(scenario, sources, options);
}

bool expect_holds(ir::Verdict expected, const eval::Verdict& found) {
  if (found.otherwise == eval::Fate::dropped) return expected == ir::Verdict::dropped;
  if (found.drop_probability > 0) return false;
  switch (expected) {
    case ir::Verdict::allowed: return found.otherwise == eval::Fate::allowed;
    case ir::Verdict::dropped: return false;
    case ir::Verdict::rejected: return found.otherwise == eval::Fate::rejected;
  }
  return false;
}

Result<ExpectReport> check_expects(const ir::Scenario& scenario, const SourceMap& sources) {
  Result<ExpectReport> result;
  auto lowered = lower_for_eval(scenario, sources);
  result.diagnostics = std::move(lowered.diagnostics);
  if (!lowered.value || has_errors(result.diagnostics)) return result;
  ExpectReport report;
  report.rules = std::move(*lowered.value);
  for (const ir::Expect& e : scenario.expects) {
    ExpectOutcome outcome{e, eval::complete(e.packet, report.rules), {}, false};
    outcome.verdict = eval::evaluate(report.rules, outcome.packet, e.at_ms);
    outcome.passed = expect_holds(e.verdict, outcome.verdict);
    report.outcomes.push_back(std::move(outcome));
  }
  result.value = std::move(report);
  return result;
}

}  // namespace faultc
