#pragma once
// The parse stage: text → AST, with diagnostics as values. It runs the
// grammar one statement at a time so that one bad statement does not hide
// the next: after an error it resynchronises at the next line (or past the
// end of an open `{ }`).
#include <cstddef>
#include <optional>
#include <string_view>

#include "compiler/parse/ast.hpp"
#include "compiler/diagnostics/diagnostic.hpp"

namespace faultc {

// Parse one whole .fault file. The AST holds every statement that parsed.
Result<ast::File> parse_file(const SourceMap& sources, FileId file);

// Parse the packet syntax shared by `expect` lines and `--packet`: the whole
// file is one packet such as `tcp from 10.0.0.5 port 40000 to port 1234 flags SYN`.
Result<ast::Packet> parse_packet(const SourceMap& sources, FileId file);

// A duration written as in the language (`4m`, `1h30m`), for command-line
// options such as `--at`; nothing when it is not one.
std::optional<std::uint64_t> parse_duration_text(std::string_view text);

}  // namespace faultc
