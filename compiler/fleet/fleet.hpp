#pragma once
// A fleet file to its plan: the roster, the cuts, one single-host scenario
// per node, the grudge timeline and the fleet's own lint (docs/fleet.md).
#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/fleet/plan.hpp"
#include "compiler/parse/load.hpp"

namespace faultc::fleet {

// Whether the program describes a fleet: it declares a node.
bool is_fleet(const Program& program);

// The plan, or the reasons there is none. The nodes' scenarios are not
// compiled here: the driver compiles each as a single-host scenario.
Result<Plan> plan_fleet(const Program& program, const SourceMap& sources);

}  // namespace faultc::fleet
