#pragma once
// Loading a scenario: parse its file and every file it includes, each once,
// relative to the including file. Include cycles, missing files and files
// the include policy refuses become diagnostics at the `include` line.
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "compiler/parse/ast.hpp"
#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/parse/read_file.hpp"

namespace faultc {

struct Program {
  FileId root = 0;
  // The root first, then includes in the order first reached. A deque:
  // appending a file never moves the ones loaded before (an AST cannot be
  // copied, and a vector would have to, as moving a deque may throw).
  std::deque<ast::File> files;
  // Where each included file was first included: the `include` path's span
  // in the including file (the root is not in it).
  std::map<FileId, Span> included_at;
};

using ReadFunction = std::function<std::variant<std::string, ReadError>(const std::string& path)>;

// Includes nested deeper than this are refused (a chain, not a cycle).
inline constexpr std::size_t kMaxIncludeDepth = 16;
// And no more than this many files in all, the root not counted.
inline constexpr std::size_t kMaxIncludedFiles = 256;

// Parses `root` (already in `sources`) and what it includes, reading
// included files with `read` (read_included_file by default). An include
// must resolve inside the root file's directory or one of `include_dirs`.
Result<Program> load_program(SourceMap& sources, FileId root, const ReadFunction& read = read_included_file,
                             const std::vector<std::string>& include_dirs = {});

// Adds to every diagnostic in an included file the chain of includes that
// led there, "included from FILE:LINE:COL", innermost first.
void add_include_notes(Diagnostics& diagnostics, const std::map<FileId, Span>& included_at, const SourceMap& sources);

}  // namespace faultc
