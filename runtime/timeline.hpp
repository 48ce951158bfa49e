#pragma once
// Where each rule stands at a moment of the run: what the live display,
// `status` and the JSON events report.
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/ir/ir.hpp"

namespace faultc::runtime {

struct RuleWindowState {
  std::size_t rule = 0;
  std::string label;         // "half-open.fault:5"
  bool active = false;
  std::string state;         // "active", "waiting", "off", "done"
  std::int64_t change_in_ms = -1;  // until it next turns on or off; -1: never
};

// A countdown as the live view and `status` show it: whole seconds rounded
// up, so that "0s" never shows while something is still to come ("1s" is
// the last second); "0s" only at or past the moment.
std::string countdown(std::int64_t ms);

std::vector<RuleWindowState> rule_states(const ir::Scenario& scenario, const std::vector<std::string>& labels,
                                         std::uint64_t offset_ms);

}  // namespace faultc::runtime
