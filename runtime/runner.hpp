#pragma once
// `faultc run`, `revert` and `status`: apply a compiled scenario to the
// kernel, guard it with a detached watchdog and the kernel's own expiry,
// show what it does, take it back and prove the rest of the ruleset is as
// it was. docs/runtime.md describes the safety model.
#include <string>

namespace faultc::runtime {

struct RunOptions {
  std::string file;
  std::string target = "nft";  // nft | iptables | iptables-legacy
  bool dry_run = false;
  bool replace = false;
  bool json = false;
};

// Applies the scenario, follows its timeline, reverts it and verifies the
// revert. Exit codes (compiler/driver/exit_code.hpp): kOk ran and reverted
// exactly; kFindings the scenario did not compile; kFailed it did not
// apply, or the revert left a difference; kUsage usage, preflight or state
// problems; exit_for_signal(N) when signal N ended the run early (after
// reverting exactly).
int run(const RunOptions& options);

// Exit codes: kOk removed (or nothing to remove, with `all`); kFailed no
// active scenario has that name or kernel id.
struct RevertOptions {
  std::string name;  // a scenario name or kernel id; empty with `all`
  bool all = false;
};
int revert(const RevertOptions& options);

int status(bool json);

}  // namespace faultc::runtime
