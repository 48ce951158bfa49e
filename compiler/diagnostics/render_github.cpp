#include "compiler/diagnostics/render_github.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace faultc {

namespace {

const char* command_name(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "notice";
  }
  return "error";
}

std::string escape(std::string_view text, bool property) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_one(const Diagnostic& d, const SourceMap& sources) {
  const SourceFile& file = sources.file(d.span.file);
  const LineColumn begin = file.locate(d.span.begin);
  const LineColumn end = file.locate(std::max(d.span.begin, d.span.end));
  // GitHub accepts col/endColumn only when the annotation starts and ends on
  // the same line; for a multi-line span they must be left out.
  const std::string columns =
      begin.line == end.line ? fmt::format(",col={},endLine={},endColumn={}", begin.column, end.line, end.column)
                             : fmt::format(",endLine={}", end.line);
  std::string message = d.message;
  if (!d.help.empty()) message += fmt::format("\nhelp: {}", d.help);
  return fmt::format("::{} file={},line={}{},title={}::{}\n", command_name(d.severity),
                     github_escape_property(file.name()), begin.line, columns,
                     github_escape_property(code_name(d.code)), github_escape_data(message));
}

}  // namespace

std::string github_escape_data(std::string_view text) { return escape(text, false); }
std::string github_escape_property(std::string_view text) { return escape(text, true); }

std::string render_github(const Diagnostics& diagnostics, const SourceMap& sources) {
  std::string out;
  for (const Diagnostic& d : diagnostics) out += render_one(d, sources);
  return out;
}

}  // namespace faultc
