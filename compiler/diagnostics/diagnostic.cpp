#include "compiler/diagnostics/diagnostic.hpp"

#include <algorithm>

namespace faultc {

namespace {
struct CodeInfo {
  Code code;
  std::string_view name;
  Severity severity;
  std::string_view title;
};

constexpr CodeInfo kCodes[] = {
#define FAULTC_DIAG(code, severity, title) {Code::code, #code, Severity::severity, title},
#include "compiler/diagnostics/diagnostic_codes.def"
#undef FAULTC_DIAG
};

const CodeInfo& info(Code code) { return kCodes[static_cast<std::size_t>(code)]; }
}  // namespace

std::string_view code_name(Code code) { return info(code).name; }
Severity default_severity(Code code) { return info(code).severity; }
std::string_view code_title(Code code) { return info(code).title; }

std::optional<Code> code_from_name(std::string_view name) {
  for (const auto& entry : kCodes) {
    if (entry.name == name) return entry.code;
  }
  return std::nullopt;
}

std::vector<Code> all_codes() {
  std::vector<Code> codes;
  for (const auto& entry : kCodes) codes.push_back(entry.code);
  return codes;
}

Diagnostic make_diagnostic(Code code, Span span, std::string message, std::string help) {
  return Diagnostic{default_severity(code), code, span, std::move(message), {}, std::move(help)};
}

bool has_errors(const Diagnostics& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

}  // namespace faultc
