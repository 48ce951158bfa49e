#pragma once
// `faultc test FILE... [--format text|json|github] [-v]`: checks every
// `expect` line of every file against the compiled rules (docs/testing.md).
// Exit 0 when every expect holds, 1 when one fails or a file does not
// compile, 2 for usage and I/O errors.
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace faultc::cli {

struct TestOptions {
  std::vector<std::string> files;
  std::string format = "text";  // text | json | github
  bool verbose = false;         // text: list the expects that pass too
  std::vector<std::string> include_dirs;  // --include-path
};

void add_test_command(CLI::App& app, TestOptions& options, int& exit_code);
int run_test(const TestOptions& options);

}  // namespace faultc::cli
