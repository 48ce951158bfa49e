#include "compiler/render_text.hpp"

#include <fmt/format.h>

#include <algorithm>

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

// The marker line under a source line: spaces (tabs kept, so columns line up)
// up to the span, then `mark` under every character the span covers on this
// line, at least one.
std::string underline(std::string_view line, std::uint32_t from, std::uint32_t to, char mark) {
  std::string out;
  std::uint32_t i = 0;
  for (; i < from && i < line.size(); ++i) {
    if (is_continuation(line[i])) continue;
    out += line[i] == '\t' ? '\t' : ' ';
  }
  std::size_t marks = 0;
  for (; i < to && i < line.size(); ++i) {
    if (is_continuation(line[i])) continue;
    out += mark;
    ++marks;
  }
  if (marks == 0) out += mark;
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
  out += fmt::format(" {} | {}{}{}\n", number, lead, shown, tail);
  out += fmt::format(" {} | {}{}{}{}\n", gutter, std::string(lead.size(), ' '), colour,
                     underline(shown, from - shift, shown_to, mark), p.reset);
}

std::string location_prefix(const SourceMap& sources, Span span) {
  const SourceFile& file = sources.file(span.file);
  const LineColumn at = file.locate(span.begin);
  return fmt::format("{}:{}:{}", file.name(), at.line, at.column);
}

}  // namespace

std::string render_text(const Diagnostic& d, const SourceMap& sources, TextStyle style) {
  const Palette p = palette(style);
  const std::string_view colour = severity_colour(d.severity, p);
  std::string out = fmt::format("{}{}:{} {}{}[{}]{}{}: {}{}\n", p.bold, location_prefix(sources, d.span), p.reset,
                                colour, severity_name(d.severity), code_name(d.code), p.reset, p.bold, d.message,
                                p.reset);
  render_location(out, sources, d.span, '^', colour, p);
  for (const Note& note : d.notes) {
    if (note.span) {
      out += fmt::format("{}{}:{} {}note{}: {}\n", p.bold, location_prefix(sources, *note.span), p.reset, p.note,
                         p.reset, note.message);
      render_location(out, sources, *note.span, '~', p.note, p);
    } else {
      out += fmt::format("  {}note{}: {}\n", p.note, p.reset, note.message);
    }
  }
  if (!d.help.empty()) out += fmt::format("  {}help{}: {}\n", p.help, p.reset, d.help);
  return out;
}

std::string render_text(const Diagnostics& diagnostics, const SourceMap& sources, TextStyle style) {
  std::string out;
  for (const Diagnostic& d : diagnostics) out += render_text(d, sources, style);
  return out;
}

}  // namespace faultc
