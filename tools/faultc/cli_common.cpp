#include "tools/faultc/cli_common.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <variant>

#include "compiler/read_file.hpp"

namespace faultc::cli {

bool use_color(std::FILE* stream) { return std::getenv("NO_COLOR") == nullptr && isatty(fileno(stream)) != 0; }

bool load_sources(const std::vector<std::string>& paths, SourceMap& sources, std::vector<FileId>& ids) {
  bool ok = true;
  for (const std::string& path : paths) {
    auto text = read_source_file(path);
    if (auto* error = std::get_if<ReadError>(&text)) {
      fmt::print(stderr, "faultc: error: {}\n", error->message);
      ok = false;
      continue;
    }
    ids.push_back(sources.add(path == "-" ? "<stdin>" : path, std::get<std::string>(std::move(text))));
  }
  return ok;
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
