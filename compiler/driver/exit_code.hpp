#pragma once
// faultc's exit statuses, one list for every command: the CLI's
// (tools/faultc) and the runtime's `run`, `revert` and `status`.
namespace faultc {

enum ExitCode : int {
  kOk = 0,
  kFindings = 1,  // errors in the input (or warnings under --werror), failed expect lines
  kFailed = 1,    // `run`: not applied, or the ruleset differs after the revert; `revert`: no such scenario
  kUsage = 2,     // bad arguments, unreadable files, I/O failures; `run`'s preflight and state problems
};

// `run` ended early by signal N (and reverted): 128 + N, the status a shell
// gives a process signal N ended (130 for Ctrl-C).
constexpr int exit_for_signal(int signal) {
  return 128 + signal;
}

}  // namespace faultc
