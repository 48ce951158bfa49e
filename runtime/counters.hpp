#pragma once
// Reading what the kernel counted for each fault rule.
#include <cstdint>
#include <map>
#include <string>

#include "runtime/backend.hpp"

namespace faultc::runtime {

struct RuleCounters {
  std::uint64_t seen_packets = 0, seen_bytes = 0;  // entered the rule (matched its selector)
  std::uint64_t hit_packets = 0, hit_bytes = 0;    // dropped or rejected by it
};

// By rule number. Empty when the scenario has no objects.
std::map<std::size_t, RuleCounters> read_counters(Backend backend, const std::string& id);

}  // namespace faultc::runtime
