#include "compiler/diagnostics/render_json.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "compiler/source/json_escape.hpp"

namespace faultc {

namespace {

// Bump when a key changes meaning or goes away; adding keys is compatible.
constexpr int kFormatVersion = 1;

std::string render_note(const Note& note, const SourceMap& sources) {
  if (!note.span) {
    return fmt::format(R"({{"message":{},"file":null,"line":null,"column":null}})", json_string(note.message));
  }
  const SourceFile& file = sources.file(note.span->file);
  const LineColumn at = file.locate(note.span->begin);
  return fmt::format(R"({{"message":{},"file":{},"line":{},"column":{}}})", json_string(note.message),
                     json_string(file.name()), at.line, at.column);
}

std::string render_one(const Diagnostic& d, const SourceMap& sources) {
  const SourceFile& file = sources.file(d.span.file);
  const LineColumn begin = file.locate(d.span.begin);
  // A reversed span would put the end before the start; treat it as empty.
  const LineColumn end = file.locate(std::max(d.span.begin, d.span.end));
  std::string notes;
  for (const Note& note : d.notes) {
    if (!notes.empty()) notes += ',';
    notes += render_note(note, sources);
  }
  const std::string help = d.help.empty() ? std::string("null") : json_string(d.help);
  return fmt::format(
      R"({{"file":{},"line":{},"column":{},"end_line":{},"end_column":{},"severity":"{}","code":"{}",)"
      R"("message":{},"notes":[{}],"help":{}}})",
      json_string(file.name()), begin.line, begin.column, end.line, end.column, severity_name(d.severity),
      code_name(d.code), json_string(d.message), notes, help);
}

}  // namespace

std::string render_json(const Diagnostics& diagnostics, const SourceMap& sources) {
  std::string items;
  for (const Diagnostic& d : diagnostics) {
    if (!items.empty()) items += ',';
    items += render_one(d, sources);
  }
  const auto count = [&](Severity severity) {
    return std::count_if(diagnostics.begin(), diagnostics.end(),
                         [&](const Diagnostic& d) { return d.severity == severity; });
  };
  return fmt::format(R"({{"version":{},"diagnostics":[{}],"summary":{{"errors":{},"warnings":{}}}}})"
                     "\n",
                     kFormatVersion, items, count(Severity::error), count(Severity::warning));
}

}  // namespace faultc
