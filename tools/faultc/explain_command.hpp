#pragma once
// `faultc explain FILE [--at OFFSET] [--packet PACKET] [--json] [--chart|--no-chart]`:
// a readable account of a scenario (its timeline, and per rule what passes
// and what is lost) and, with --packet, that packet's walk rule by rule.
// --json prints only the packet's verdict, as one JSON object, for scripts
// and the kernel tests. Exit 0, 1 when the scenario does not compile, 2 for
// usage errors (a bad --at or --packet) and I/O.
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace faultc::cli {

struct ExplainOptions {
  std::string file;
  std::string at;      // a duration, e.g. 2m30s
  std::string packet;  // the expect packet syntax
  bool json = false;
  bool chart = false;     // force the ASCII timeline chart
  bool no_chart = false;  // force plain timeline lines
  std::vector<std::string> include_dirs;  // --include-path
};

void add_explain_command(CLI::App& app, ExplainOptions& options, int& exit_code);
int run_explain(const ExplainOptions& options);

}  // namespace faultc::cli
