#pragma once
// Checking a scenario's `expect` lines: each packet is completed, walked
// through the lowered rules at its offset, and its verdict compared with
// the expected one. What `faultc test` runs, as data.
#include <vector>

#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/eval/eval.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/ir/ruleset.hpp"

namespace faultc {

struct ExpectOutcome {
  ir::Expect expect;
  eval::Packet packet;  // the expect's packet, completed
  eval::Verdict verdict;
  bool passed = false;
};

struct ExpectReport {
  ruleset::Ruleset rules;               // what the expects were checked against
  std::vector<ExpectOutcome> outcomes;  // in file order
};

// The ruleset the evaluator walks: the whole timeline, windows from the
// scenario's start (LowerOptions{follows_timeline = true}).
Result<ruleset::Ruleset> lower_for_eval(const ir::Scenario& scenario, const SourceMap& sources);

// Nothing when lowering fails (its diagnostics say why).
Result<ExpectReport> check_expects(const ir::Scenario& scenario, const SourceMap& sources);

// Whether a found verdict satisfies an expected one. An expect line is one
// packet on an otherwise idle link: a rate limit lets it through (its bucket
// starts full), so only the fate behind the limit counts; a random drop
// makes every verdict but "dropped anyway" uncertain, and so fails.
bool expect_holds(ir::Verdict expected, const eval::Verdict& found);

}  // namespace faultc
