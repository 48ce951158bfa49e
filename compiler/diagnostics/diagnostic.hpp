#pragma once
// The Diagnostic type: every problem any stage finds is one of these values,
// collected in a list and rendered by pure functions (render_*.hpp).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/source/source.hpp"

namespace faultc {

enum class Severity { error, warning, note };

enum class Code {
#define FAULTC_DIAG(code, severity, title) code,
#include "compiler/diagnostics/diagnostic_codes.def"
#undef FAULTC_DIAG
};

std::string_view code_name(Code code);
Severity default_severity(Code code);
std::string_view code_title(Code code);
std::optional<Code> code_from_name(std::string_view name);
std::vector<Code> all_codes();

// A secondary location: "note: covered by this action" pointing elsewhere.
struct Note {
  std::optional<Span> span;
  std::string message;
};

struct Diagnostic {
  Severity severity = Severity::error;
  Code code = Code::F001;
  Span span;
  std::string message;
  std::vector<Note> notes;
  std::string help;  // empty when there is no hint
};

// Builds a diagnostic with the code's default severity.
Diagnostic make_diagnostic(Code code, Span span, std::string message, std::string help = {});

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diagnostics);

// A stage's output: a value (when the stage could produce one) plus every
// diagnostic it found. g++ 12 has no std::expected; this is all we need.
template <typename T>
struct Result {
  std::optional<T> value;
  Diagnostics diagnostics;
  bool ok() const { return value.has_value() && !has_errors(diagnostics); }
};

const char* severity_name(Severity severity);

}  // namespace faultc
