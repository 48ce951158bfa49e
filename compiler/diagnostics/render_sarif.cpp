#include "compiler/diagnostics/render_sarif.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "compiler/source/json_escape.hpp"

namespace faultc {

namespace {

constexpr std::string_view kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kInformationUri = "https://github.com/faultc/faultc";

bool is_ascii_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool is_uri_safe(char c) { return is_ascii_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/'; }

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// SARIF wants a rule `name` that reads as an identifier: "number out of
// range" -> "NumberOutOfRange".
std::string pascal_case(std::string_view title) {
  std::string out;
  bool start = true;
  for (char c : title) {
    if (!is_ascii_alnum(c)) {
      start = true;
      continue;
    }
    out += start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    start = false;
  }
  return out;
}

std::string render_rule(Code code) {
  const std::string_view name = code_name(code);
  const std::string_view title = code_title(code);
  return fmt::format(
      R"({{"id":{},"name":{},"shortDescription":{{"text":{}}},"fullDescription":{{"text":{}}},)"
      R"("help":{{"text":{}}},"defaultConfiguration":{{"level":"{}"}}}})",
      json_string(name), json_string(pascal_case(title)), json_string(title),
      json_string(fmt::format("{}: {}.", name, title)),
      json_string(fmt::format("See docs/lint.md#{} for what {} ({}) means and how to fix it.", lowercase(name), name,
                              title)),
      severity_name(default_severity(code)));
}

std::string physical_location(const SourceMap& sources, Span span) {
  const SourceFile& file = sources.file(span.file);
  const LineColumn begin = file.locate(span.begin);
  // SARIF's endColumn is the column just past the region, which is exactly
  // where locate puts the span's end; a reversed span is treated as empty.
  const LineColumn end = file.locate(std::max(span.begin, span.end));
  return fmt::format(
      R"({{"artifactLocation":{{"uri":{}}},"region":{{"startLine":{},"startColumn":{},"endLine":{},"endColumn":{}}}}})",
      json_string(sarif_uri(file.name())), begin.line, begin.column, end.line, end.column);
}

std::string render_result(const Diagnostic& d, std::size_t rule_index, const SourceMap& sources) {
  std::string message = d.message;
  if (!d.help.empty()) message += fmt::format(" (help: {})", d.help);
  std::string related;
  int id = 0;
  for (const Note& note : d.notes) {
    if (!note.span) continue;  // SARIF has nowhere to put a location-less note
    if (!related.empty()) related += ',';
    related += fmt::format(R"({{"id":{},"physicalLocation":{},"message":{{"text":{}}}}})", ++id,
                           physical_location(sources, *note.span), json_string(note.message));
  }
  std::string out = fmt::format(
      R"({{"ruleId":{},"ruleIndex":{},"level":"{}","message":{{"text":{}}},"locations":[{{"physicalLocation":{}}}])",
      json_string(code_name(d.code)), rule_index, severity_name(d.severity), json_string(message),
      physical_location(sources, d.span));
  if (!related.empty()) out += fmt::format(R"(,"relatedLocations":[{}])", related);
  out += '}';
  return out;
}

}  // namespace

std::string sarif_uri(std::string_view path) {
  std::string out = path.starts_with('/') ? "file://" : "";
  for (char c : path) {
    if (is_uri_safe(c)) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

std::string render_sarif(const Diagnostics& diagnostics, const SourceMap& sources, std::string_view tool_version) {
  // The rules are the codes that occur, in registry order; rule_index maps a
  // code to its position in that list for each result's ruleIndex.
  const std::vector<Code> codes = all_codes();
  std::vector<std::size_t> rule_index(codes.size(), 0);
  std::string rules;
  std::size_t next = 0;
  for (Code code : codes) {
    const bool used = std::any_of(diagnostics.begin(), diagnostics.end(),
                                  [&](const Diagnostic& d) { return d.code == code; });
    if (!used) continue;
    if (!rules.empty()) rules += ',';
    rules += render_rule(code);
    rule_index[static_cast<std::size_t>(code)] = next++;
  }
  std::string results;
  for (const Diagnostic& d : diagnostics) {
    if (!results.empty()) results += ',';
    results += render_result(d, rule_index[static_cast<std::size_t>(d.code)], sources);
  }
  return fmt::format(
      R"({{"$schema":{},"version":"2.1.0","runs":[{{"tool":{{"driver":{{"name":"faultc","version":{},)"
      R"("informationUri":{},"rules":[{}]}}}},"columnKind":"unicodeCodePoints","results":[{}]}}]}})"
      "\n",
      json_string(kSchema), json_string(tool_version), json_string(kInformationUri), rules, results);
}

}  // namespace faultc
