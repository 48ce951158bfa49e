#pragma once
#include "compiler/ir/ir.hpp"
#include "compiler/ir/ruleset.hpp"
#include "compiler/support/small_vector.hpp"

namespace faultc {

// The fewest CIDR prefixes that cover exactly the given intervals.
SmallVector<ruleset::Prefix> to_prefixes(const ir::AddressSet& set, ir::Family family);

}  // namespace faultc
