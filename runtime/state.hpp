#pragma once
// What faultc knows about active scenarios, in one place: a file per
// scenario under /run/faultc/ (FAULTC_STATE_DIR overrides it, for tests).
// The kernel objects themselves stay the source of truth: revert works from
// the kernel id even when a state file was lost.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/backend.hpp"

namespace faultc::runtime {

struct RunState {
  std::string name;  // the scenario's name as written
  std::string id;    // its kernel id
  Backend backend = Backend::nft;
  std::string file;  // the scenario file it was started from
  int runner_pid = 0;
  int watchdog_pid = 0;
  std::int64_t started_ms = 0;   // Unix time in ms
  std::int64_t deadline_ms = 0;  // 0: for ever
};

std::string state_dir();
std::string state_path(const std::string& id);

// Written atomically; an error message on failure.
std::optional<std::string> save_state(const RunState& state);
std::optional<RunState> load_state(const std::string& id);
std::vector<RunState> all_states();
void remove_state(const std::string& id);

bool process_alive(int pid);
std::int64_t now_ms();

}  // namespace faultc::runtime
