#include "compiler/source/source.hpp"

#include <algorithm>

namespace faultc {

namespace {
constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

SourceFile::SourceFile(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
  if (std::string_view(text_).starts_with(kBom)) {
    text_.erase(0, kBom.size());
    had_bom_ = true;
  }
  line_starts_.push_back(0);
  const std::string_view text_view = text_;
  for (std::size_t i = text_view.find('\n'); i != std::string_view::npos; i = text_view.find('\n', i + 1)) {
    if (i + 1 < text_view.size()) line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
  }
}

SourceFile::SourceFile(std::string name, TooLarge too_large)
    : name_(std::move(name)), too_large_(too_large), line_starts_{0} {}

std::uint32_t SourceFile::line_of(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<std::uint32_t>(it - line_starts_.begin());
}

std::uint32_t SourceFile::line_of(std::uint32_t offset, std::uint32_t& hint) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  const auto lines = static_cast<std::uint32_t>(line_starts_.size());
  if (hint >= 1 && hint <= lines && line_starts_[hint - 1] <= offset) {
    // A few lines on at most; farther than that, search.
    for (std::uint32_t step = 0; step < 4; ++step, ++hint) {
      if (hint == lines || offset < line_starts_[hint]) return hint;
    }
  }
  hint = line_of(offset);
  return hint;
}

LineColumn SourceFile::locate(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  const std::uint32_t line = line_of(offset);
  const std::uint32_t start = line_starts_[line - 1];
  // Clamp into the line's own text so that an offset on its terminator (or
  // at the end of the file) points just past the line's last character.
  const std::string_view here = line_text(line);
  const std::uint32_t limit = start + static_cast<std::uint32_t>(here.size());
  offset = std::min(offset, limit);
  std::uint32_t column = 1;
  for (std::uint32_t i = start; i < offset; ++i) {
    if (!is_utf8_continuation(text_[i])) ++column;
  }
  return {line, column};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  const std::uint32_t start = line_starts_[line - 1];
  std::string_view rest = std::string_view(text_).substr(start);
  rest = rest.substr(0, rest.find('\n'));
  if (rest.ends_with('\r')) rest.remove_suffix(1);
  return rest;
}

FileId SourceMap::add(std::string name, std::string text) {
  files_.emplace_back(std::move(name), std::move(text));
  return static_cast<FileId>(files_.size() - 1);
}

FileId SourceMap::add(std::string name, SourceFile::TooLarge too_large) {
  files_.emplace_back(std::move(name), too_large);
  return static_cast<FileId>(files_.size() - 1);
}

}  // namespace faultc
