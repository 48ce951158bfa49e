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

// Exit codes: 0 ran and reverted exactly; 1 the scenario failed to compile
// or apply, or the revert left a difference; 2 usage or preflight problems;
// 128+N when signal N ended the run early (after reverting).
int run(const RunOptions& options);

struct RevertOptions {
  std::string name;  // a scenario name or kernel id; empty with `all`
  bool all = false;
};
int revert(const RevertOptions& options);

int status(bool json);

}  // namespace faultc::runtime
