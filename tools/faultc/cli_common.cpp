#include "tools/faultc/cli_common.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>
#include <variant>

#include "compiler/parse/read_file.hpp"
#include "compiler/source/printable.hpp"

namespace faultc::cli {

bool use_color(std::FILE* stream) { return std::getenv("NO_COLOR") == nullptr && isatty(fileno(stream)) != 0; }

bool load_sources(const std::vector<std::string>& paths, SourceMap& sources, std::vector<FileId>& ids) {
  bool ok = true;
  for (const std::string& path : paths) {
    auto text = read_source_file(path);
    const std::string name = path == "-" ? "<stdin>" : path;
    if (auto* error = std::get_if<ReadError>(&text); error != nullptr && error->too_large > 0) {
      // Not an I/O error: the file is there and too big to be a scenario,
      // an F006 like every other limit (docs/limits.md).
      ids.push_back(sources.add(name, SourceFile::TooLarge{error->too_large, error->size_exact}));
      continue;
    }
    if (auto* error = std::get_if<ReadError>(&text)) {
      fmt::print(stderr, "faultc: error: {}\n", printable(error->message));
      ok = false;
      continue;
    }
    ids.push_back(sources.add(name, std::get<std::string>(std::move(text))));
  }
  return ok;
}

void add_include_path_option(CLI::App* command, std::vector<std::string>& dirs) {
  command
      ->add_option("--include-path", dirs,
                   "Also allow includes from this directory tree (repeatable); by default an include must stay "
                   "inside the scenario's own directory tree")
      ->check(CLI::ExistingDirectory);
}

std::string summary(const Diagnostics& diagnostics) {
  const auto errors = std::count_if(diagnostics.begin(), diagnostics.end(),
                                    [](const Diagnostic& d) { return d.severity == Severity::error; });
  const auto warnings = std::count_if(diagnostics.begin(), diagnostics.end(),
                                      [](const Diagnostic& d) { return d.severity == Severity::warning; });
  if (errors == 0 && warnings == 0) return {};
  std::vector<std::string> parts;
  if (errors > 0) parts.push_back(fmt::format("{} error{}", errors, errors == 1 ? "" : "s"));
  if (warnings > 0) parts.push_back(fmt::format("{} warning{}", warnings, warnings == 1 ? "" : "s"));
  return fmt::format("{}\n", fmt::join(parts, ", "));
}

}  // namespace faultc::cli
