#include "compiler/load.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "compiler/parse.hpp"

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

  static std::string key(const std::string& path) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(path, ec);
    return ec ? fs::path(path).lexically_normal().string() : canonical.string();
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

  void follow(FileId from, const ast::Include& include) {
    const fs::path base = fs::path(sources.file(from).name()).parent_path();
    const std::string path = (base / include.path).lexically_normal().string();
    const std::string id_key = key(path);
    for (std::size_t i = 0; i < stack.size(); ++i) {
      if (stack[i] != id_key) continue;
      std::vector<std::string> chain;
      for (std::size_t j = i; j < stack.size(); ++j) chain.push_back(fs::path(stack[j]).filename().string());
      chain.push_back(fs::path(id_key).filename().string());
      diagnostics.push_back(make_diagnostic(Code::F014, include.path_span,
                                            fmt::format("include cycle: {}", fmt::join(chain, " -> ")),
                                            "a file may include definitions only from files that do not include it"));
      return;
    }
    if (loaded.count(id_key) != 0) return;  // each file is read once
    if (stack.size() >= kMaxIncludeDepth) {
      diagnostics.push_back(make_diagnostic(Code::F006, include.path_span,
                                            fmt::format("includes are nested deeper than {} files", kMaxIncludeDepth)));
      return;
    }
    auto text = read(path);
    if (auto* error = std::get_if<ReadError>(&text)) {
      diagnostics.push_back(make_diagnostic(Code::F013, include.path_span,
                                            fmt::format("cannot include `{}`: {}", include.path,
                                                        // The reason without the path it repeats.
                                                        error->message.substr(error->message.find(": ") == std::string::npos
                                                                                  ? 0
                                                                                  : error->message.find(": ") + 2)),
                                            "include paths are relative to the including file"));
      return;
    }
    const FileId id = sources.add(path, std::get<std::string>(std::move(text)));
    loaded.emplace(id_key, id);
    stack.push_back(id_key);
    parse_and_follow(id);
    stack.pop_back();
  }
};

}  // namespace

Result<Program> load_program(SourceMap& sources, FileId root, const ReadFunction& read) {
  Loader loader{sources, read, {}, {}, {}, {}};
  loader.program.root = root;
  const std::string root_key = Loader::key(sources.file(root).name());
  loader.loaded.emplace(root_key, root);
  loader.stack.push_back(root_key);
  loader.parse_and_follow(root);
  return {std::move(loader.program), std::move(loader.diagnostics)};
}

}  // namespace faultc
