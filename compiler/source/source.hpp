#pragma once
// Source files, spans and line/column mapping. Spans are byte offsets into a
// file's text; line and column are computed only when something is rendered.
#include <cstdint>
#include <string>
#include <string_view>
#include <deque>
#include <vector>

namespace faultc {

using FileId = std::uint32_t;

struct Span {
  FileId file = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;  // one past the last byte
  friend bool operator==(const Span&, const Span&) = default;
};

struct LineColumn {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, counted in UTF-8 code points
};

class SourceFile {
 public:
  // `text` may carry a UTF-8 byte order mark and CRLF line endings; the mark
  // is dropped here so that every later stage sees plain text.
  SourceFile(std::string name, std::string text);

  // A file that was not read because it is larger than faultc reads: its
  // text is empty and check_input reports the size (bytes, exact or a
  // lower bound for a stream).
  struct TooLarge {
    std::uint64_t bytes = 0;
    bool exact = false;
  };
  SourceFile(std::string name, TooLarge too_large);
  const TooLarge& too_large() const { return too_large_; }

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  // The text of a span of this file: how a name or a literal was written.
  std::string_view text(Span span) const { return std::string_view(text_).substr(span.begin, span.end - span.begin); }
  bool had_bom() const { return had_bom_; }

  // Position of a byte offset. An offset at the very end of a file that ends
  // in a newline is reported at the end of the last line, never on a line
  // that does not exist.
  LineColumn locate(std::uint32_t offset) const;
  // Just the line of a byte offset: cheaper, for the comments of a million rules.
  std::uint32_t line_of(std::uint32_t offset) const;
  // The same, looked for from `hint`, the line this caller found last (and
  // set to the line found): offsets read in order, as lowering reads rules,
  // cost a step or two instead of a search of every line.
  std::uint32_t line_of(std::uint32_t offset, std::uint32_t& hint) const;
  // The text of a 1-based line, without its line terminator.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }
  std::uint32_t line_start(std::uint32_t line) const { return line_starts_[line - 1]; }

 private:
  std::string name_;
  std::string text_;
  bool had_bom_ = false;
  TooLarge too_large_;
  std::vector<std::uint32_t> line_starts_;
};

// Every file of one compilation; a FileId indexes it.
class SourceMap {
 public:
  FileId add(std::string name, std::string text);
  FileId add(std::string name, SourceFile::TooLarge too_large);
  const SourceFile& file(FileId id) const { return files_[id]; }
  // The text a span covers, in whichever file it points at.
  std::string_view text(Span span) const { return file(span.file).text(span); }
  std::size_t size() const { return files_.size(); }

 private:
  std::deque<SourceFile> files_;  // stable references while files are added
};

}  // namespace faultc
