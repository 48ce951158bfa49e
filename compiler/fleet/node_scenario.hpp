#pragma once
// One node's share of a fleet, written as an ordinary single-host scenario:
// every node and group as a `host`, the fleet's own single-host statements
// as written, the controller's SSH protected, the node's end of every cut
// (`with { peers } blackhole`, or `from` / `outbound to` for one-way
// edges), and the statements of the `at`s that name it.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "compiler/fleet/cuts.hpp"
#include "compiler/fleet/plan.hpp"
#include "compiler/fleet/roster.hpp"

namespace faultc::fleet {

struct FleetParts {
  const Program& program;
  const SourceMap& sources;
  const Roster& roster;
  const std::vector<Cut>& cuts;
  std::string scenario_name;
  const ast::Controller* controller = nullptr;
  std::optional<std::uint64_t> life_ms;
  // Per `at` statement (in file order), the nodes it names.
  std::vector<std::pair<const ast::At*, std::vector<std::size_t>>> ats;
};

// Whether statement `index` of `file` belongs to an `at` (and so holds on
// its nodes only).
bool held_by_at(const FleetParts& parts, const ast::File& file, std::size_t index);

// The scenario text of node `node`, with where each line came from.
Node node_scenario(const FleetParts& parts, std::size_t node);

}  // namespace faultc::fleet
