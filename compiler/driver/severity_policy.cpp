#include "compiler/driver/severity_policy.hpp"

#include <fmt/format.h>

#include <set>
#include <tao/pegtl.hpp>

#include "grammar/directive.hpp"

namespace faultc {

namespace {

namespace d = grammar::directive;

struct Directive {
  std::vector<std::pair<std::string, Span>> codes;
};

template <typename Rule>
struct directive_action : tao::pegtl::nothing<Rule> {};

template <>
struct directive_action<d::code> {
  template <typename In>
  static void apply(const In& in, Directive& out, FileId file, std::uint32_t base) {
    const auto begin = base + static_cast<std::uint32_t>(in.begin() - in.input().begin());
    out.codes.emplace_back(in.string(), Span{file, begin, begin + static_cast<std::uint32_t>(in.size())});
  }
};

// A silenced code on one line of one file.
using Silence = std::tuple<FileId, std::uint32_t, Code>;

void collect_silences(const ast::File& file, const SourceFile& source, std::set<Silence>& silences,
                      Diagnostics& problems) {
  for (const ast::Comment& comment : file.comments) {
    const std::string_view text =
        std::string_view(source.text()).substr(comment.span.begin, comment.span.end - comment.span.begin);
    Directive directive;
    tao::pegtl::memory_input in(text.data(), text.size(), "");
    if (!tao::pegtl::parse<d::directive, directive_action>(in, directive, file.file, comment.span.begin)) continue;
    std::uint32_t line = source.locate(comment.span.begin).line;
    // A comment alone on its line speaks of the next line.
    const std::string_view before =
        std::string_view(source.text()).substr(source.line_start(line), comment.span.begin - source.line_start(line));
    if (before.find_first_not_of(" \t") == std::string_view::npos) ++line;
    for (const auto& [name, span] : directive.codes) {
      const auto code = code_from_name(name);
      if (!code) {
        problems.push_back(make_diagnostic(Code::F029, span, fmt::format("unknown diagnostic code `{}`", name),
                                           "docs/lint.md lists every code"));
        continue;
      }
      silences.emplace(file.file, line, *code);
    }
  }
}

}  // namespace

std::optional<std::string> add_override(SeverityPolicy& policy, const std::string& argument) {
  const std::size_t equals = argument.find('=');
  if (equals == std::string::npos) return fmt::format("`{}`: expected CODE=LEVEL, e.g. W104=error", argument);
  const std::string name = argument.substr(0, equals);
  const std::string level = argument.substr(equals + 1);
  const auto code = code_from_name(name);
  if (!code) return fmt::format("unknown diagnostic code `{}` (docs/lint.md lists every code)", name);
  if (default_severity(*code) == Severity::error) {
    return fmt::format("`{}` is an error: the scenario cannot be compiled with it, so it cannot be changed", name);
  }
  if (level == "error") policy.overrides[*code] = Severity::error;
  else if (level == "warning") policy.overrides[*code] = Severity::warning;
  else if (level == "note") policy.overrides[*code] = Severity::note;
  else if (level == "off") policy.overrides[*code] = std::nullopt;
  else return fmt::format("`{}`: the level is one of error, warning, note, off", argument);
  return std::nullopt;
}

Diagnostics apply_policy(Diagnostics diagnostics, const SeverityPolicy& policy, const Program& program,
                         const SourceMap& sources) {
  std::set<Silence> silences;
  Diagnostics problems;
  for (const ast::File& file : program.files) collect_silences(file, sources.file(file.file), silences, problems);
  Diagnostics out;
  for (Diagnostic& d : diagnostics) {
    if (default_severity(d.code) != Severity::error) {
      const std::uint32_t line = sources.file(d.span.file).locate(d.span.begin).line;
      if (silences.count({d.span.file, line, d.code}) != 0) continue;
      if (auto it = policy.overrides.find(d.code); it != policy.overrides.end()) {
        if (!it->second) continue;
        d.severity = *it->second;
      }
    }
    out.push_back(std::move(d));
  }
  out.insert(out.end(), problems.begin(), problems.end());
  return out;
}

}  // namespace faultc
