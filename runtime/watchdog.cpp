#include "runtime/watchdog.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "runtime/process.hpp"
#include "runtime/state.hpp"

namespace faultc::runtime {

int spawn_watchdog(const std::string& id) {
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // A new session: no controlling terminal, not in the runner's process
  // group, so neither a SIGKILL of the runner nor a hang-up reaches it.
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  for (int fd : {0, 1, 2}) posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0);
  std::vector<std::string> argv{"faultc-watchdog", "__watchdog", id};
  std::vector<char*> args = c_strings(argv);
  // A clean environment: the watchdog outlives the shell that started it and
  // acts as root; nothing of that shell's environment should steer it. It
  // needs only where the state lives.
  std::vector<std::string> environment = clean_environment();
  environment.push_back("FAULTC_STATE_DIR=" + state_dir());
  std::vector<char*> env = c_strings(environment);
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, "/proc/self/exe", &actions, &attributes, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  return spawned == 0 ? pid : -1;
}

int watchdog_main(const std::string& id) {
  while (true) {
    const auto state = load_state(id);
    if (!state) return 0;  // reverted by someone else
    if (state->deadline_ms == 0) return 0;  // `for ever`: nothing to guard
    // A live runner reverts at the deadline itself and reads the final
    // counters first; give it a moment before stepping in.
    const std::int64_t grace = is_our_process(state->runner_pid, Role::runner, id, state->runner_start) ? 2000 : 0;
    const std::int64_t left = state->deadline_ms + grace - now_ms();
    if (left <= 0) {
      remove_objects(state->backend, id);
      remove_state(id);
      return 0;
    }
    // Wake often enough to revert within a fraction of a second of the end.
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min<std::int64_t>(left, 200)));
  }
}

}  // namespace faultc::runtime
