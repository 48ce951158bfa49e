#pragma once
// What `faultc revert NAME` says when no active scenario has that name or
// kernel id: what is active, and the closest name when one is near.
#include <set>
#include <string>
#include <vector>

#include "runtime/state.hpp"

namespace faultc::runtime {

// "no active scenario is named "x" or has that kernel id; did you mean
// `faultc revert y`? (active: ...)". `kernel_ids`: the ids with objects in
// the kernel, with or without a state file.
std::string not_active_message(const std::string& name, const std::vector<RunState>& states,
                               const std::set<std::string>& kernel_ids);

}  // namespace faultc::runtime
