#pragma once
// `faultc check FILE...`: read every file and report what is wrong with it.
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace faultc::cli {

struct CheckOptions {
  std::vector<std::string> files;
};

void add_check_command(CLI::App& app, CheckOptions& options, int& exit_code);
int run_check(const CheckOptions& options);

}  // namespace faultc::cli
