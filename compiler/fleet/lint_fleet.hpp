#pragma once
// The fleet's own checks, over the resolved parts: an `expect` that names
// no node (F045), a node in no group (W112), an empty group (W113), a cut
// that reaches the controller (W114), no controller at all (W115), and two
// partitions at once on a node (W116). Each node's scenario then gets the
// single-host lint like any other.
#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/fleet/node_scenario.hpp"

namespace faultc::fleet {

void lint_fleet(const FleetParts& parts, Diagnostics& out);

}  // namespace faultc::fleet
