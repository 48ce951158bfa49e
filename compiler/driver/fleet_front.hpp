#pragma once
// The front end of a fleet file: its plan, then each node's scenario
// through the single-host front end, as if it were a file of its own. A
// node's diagnostics are reported where their text came from in the fleet
// file (fleet::Origin), once for all the nodes that share them.
#include <string>

#include "compiler/driver/pipeline.hpp"

namespace faultc {

// Fills `c.fleet` and `c.nodes` from `c.program`; appends to `diagnostics`.
void compile_fleet_nodes(Compilation& c, SourceMap& sources, Diagnostics& diagnostics);

// Each node's scenario through the single-host front end, added to
// `sources` as `FILE#node-NAME`; the diagnostics stay at the node's text.
std::vector<NodeCompilation> compile_plan_nodes(const fleet::Plan& plan, SourceMap& sources, const std::string& file);

// Where a span of a node's scenario text stands in the fleet file.
Span fleet_span(Span span, const fleet::Node& node);

// The name a node's scenario has in the SourceMap: `FILE#node-NAME`.
std::string node_source_name(const std::string& file, const std::string& node);

}  // namespace faultc
