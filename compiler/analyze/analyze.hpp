#pragma once
// The analyze stage: the loaded ASTs → one normalized scenario (ir.hpp).
// Resolves names, applies the language's defaults, expands presets and
// checks what must hold for the scenario to mean anything (time limits,
// windows, families, protocols). Warnings are lint's job.
#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/parse/load.hpp"

namespace faultc {

Result<ir::Scenario> analyze(const Program& program, const SourceMap& sources);
// The same, freeing each rule's AST once it is analysed, so that a big
// scenario never holds its whole AST and its whole IR at once (`faultc
// compile`). Leaves `program` with its files' comments and no statements.
Result<ir::Scenario> analyze(Program&& program, const SourceMap& sources);

}  // namespace faultc
