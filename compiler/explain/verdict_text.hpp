#pragma once
// Verdicts and traces in words, pointing back at the source: what `faultc
// test` prints for a failed expect and `faultc explain --packet` for a
// packet's walk.
#include <string>
#include <vector>

#include "compiler/eval/eval.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/source/source.hpp"

namespace faultc {

// "file:line:col"
std::string location_text(Span span, const SourceMap& sources);

// The source text of a span on one line: whitespace runs (newlines
// included) become one space, and long text is cut with "...".
std::string excerpt(Span span, const SourceMap& sources, std::size_t max = 60);

// The IR rule with this number, and the action whose span holds `span`.
const ir::Rule* rule_numbered(const ir::Scenario& scenario, std::size_t number);
const ir::Action* action_holding(const ir::Scenario& scenario, Span span);

// "`drop 30%` (rule 1, flaky-db.fault:22:30)"; a line that is one pattern
// of its action names it: "`allow SYN, ACK` (its `SYN`; rule 1, ...)".
std::string line_text(Span line, std::size_t rule, const ir::Scenario& scenario, const SourceMap& sources);

// "allowed", "dropped with probability 30% (otherwise allowed)", ...
std::string verdict_summary(const eval::Verdict& verdict);

// What spared a protected packet, in words: "`protect tcp to port 22`
// (x.fault:3:1)", or the default protection's name.
std::string protection_text(const eval::Spared& spared, const SourceMap& sources);

// One line per rule of the walk: what the rule did with the packet.
std::vector<std::string> trace_lines(const eval::Verdict& verdict, const ir::Scenario& scenario,
                                     const SourceMap& sources);

// Why a verdict is not the expected one, in a sentence or two (the trace
// lines give the detail).
std::string failure_reason(ir::Verdict expected, const eval::Verdict& found, const ir::Scenario& scenario,
                           const SourceMap& sources);

}  // namespace faultc
