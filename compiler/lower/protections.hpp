#pragma once
// The scenario's protections as the Ruleset carries them: the defaults
// (loopback, IPv6 neighbour discovery) unless exposed, then each `protect`
// line, in its direction and mirrored for the replies.
#include <functional>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/ir/ruleset.hpp"

namespace faultc {

// `line_of` gives a span's source line, for the comments.
std::vector<ruleset::Protection> lower_protections(const ir::Scenario& scenario,
                                                   const std::function<std::uint32_t(Span)>& line_of);

}  // namespace faultc
