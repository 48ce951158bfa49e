#pragma once
#include <string>

namespace faultc {

// The kernel id of a scenario name: [a-z0-9_], at most 13 characters; a
// name that had to be shortened or changed carries a hash of the original
// so that two scenarios never share objects.
std::string object_id(const std::string& scenario_name);

}  // namespace faultc
