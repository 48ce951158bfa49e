#pragma once
// Analysis's checks of what every target can express (the limits are in
// target_ranges.hpp): refused at analysis, so that `check`, `lint` and
// editors see it, never the compiler or a tool.
#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/ir/ir.hpp"

namespace faultc {

// F031 for a log prefix and F034 for a rate some target cannot carry; false
// when the rule has either.
bool expressible(const ir::Rule& rule, Diagnostics& diagnostics);
// F034 for a window ending past nft's timeouts, F035 for a rule repeating
// more than a rule may.
void moments_fit(const ir::Rule& rule, const ir::Scenario& scenario, Diagnostics& diagnostics);
// F034 for a written life past nft's timeouts.
void life_fits(const ir::Scenario& scenario, Diagnostics& diagnostics);

}  // namespace faultc
