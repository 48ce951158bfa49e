#include "compiler/diagnostics/render_text.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "compiler/source/printable.hpp"

namespace faultc {

namespace {

struct Palette {
  std::string_view bold, error, warning, note, help, reset;
};

Palette palette(TextStyle style) {
  if (!style.color) return {};
  return {"\x1b[1m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[1;36m", "\x1b[1;32m", "\x1b[0m"};
}

std::string_view severity_colour(Severity severity, const Palette& p) {
  switch (severity) {
    case Severity::error: return p.error;
    case Severity::warning: return p.warning;
    case Severity::note: return p.note;
  }
  return p.error;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Columns on screen: one per code point (the text is printable() already).
std::size_t width(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return !is_continuation(c); }));
}

// The marker line under a source line (`before` and `inside` the span,
// already printable): spaces up to the span, tabs kept so columns line up,
// then `mark` under every column the span covers, at least one.
std::string underline(std::string_view before, std::string_view inside, char mark) {
  std::string out;
  for (const char c : before) {
    if (!is_continuation(c)) out += c == '\t' ? '\t' : ' ';
  }
  out.append(std::max<std::size_t>(width(inside), 1), mark);
  return out;
}

void render_location(std::string& out, const SourceMap& sources, Span span, char mark, std::string_view colour,
                     const Palette& p) {
  const SourceFile& file = sources.file(span.file);
  const LineColumn at = file.locate(span.begin);
  const std::string_view line = file.line_text(at.line);
  const std::uint32_t line_begin = file.line_start(at.line);
  const std::uint32_t from = std::min<std::uint32_t>(span.begin - std::min(span.begin, line_begin),
                                                     static_cast<std::uint32_t>(line.size()));
  const std::uint32_t to = span.end > line_begin ? span.end - line_begin : from;
  const std::string number = std::to_string(at.line);
  const std::string gutter(number.size(), ' ');
  // A very long line (a generated file, a hostile one) is shown as a window
  // around the span, so one diagnostic never prints megabytes.
  constexpr std::uint32_t kContext = 60, kWidth = 160;
  std::string_view shown = line;
  std::uint32_t shift = 0;
  std::string lead, tail;
  if (line.size() > kWidth) {
    shift = from > kContext ? from - kContext : 0;
    while (shift > 0 && is_continuation(line[shift])) --shift;
    shown = line.substr(shift, kWidth);
    while (!shown.empty() && shift + shown.size() < line.size() && is_continuation(line[shift + shown.size()])) {
      shown.remove_suffix(1);
    }
    if (shift > 0) lead = "...";
    if (shift + shown.size() < line.size()) tail = "...";
  }
  const std::uint32_t shown_to = std::min<std::uint32_t>(std::max(from, to) - shift, static_cast<std::uint32_t>(shown.size()));
  // Escaped as a whole and in pieces: a control character or a bidi
  // override in the line is shown as `\x1b` or `<U+202E>`, never sent to
  // the terminal, and the marks stay under the span.
  const std::uint32_t shown_from = std::min<std::uint32_t>(from - shift, shown_to);
  const std::string before = printable(shown.substr(0, shown_from), Tabs::keep);
  const std::string inside = printable(shown.substr(shown_from, shown_to - shown_from), Tabs::keep);
  out += fmt::format(" {} | {}{}{}\n", number, lead, printable(shown, Tabs::keep), tail);
  out += fmt::format(" {} | {}{}{}{}\n", gutter, std::string(lead.size(), ' '), colour,
                     underline(before, inside, mark), p.reset);
}

std::string location_prefix(const SourceMap& sources, Span span) {
  const SourceFile& file = sources.file(span.file);
  const LineColumn at = file.locate(span.begin);
  return fmt::format("{}:{}:{}", printable(file.name()), at.line, at.column);
}

}  // namespace

std::string render_text(const Diagnostic& d, const SourceMap& sources, TextStyle style) {
  const Palette p = palette(style);
  const std::string_view colour = severity_colour(d.severity, p);
  std::string out = fmt::format("{}{}:{} {}{}[{}]{}{}: {}{}\n", p.bold, location_prefix(sources, d.span), p.reset,
                                colour, severity_name(d.severity), code_name(d.code), p.reset, p.bold, printable(d.message),
                                p.reset);
  render_location(out, sources, d.span, '^', colour, p);
  for (const Note& note : d.notes) {
    if (note.span) {
      out += fmt::format("{}{}:{} {}note{}: {}\n", p.bold, location_prefix(sources, *note.span), p.reset, p.note,
                         p.reset, printable(note.message));
      render_location(out, sources, *note.span, '~', p.note, p);
    } else {
      out += fmt::format("  {}note{}: {}\n", p.note, p.reset, printable(note.message));
    }
  }
  if (!d.help.empty()) out += fmt::format("  {}help{}: {}\n", p.help, p.reset, printable(d.help));
  return out;
}

std::string render_text(const Diagnostics& diagnostics, const SourceMap& sources, TextStyle style) {
  std::string out;
  for (const Diagnostic& d : diagnostics) out += render_text(d, sources, style);
  return out;
}

}  // namespace faultc
