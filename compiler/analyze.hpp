#pragma once
// The analyze stage: the loaded ASTs → one normalized scenario (ir.hpp).
// Resolves names, applies the language's defaults, expands presets and
// checks what must hold for the scenario to mean anything (time limits,
// windows, families, protocols). Warnings are lint's job.
#include "compiler/diagnostic.hpp"
#include "compiler/ir.hpp"
#include "compiler/load.hpp"

namespace faultc {

Result<ir::Scenario> analyze(const Program& program, const SourceMap& sources);

}  // namespace faultc
