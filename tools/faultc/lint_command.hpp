#pragma once
// `faultc check FILE...` and `faultc lint FILE... [--format ...]`: read every
// file, run the front half of the pipeline and report what is wrong. `check`
// is `lint` with the human format and default severities.
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace faultc::cli {

struct LintOptions {
  std::vector<std::string> files;
  std::string format = "text";  // text | json | sarif | github
  bool werror = false;
  bool quiet = false;
  std::vector<std::string> overrides;  // -W CODE=LEVEL
  std::vector<std::string> include_dirs;  // --include-path
};

void add_check_command(CLI::App& app, LintOptions& options, int& exit_code);
void add_lint_command(CLI::App& app, LintOptions& options, int& exit_code);
int run_lint(const LintOptions& options);

}  // namespace faultc::cli
