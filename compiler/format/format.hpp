#pragma once
// The canonical layout of a .fault file (`faultc fmt`): a printer of the AST
// that puts every comment back on the line it belongs to. docs/style.md is
// the specification of every layout rule applied here.
#include <cstddef>
#include <string>

#include "compiler/parse/ast.hpp"
#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/source/source.hpp"

namespace faultc {

// A line of code longer than this many columns (comments not counted) is
// broken where the layout allows: a one-line rule becomes a block, a
// definition's one-line set becomes one element per line.
inline constexpr std::size_t kFormatWidth = 100;

// The canonical text of `file`, which must be the syntax-error-free parse of
// `source`. Pure: the same input always gives the same bytes. Every comment
// of `file.comments` appears exactly once in the output, with its text
// unchanged except for trailing whitespace. The output uses LF line ends,
// has no byte order mark and ends with exactly one newline (an empty file
// stays empty).
std::string format_file(const ast::File& file, const SourceFile& source);

// Parse `id` and format it. On a syntax error the value is absent and the
// diagnostics say why; a file with errors must never be rewritten.
Result<std::string> format_source(const SourceMap& sources, FileId id);

}  // namespace faultc
