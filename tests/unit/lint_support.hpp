#pragma once
// Scenario text through compile_front, which runs lint, and the checks on
// the warnings it gives that the lint tests (lint_*_test.cpp) share. An
// include of "common.fault" is served from memory.
//
// In a namespace of its own: the analyze tests have a `Compiled` and a
// `compile` too, and two inline definitions of one name would be one
// function to the linker.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"

namespace faultc::test::lint_tests {

namespace flag = ast::tcp_flag;

struct Compiled {
  SourceMap sources;
  Compilation c;

  LineColumn at(const Span& span) const { return sources.file(span.file).locate(span.begin); }
  std::string text() const { return render_text(c.diagnostics, sources); }
  std::vector<const Diagnostic*> all(Code code) const {
    std::vector<const Diagnostic*> out;
    for (const Diagnostic& d : c.diagnostics) {
      if (d.code == code) out.push_back(&d);
    }
    return out;
  }
};

inline std::unique_ptr<Compiled> compile(std::string_view text, const SeverityPolicy& policy = {}) {
  auto out = std::make_unique<Compiled>();
  const FileId id = out->sources.add("lint.fault", std::string(text));
  const ReadFunction read = [](const std::string& path) -> std::variant<std::string, ReadError> {
    if (path == "common.fault") return std::string("host shared = 10.0.0.3\nhost spare = 10.0.0.4/24\n");
    return ReadError{fmt::format("{}: cannot open: No such file or directory", path)};
  };
  out->c = compile_front(out->sources, id, policy, read);
  return out;
}

// Exactly one diagnostic with `code`, at line:column, whose message contains
// `gist`, and no error anywhere.
inline const Diagnostic& expect_one(const Compiled& r, Code code, std::uint32_t line, std::uint32_t column,
                                    std::string_view gist) {
  INFO("diagnostics:\n" << r.text());
  REQUIRE(r.c.scenario.has_value());
  CHECK_FALSE(has_errors(r.c.diagnostics));
  const auto found = r.all(code);
  REQUIRE(found.size() == 1);
  const Diagnostic& d = *found.front();
  CHECK(r.at(d.span).line == line);
  CHECK(r.at(d.span).column == column);
  CHECK_THAT(d.message, Catch::Contains(std::string(gist)));
  CHECK(d.severity == Severity::warning);
  CHECK_FALSE(d.help.empty());
  return d;
}

inline void expect_none(std::string_view text, Code code) {
  const auto r = compile(text);
  INFO("file:\n" << text << "\ndiagnostics:\n" << r->text());
  CHECK_FALSE(has_errors(r->c.diagnostics));
  CHECK(r->all(code).empty());
}

// The 1-based line:column of each note, in order.
inline std::vector<std::pair<std::uint32_t, std::uint32_t>> note_positions(const Compiled& r, const Diagnostic& d) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (const Note& note : d.notes) {
    REQUIRE(note.span);
    out.emplace_back(r.at(*note.span).line, r.at(*note.span).column);
  }
  return out;
}

using Positions = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

}  // namespace faultc::test::lint_tests
