#pragma once
// `faultc plan FILE`: a fleet scenario's plan (the nodes, the seeded
// choices, who drops whom in each phase, each node's scenario), as text or
// JSON, or one node's single-host scenario alone.
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace faultc::cli {

struct PlanOptions {
  std::string file;
  bool json = false;
  std::string node;  // print only this node's scenario
  std::vector<std::string> include_dirs;
};

void add_plan_command(CLI::App& app, PlanOptions& options, int& exit_code);
int run_plan(const PlanOptions& options);

}  // namespace faultc::cli
