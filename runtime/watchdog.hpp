#pragma once
// The detached dead-man: a process in its own session (setsid) that reverts
// a scenario at its deadline. It survives the runner's SIGKILL and the loss
// of its terminal; it stops early when the scenario's state file is gone
// (someone else reverted it).
#include <string>

namespace faultc::runtime {

// Starts `faultc __watchdog ID` detached; its pid, or -1.
int spawn_watchdog(const std::string& id);

// The watchdog's own main loop.
int watchdog_main(const std::string& id);

}  // namespace faultc::runtime
