#pragma once
// What faultc knows about active scenarios, in one place: a file per
// scenario under /run/faultc/ (FAULTC_STATE_DIR overrides it, for tests).
// The kernel objects themselves stay the source of truth: revert works from
// the kernel id even when a state file was lost.
//
// faultc acts as root on what these files say (which pids to signal, which
// ids to remove), so nothing in them is trusted that faultc did not write:
// the directory must be ours and writable by no one else, and every file is
// parsed strictly (docs/runtime.md, "State").
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
  // When each started (clock ticks since boot, /proc/PID/stat): a pid
  // reused by another process, even another faultc, has another start.
  // 0: not recorded (a state file from before this field).
  std::uint64_t runner_start = 0;
  std::uint64_t watchdog_start = 0;
  std::int64_t started_ms = 0;   // Unix time in ms
  std::int64_t deadline_ms = 0;  // 0: for ever
};

std::string state_dir();
std::string state_path(const std::string& id);

// Creates the state directory (0700) when `create`, then checks it: a real
// directory (not a symlink), owned by the effective user, writable by no one
// else. An error message when it is not safe to use; nothing when it is (or
// does not exist and `create` is false).
std::optional<std::string> check_state_dir(bool create);

// A state file's text, parsed strictly: every line a known key, once (the
// two start times may be missing); the
// id valid (object_names.hpp) and equal to `expected_id` (the file's name);
// pids and times plain decimal numbers in range. An error message otherwise.
struct ParsedState {
  std::optional<RunState> state;
  std::string error;
};
ParsedState parse_state(const std::string& text, const std::string& expected_id);

// Written atomically; an error message on failure.
std::optional<std::string> save_state(const RunState& state);
// Nothing when the id is not a valid id, the file is missing, or it is not
// a valid state file (`error` says why, when given).
std::optional<RunState> load_state(const std::string& id, std::string* error = nullptr);
// Every valid state file; the reasons the others were ignored go to `ignored`.
std::vector<RunState> all_states(std::vector<std::string>* ignored = nullptr);
void remove_state(const std::string& id);

bool process_alive(int pid);
// Whether `pid` is alive and is a faultc process: the same executable as
// this one (or one named faultc), started as `faultc run` (the runner) or as
// `__watchdog ID` (the watchdog of exactly that id). Signal a pid from a
// state file only after this: it may have been reused by another program.
// With `start` (not 0), its start time must be that too.
enum class Role { runner, watchdog };
bool is_our_process(int pid, Role role, const std::string& id, std::uint64_t start = 0);
// Sends SIGNAL to pid only when is_our_process holds, through a pidfd opened
// before the check, so a pid reused meanwhile is never signalled.
bool signal_our_process(int pid, Role role, const std::string& id, std::uint64_t start, int signal);
// A process's start time in clock ticks since boot; 0 when it is gone.
std::uint64_t process_start(int pid);
std::int64_t now_ms();

}  // namespace faultc::runtime
