#include "tools/faultc/fmt_command.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>
#include <variant>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/format/format.hpp"
#include "compiler/format/text_diff.hpp"
#include "compiler/parse/read_file.hpp"
#include "compiler/source/printable.hpp"
#include "compiler/source/write_file.hpp"
#include "tools/faultc/cli_common.hpp"

namespace faultc::cli {

namespace {

namespace fs = std::filesystem;

// Every *.fault file under `dir`, sorted; false (reported) when the
// directory cannot be listed. Symbolic links are never followed, to a file
// or to a directory (docs/security.md): a link could lead out of the tree,
// and `fmt -w` would write there.
bool collect_directory(const std::string& dir, std::vector<std::string>& out) {
  std::error_code ec;
  std::vector<std::string> found;
  fs::recursive_directory_iterator it(dir, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;
    const fs::file_status status = it->symlink_status(type_ec);
    if (!type_ec && fs::is_regular_file(status) && it->path().extension() == ".fault") {
      found.push_back(it->path().string());
    }
  }
  if (ec) {
    fmt::print(stderr, "faultc: error: {}: cannot list: {}\n", printable(dir), ec.message());
    return false;
  }
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
  return true;
}

// Rewrites `path` atomically, keeping its mode. Never through a symbolic
// link: the link's target may be anywhere (outside the tree being
// formatted, a file of another user), so a link is refused, not followed.
std::optional<std::string> write_in_place(const std::string& path, const std::string& text) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) return fmt::format("{}: cannot rewrite: {}", path, std::strerror(errno));
  if (S_ISLNK(st.st_mode)) return fmt::format("{}: is a symbolic link; --write never writes through one", path);
  if (!S_ISREG(st.st_mode)) return fmt::format("{}: not a regular file; not rewritten", path);
  return write_file_atomically(path, text, st.st_mode & 07777);
}

}  // namespace

void add_fmt_command(CLI::App& app, FmtOptions& options, int& exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "fmt",
      "Print .fault files in the canonical layout, or check or rewrite them (exit 0 ok, 1 unformatted or "
      "syntax errors, 2 usage or I/O)");
  cmd->add_option("files", options.files,
                  "Files, or directories meaning every *.fault file under them (`-` or none reads standard input)");
  CLI::Option* check =
      cmd->add_flag("--check", options.check, "List the files that are not in the canonical layout and exit 1");
  cmd->add_flag("--diff", options.diff, "Show the changes as a unified diff instead of the formatted text");
  CLI::Option* write = cmd->add_flag("-w,--write", options.write, "Rewrite the files in place, only those that change");
  write->excludes(check);
  cmd->callback([&options, &exit_code] { exit_code = run_fmt(options); });
}

int run_fmt(const FmtOptions& options) {
  bool io_error = false;
  std::vector<std::string> paths;
  for (const std::string& argument : options.files.empty() ? std::vector<std::string>{"-"} : options.files) {
    std::error_code ec;
    if (argument != "-" && fs::is_directory(argument, ec)) {
      io_error |= !collect_directory(argument, paths);
    } else {
      paths.push_back(argument);
    }
  }
  if (options.write && std::find(paths.begin(), paths.end(), "-") != paths.end()) {
    fmt::print(stderr, "faultc: error: --write rewrites files; standard input cannot be rewritten\n");
    return kUsage;
  }

  const TextStyle style{use_color(stderr)};
  bool syntax_errors = false;
  bool unformatted = false;
  for (const std::string& path : paths) {
    auto read = read_source_file(path);
    if (auto* error = std::get_if<ReadError>(&read)) {
      fmt::print(stderr, "faultc: error: {}\n", printable(error->message));
      io_error = true;
      continue;
    }
    const std::string original = std::get<std::string>(std::move(read));
    const std::string name = path == "-" ? "<stdin>" : path;
    SourceMap sources;
    const FileId id = sources.add(name, original);
    const Result<std::string> formatted = format_source(sources, id);
    if (!formatted.value) {
      // Never rewrite a file that does not parse: say why instead.
      Diagnostics errors = formatted.diagnostics;
      std::erase_if(errors, [](const Diagnostic& d) { return d.severity != Severity::error; });
      fmt::print(stderr, "{}{}", render_text(errors, sources, style), summary(errors));
      syntax_errors = true;
      continue;
    }
    const bool changed = *formatted.value != original;
    if (changed && (options.check || options.diff)) unformatted = true;
    if (changed && options.diff) {
      fmt::print("{}", unified_diff(original, *formatted.value, printable(name), printable(name)));
    }
    if (options.write) {
      if (!changed) continue;
      if (auto problem = write_in_place(path, *formatted.value)) {
        fmt::print(stderr, "faultc: error: {}\n", printable(*problem));
        io_error = true;
      }
    } else if (options.check) {
      if (changed && !options.diff) fmt::print("{}\n", printable(name));
    } else if (!options.diff) {
      fmt::print("{}", *formatted.value);
    }
  }
  std::fflush(stdout);
  if (io_error) return kUsage;
  return syntax_errors || (options.check && unformatted) ? kFindings : kOk;
}

}  // namespace faultc::cli
