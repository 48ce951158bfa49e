#include "tools/faultc/check_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "compiler/parse.hpp"
#include "compiler/render_text.hpp"
#include "tools/faultc/cli_common.hpp"

namespace faultc::cli {

void add_check_command(CLI::App& app, CheckOptions& options, int& exit_code) {
  CLI::App* check = app.add_subcommand("check", "Parse and check .fault files; print diagnostics");
  check->add_option("files", options.files, "Files to check (`-` reads standard input)")->required();
  check->callback([&options, &exit_code] { exit_code = run_check(options); });
}

int run_check(const CheckOptions& options) {
  SourceMap sources;
  std::vector<FileId> ids;
  const bool all_read = load_sources(options.files, sources, ids);
  Diagnostics diagnostics;
  for (FileId id : ids) {
    auto parsed = parse_file(sources, id);
    diagnostics.insert(diagnostics.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
  }
  const TextStyle style{use_color(stderr)};
  fmt::print(stderr, "{}{}", render_text(diagnostics, sources, style), summary(diagnostics));
  if (!all_read) return kUsage;
  return has_errors(diagnostics) ? kFindings : kOk;
}

}  // namespace faultc::cli
