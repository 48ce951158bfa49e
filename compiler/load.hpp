#pragma once
// Loading a scenario: parse its file and every file it includes, each once,
// relative to the including file. Include cycles and missing files become
// diagnostics at the `include` line.
#include <deque>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "compiler/ast.hpp"
#include "compiler/diagnostic.hpp"
#include "compiler/read_file.hpp"

namespace faultc {

struct Program {
  FileId root = 0;
  // The root first, then includes in the order first reached. A deque:
  // appending a file never moves the ones loaded before (an AST cannot be
  // copied, and a vector would have to, as moving a deque may throw).
  std::deque<ast::File> files;
};

using ReadFunction = std::function<std::variant<std::string, ReadError>(const std::string& path)>;

// Includes nested deeper than this are refused (a chain, not a cycle).
inline constexpr std::size_t kMaxIncludeDepth = 16;

// Parses `root` (already in `sources`) and what it includes, reading
// included files with `read` (read_source_file by default).
Result<Program> load_program(SourceMap& sources, FileId root, const ReadFunction& read = read_source_file);

}  // namespace faultc
