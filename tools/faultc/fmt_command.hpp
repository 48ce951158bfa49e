#pragma once
// `faultc fmt [FILE|DIR...] [--check] [--diff] [-w|--write]`: print, check or
// rewrite .fault files in the canonical layout (docs/style.md). A directory
// means every *.fault file under it; no file or `-` reads standard input.
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace faultc::cli {

struct FmtOptions {
  std::vector<std::string> files;
  bool check = false;  // exit 1 and list the files that are not canonical
  bool diff = false;   // show a unified diff instead of the formatted text
  bool write = false;  // rewrite files in place, atomically, only when they change
};

void add_fmt_command(CLI::App& app, FmtOptions& options, int& exit_code);
int run_fmt(const FmtOptions& options);

}  // namespace faultc::cli
