#pragma once
// `faultc run`, `revert`, `status` and the hidden `__watchdog`.
#include "runtime/runner.hpp"

namespace CLI {
class App;
}

namespace faultc::cli {

struct RunCommands {
  runtime::RunOptions run;
  runtime::RevertOptions revert;
  bool status_json = false;
  std::string watchdog_id;
};

void add_run_commands(CLI::App& app, RunCommands& options, int& exit_code);

}  // namespace faultc::cli
