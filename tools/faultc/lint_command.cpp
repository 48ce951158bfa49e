#include "tools/faultc/lint_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "compiler/diagnostics/render_github.hpp"
#include "compiler/diagnostics/render_json.hpp"
#include "compiler/diagnostics/render_sarif.hpp"
#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"
#include "tools/faultc/cli_common.hpp"

namespace faultc::cli {

void add_check_command(CLI::App& app, LintOptions& options, int& exit_code) {
  CLI::App* check = app.add_subcommand("check", "Check .fault files; print diagnostics (exit 0 ok, 1 errors, 2 I/O)");
  check->add_option("files", options.files, "Files to check (`-` reads standard input)")->required();
  add_include_path_option(check, options.include_dirs);
  check->callback([&options, &exit_code] { exit_code = run_lint(options); });
}

void add_lint_command(CLI::App& app, LintOptions& options, int& exit_code) {
  CLI::App* lint = app.add_subcommand("lint", "Lint .fault files for CI (exit 0 ok, 1 findings, 2 usage or I/O)");
  lint->add_option("files", options.files, "Files to lint (`-` reads standard input)")->required();
  lint->add_option("--format", options.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}))
      ->default_str("text");
  lint->add_flag("--werror", options.werror, "Treat warnings as errors (exit 1)");
  lint->add_flag("--quiet,-q", options.quiet, "Report errors only");
  lint->add_option("-W", options.overrides, "Set a code's severity: CODE=error|warning|note|off (repeatable)");
  add_include_path_option(lint, options.include_dirs);
  lint->callback([&options, &exit_code] { exit_code = run_lint(options); });
}

int run_lint(const LintOptions& options) {
  SeverityPolicy policy;
  for (const std::string& argument : options.overrides) {
    if (auto problem = add_override(policy, argument)) {
      fmt::print(stderr, "faultc: error: -W {}\n", *problem);
      return kUsage;
    }
  }
  SourceMap sources;
  std::vector<FileId> ids;
  const bool all_read = load_sources(options.files, sources, ids);
  Diagnostics diagnostics;
  for (FileId id : ids) {
    Compilation c = compile_front(sources, id, policy, read_included_file, KeepAst::yes, options.include_dirs);
    diagnostics.insert(diagnostics.end(), c.diagnostics.begin(), c.diagnostics.end());
  }
  const bool warned = std::any_of(diagnostics.begin(), diagnostics.end(),
                                  [](const Diagnostic& d) { return d.severity == Severity::warning; });
  if (options.quiet) {
    std::erase_if(diagnostics, [](const Diagnostic& d) { return d.severity != Severity::error; });
  }
  if (options.format == "json") {
    fmt::print("{}", render_json(diagnostics, sources));
  } else if (options.format == "sarif") {
    fmt::print("{}", render_sarif(diagnostics, sources, FAULTC_VERSION));
  } else if (options.format == "github") {
    fmt::print("{}", render_github(diagnostics, sources));
  } else {
    const TextStyle style{use_color(stderr)};
    fmt::print(stderr, "{}{}", render_text(diagnostics, sources, style), options.quiet ? "" : summary(diagnostics));
  }
  if (!all_read) return kUsage;
  return has_errors(diagnostics) || (options.werror && warned) ? kFindings : kOk;
}

}  // namespace faultc::cli
