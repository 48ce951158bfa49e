#pragma once
// The formatter's output lines and how they become text: indentation, and
// trailing comments aligned in one column over a run of code lines.
#include <cstddef>
#include <string>
#include <vector>

namespace faultc::format_lines {

inline constexpr std::size_t kIndentWidth = 4;
inline constexpr std::size_t kCommentGap = 2;  // spaces between code and a trailing comment, at least

struct Line {
  std::size_t indent = 0;
  std::string code;                   // empty for a blank line or a comment line
  std::string comment;                // a whole-line comment (code empty)
  std::vector<std::string> trailing;  // comments after the code; normally at most one
  bool blank() const { return code.empty() && comment.empty(); }
};

std::string render_lines(const std::vector<Line>& lines);

}  // namespace faultc::format_lines
