#pragma once
// `protect` and `expose` lines: what analysis checks of them beyond the
// selector, which they share with rules.
#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/parse/ast.hpp"

namespace faultc {

// Completes a `protect` line whose selector `out.selector` holds (read as a
// rule's): a port without a protocol means TCP, as in a rule. False after
// reporting what cannot be kept (F024, F039).
bool protection_checks(const ast::Protect& in, ir::Protection& out, Diagnostics& diagnostics);

// Records an `expose` line in the scenario (F039 when given twice).
void expose(const ast::Expose& in, ir::Scenario& scenario, Diagnostics& diagnostics);

}  // namespace faultc
