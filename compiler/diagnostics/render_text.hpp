#pragma once
// The human renderer, in the style of clang and rustc:
//   file:line:col: error[CODE]: message
//    12 | source line
//       |      ^^^^^
//   file:line:col: note: a secondary location
//   help: the hint
#include <string>

#include "compiler/diagnostics/diagnostic.hpp"

namespace faultc {

struct TextStyle {
  bool color = false;  // ANSI colour; the CLI turns it on only for a TTY without NO_COLOR
};

std::string render_text(const Diagnostic& diagnostic, const SourceMap& sources, TextStyle style = {});
std::string render_text(const Diagnostics& diagnostics, const SourceMap& sources, TextStyle style = {});

}  // namespace faultc
