#include "compiler/format/format_lines.hpp"

#include <algorithm>

#include "compiler/format/format_words.hpp"

namespace faultc::format_lines {

namespace {

using format_words::display_width;

void render_line(std::string& out, const Line& line, std::size_t comment_column) {
  if (line.blank() && line.trailing.empty()) {
    out += '\n';
    return;
  }
  const std::string indent(line.indent * kIndentWidth, ' ');
  if (line.code.empty()) {
    out += indent + line.comment + '\n';
    for (const auto& t : line.trailing) out += indent + t + '\n';
    return;
  }
  out += indent + line.code;
  if (!line.trailing.empty()) {
    const std::size_t width = line.indent * kIndentWidth + display_width(line.code);
    out += std::string(comment_column > width ? comment_column - width : kCommentGap, ' ');
    out += line.trailing.front();
  }
  out += '\n';
  // Two comments can never share a line: `# a # b` would be one comment.
  for (std::size_t k = 1; k < line.trailing.size(); ++k) out += indent + line.trailing[k] + '\n';
}

}  // namespace

std::string render_lines(const std::vector<Line>& lines) {
  std::string out;
  std::size_t i = 0;
  while (i < lines.size()) {
    // A run of consecutive code lines with trailing comments aligns them
    // one column, two spaces after the longest code.
    std::size_t end = i;
    std::size_t column = 0;
    while (end < lines.size() && !lines[end].code.empty() && !lines[end].trailing.empty()) {
      column = std::max(column, lines[end].indent * kIndentWidth + display_width(lines[end].code));
      ++end;
    }
    if (end == i) {
      render_line(out, lines[i], 0);
      ++i;
      continue;
    }
    for (; i < end; ++i) render_line(out, lines[i], column + kCommentGap);
  }
  return out;
}

}  // namespace faultc::format_lines
