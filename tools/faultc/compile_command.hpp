#pragma once
// `faultc compile FILE... [-t TARGET] [-o OUT|DIR/] [--check] [--at OFFSET]
// [--start TIME] [--teardown] [--priority N]`: the artifacts users check
// into their repos, and whether the checked-in ones are still in sync;
// `-t ansible [--backend iptables-restore --start TIME] -o DIR`: a fleet's run.
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace faultc::cli {

struct CompileOptions {
  std::vector<std::string> files;  // one, or several into a folder
  std::string target = "nft";
  std::string output;  // empty: standard output; DIR/ a folder
  std::string at;      // a duration, e.g. 2m30s
  std::string start;   // 2026-11-27T23:00:00Z or @1764284400
  std::string backend;  // -t ansible: nft (the default) or iptables-restore
  bool teardown = false;
  bool check = false;  // compare with -o, never write
  std::optional<std::int32_t> priority;
  std::vector<std::string> include_dirs;  // --include-path
};

void add_compile_command(CLI::App& app, CompileOptions& options, int& exit_code);
int run_compile(const CompileOptions& options);

// `2026-11-27T23:00:00Z` (UTC) or `@1764284400` → seconds since the epoch.
std::optional<std::int64_t> parse_start_time(const std::string& text);

}  // namespace faultc::cli
