#pragma once
// The lint stage: warnings about scenarios that are legal but probably not
// what their author meant. One function per check, each with its own code;
// docs/lint.md has an entry per code.
#include "compiler/diagnostic.hpp"
#include "compiler/ir.hpp"
#include "compiler/load.hpp"
#include "compiler/source.hpp"

namespace faultc {

void lint_unused_definitions(const ir::Scenario& scenario, Diagnostics& out);         // W101
void lint_prefix_host_bits(const Program& program, const SourceMap& sources, Diagnostics& out);  // W102
void lint_for_ever(const ir::Scenario& scenario, Diagnostics& out);                   // W103
void lint_unreachable_actions(const ir::Scenario& scenario, Diagnostics& out);        // W104
void lint_pointless_probability(const ir::Scenario& scenario, Diagnostics& out);      // W105
void lint_ssh_lockout(const ir::Scenario& scenario, Diagnostics& out);                // W106

// The checks that read the AST (W102), which run before analysis, as
// `faultc compile` lets analysis free the AST.
Diagnostics lint_ast(const Program& program, const SourceMap& sources);
// Every check, in code order, with lint_ast's findings among them.
Diagnostics lint(const ir::Scenario& scenario, Diagnostics ast_findings);
// Both at once. `sources` holds the program's text.
Diagnostics lint(const Program& program, const ir::Scenario& scenario, const SourceMap& sources);

}  // namespace faultc
