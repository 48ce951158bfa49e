#include "compiler/parse/load.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <algorithm>
#include <iterator>
#include <map>

#include "compiler/parse/input_limits.hpp"
#include "compiler/parse/parse.hpp"

namespace faultc {

namespace {

namespace fs = std::filesystem;

struct Loader {
  SourceMap& sources;
  const ReadFunction& read;
  Program program;
  Diagnostics diagnostics;
  std::map<std::string, FileId> loaded;   // by normalized path
  std::vector<std::string> stack;         // the include chain being followed

  std::vector<fs::path> roots;           // where includes may resolve to
  std::size_t included_bytes = 0;        // every included file's, bounded like one file

  // Where a path leads: links followed as far as the file system has them,
  // then made absolute and normal.
  static fs::path resolve(const fs::path& path) {
    std::error_code ec;
    // Absolute first: weakly_canonical leaves a relative path relative when
    // none of it exists.
    const fs::path absolute = fs::absolute(path, ec).lexically_normal();
    fs::path canonical = fs::weakly_canonical(absolute, ec);
    return ec ? absolute : canonical;
  }

  void parse_and_follow(FileId id) {
    auto parsed = parse_file(sources, id);
    diagnostics.insert(diagnostics.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
    const std::size_t index = program.files.size();
    program.files.push_back(std::move(*parsed.value));
    // Copy the includes out: following them appends to program.files.
    std::vector<ast::Include> includes;
    for (const auto& statement : program.files[index].statements) {
      if (const auto* include = std::get_if<ast::Include>(&statement)) includes.push_back(*include);
    }
    for (const auto& include : includes) follow(id, include);
  }

  // The file policy of an include (docs/security.md): a `.fault` file that
  // resolves, links followed, inside the root file's directory tree or a
  // directory allowed with --include-path; standard input never. The
  // diagnostics name the path as written and never show a refused file.
  void refuse(const ast::Include& include, std::string reason) {
    diagnostics.push_back(make_diagnostic(
        Code::F017, include.path_span, fmt::format("cannot include `{}`: {}", include.path, std::move(reason)),
        "include .fault files from the scenario's own directory tree, or allow a directory with --include-path DIR"));
  }

  bool allowed(const fs::path& resolved) const {
    return std::any_of(roots.begin(), roots.end(), [&](const fs::path& root) {
      const auto [r, p] = std::mismatch(root.begin(), root.end(), resolved.begin(), resolved.end());
      return r == root.end() || (std::next(r) == root.end() && r->empty());  // a trailing "/" on the root
    });
  }

  // The include's path as faultc reads it and as resolved (links followed),
  // or nothing when the file policy refuses it (F017, reported).
  struct IncludedPath {
    std::string path, resolved;
  };
  std::optional<IncludedPath> allowed_path(FileId from, const ast::Include& include) {
    if (include.path == "-") {
      refuse(include, "`-` means standard input only on the command line");
      return std::nullopt;
    }
    if (fs::path(include.path).extension() != ".fault") {
      refuse(include, "an included file must be a .fault file");
      return std::nullopt;
    }
    const fs::path base = fs::path(sources.file(from).name()).parent_path();
    const std::string path = (base / include.path).lexically_normal().string();
    const fs::path resolved = resolve(path);
    if (!allowed(resolved)) {
      refuse(include, "the file is outside the scenario's directory tree and every --include-path");
      return std::nullopt;
    }
    if (resolved.extension() != ".fault") {
      refuse(include, "it is a link to a file that is not a .fault file");
      return std::nullopt;
    }
    return IncludedPath{path, resolved.string()};
  }

  // F014 when `key` is already on the include stack, F006 past the depth
  // and file count limits; true when it may be read.
  bool may_read(const std::string& key, const ast::Include& include) {
    for (std::size_t i = 0; i < stack.size(); ++i) {
      if (stack[i] != key) continue;
      std::vector<std::string> chain;
      for (std::size_t j = i; j < stack.size(); ++j) chain.push_back(fs::path(stack[j]).filename().string());
      chain.push_back(fs::path(key).filename().string());
      diagnostics.push_back(make_diagnostic(Code::F014, include.path_span,
                                            fmt::format("include cycle: {}", fmt::join(chain, " -> ")),
                                            "a file may include definitions only from files that do not include it"));
      return false;
    }
    if (stack.size() >= kMaxIncludeDepth) {
      diagnostics.push_back(make_diagnostic(Code::F006, include.path_span,
                                            fmt::format("includes are nested deeper than {} files", kMaxIncludeDepth)));
      return false;
    }
    if (loaded.size() > kMaxIncludedFiles) {
      // Each file is read once, but a tree of includes can still reach
      // thousands of files: bound the whole, not just each chain.
      diagnostics.push_back(make_diagnostic(Code::F006, include.path_span,
                                            fmt::format("more than {} files included", kMaxIncludedFiles)));
      return false;
    }
    return true;
  }

  // F006, F017 or F013 for a file that could not be read.
  void read_failed(const ast::Include& include, const ReadError& error) {
    // The reason without the path it repeats.
    const std::size_t colon = error.message.find(": ");
    const std::string reason = colon == std::string::npos ? error.message : error.message.substr(colon + 2);
    if (error.too_large > 0) {
      diagnostics.push_back(make_diagnostic(Code::F006, include.path_span,
                                            fmt::format("cannot include `{}`: it {}", include.path, reason)));
    } else if (error.refused) {
      refuse(include, fmt::format("{}; only regular files are included", reason));
    } else {
      diagnostics.push_back(make_diagnostic(Code::F013, include.path_span,
                                            fmt::format("cannot include `{}`: {}", include.path, reason),
                                            "include paths are relative to the including file"));
    }
  }

  void follow(FileId from, const ast::Include& include) {
    const std::optional<IncludedPath> included = allowed_path(from, include);
    if (!included) return;
    const std::string& key = included->resolved;
    if (loaded.count(key) != 0 && std::find(stack.begin(), stack.end(), key) == stack.end()) return;  // read once
    if (!may_read(key, include)) return;
    auto text = read(included->path);
    if (auto* error = std::get_if<ReadError>(&text)) {
      read_failed(include, *error);
      return;
    }
    included_bytes += std::get<std::string>(text).size();
    if (included_bytes > kMaxInputBytes) {
      diagnostics.push_back(make_diagnostic(
          Code::F006, include.path_span,
          fmt::format("the included files add up to more than {} MiB", kMaxInputBytes >> 20)));
      return;
    }
    const FileId id = sources.add(included->path, std::get<std::string>(std::move(text)));
    loaded.emplace(key, id);
    program.included_at.emplace(id, include.path_span);
    stack.push_back(key);
    parse_and_follow(id);
    stack.pop_back();
  }
};

}  // namespace

Result<Program> load_program(SourceMap& sources, FileId root, const ReadFunction& read,
                             const std::vector<std::string>& include_dirs) {
  Loader loader{sources, read, {}, {}, {}, {}, {}, 0};
  loader.program.root = root;
  // Standard input (named <stdin>) includes from the working directory.
  const fs::path root_path = sources.file(root).name();
  loader.roots.push_back(Loader::resolve(root_path).parent_path());
  for (const std::string& dir : include_dirs) loader.roots.push_back(Loader::resolve(dir));
  const std::string root_key = Loader::resolve(root_path).string();
  loader.loaded.emplace(root_key, root);
  loader.stack.push_back(root_key);
  loader.parse_and_follow(root);
  return {std::move(loader.program), std::move(loader.diagnostics)};
}

void add_include_notes(Diagnostics& diagnostics, const std::map<FileId, Span>& included_at, const SourceMap& sources) {
  for (Diagnostic& d : diagnostics) {
    // Each file is included once, from one place: the chain is a path to
    // the root, at most kMaxIncludeDepth long.
    for (auto at = included_at.find(d.span.file); at != included_at.end();
         at = included_at.find(at->second.file)) {
      const SourceFile& file = sources.file(at->second.file);
      const LineColumn where = file.locate(at->second.begin);
      d.notes.push_back({std::nullopt, fmt::format("included from {}:{}:{}", file.name(), where.line, where.column)});
    }
  }
}

}  // namespace faultc
