#pragma once
// The plan in words (`faultc plan`, plan.txt beside the playbooks) and as
// JSON (`faultc plan --json`, what the fleet test reads): the nodes, the
// seeded choices, and per phase who drops whom.
#include <string>

#include "compiler/fleet/plan.hpp"

namespace faultc::fleet {

// With `scenarios`, each node's single-host scenario follows the grudges.
std::string plan_text(const Plan& plan, bool scenarios);
std::string plan_json(const Plan& plan);

}  // namespace faultc::fleet
