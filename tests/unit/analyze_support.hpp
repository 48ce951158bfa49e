#pragma once
// Scenario text through compile_front (load, analyze and the severity
// policy) with an in-memory file system, so that include tests never touch
// the disk; and the checks on its diagnostics and IR that the analyze tests
// (analyze_*_test.cpp) share. Expected positions are worked out by hand from
// the text.
//
// In a namespace of its own: the lint tests have a `Compiled` and a
// `compile` too, and two inline definitions of one name would be one
// function to the linker.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"

namespace faultc::test::analyze_tests {

namespace flag = ast::tcp_flag;
using Files = std::map<std::string, std::string>;

// One compilation and everything needed to look at its result.
struct Compiled {
  SourceMap sources;
  Compilation c;
  std::vector<std::string> reads;  // every path the loader asked for, in order

  LineColumn at(const Span& span) const { return sources.file(span.file).locate(span.begin); }
  std::string file_of(const Span& span) const { return sources.file(span.file).name(); }
  std::string text() const { return render_text(c.diagnostics, sources); }
  std::vector<const Diagnostic*> all(Code code) const {
    std::vector<const Diagnostic*> out;
    for (const Diagnostic& d : c.diagnostics) {
      if (d.code == code) out.push_back(&d);
    }
    return out;
  }
  bool has(Code code) const { return !all(code).empty(); }
  const ir::Scenario& scenario() const { return *c.scenario; }
  const ir::Rule& rule(std::size_t i = 0) const { return c.scenario->rules.at(i); }
};

inline std::unique_ptr<Compiled> compile(std::string_view text, const Files& files = {},
                                         const std::string& root = "main.fault", const SeverityPolicy& policy = {}) {
  auto out = std::make_unique<Compiled>();
  const FileId id = out->sources.add(root, std::string(text));
  std::vector<std::string>* reads = &out->reads;
  const ReadFunction read = [files, reads](const std::string& path) -> std::variant<std::string, ReadError> {
    reads->push_back(path);
    const auto it = files.find(path);
    if (it == files.end()) return ReadError{fmt::format("{}: cannot open: No such file or directory", path)};
    return it->second;
  };
  out->c = compile_front(out->sources, id, policy, read);
  return out;
}

// The first diagnostic with `code` is at line:column, its message contains
// `gist` and its help contains `help` (when given).
inline const Diagnostic& expect_at(const Compiled& r, Code code, std::uint32_t line, std::uint32_t column,
                                   std::string_view gist, const char* help = nullptr) {
  INFO("diagnostics:\n" << r.text());
  const auto found = r.all(code);
  REQUIRE(!found.empty());
  const Diagnostic& d = *found.front();
  CHECK(r.at(d.span).line == line);
  CHECK(r.at(d.span).column == column);
  CHECK_THAT(d.message, Catch::Contains(std::string(gist)));
  if (help != nullptr) CHECK_THAT(d.help, Catch::Contains(help));
  CHECK(d.severity == Severity::error);
  return d;
}

inline void expect_none(const Compiled& r, Code code) {
  INFO("diagnostics:\n" << r.text());
  CHECK(r.all(code).empty());
}

inline void expect_clean(const Compiled& r) {
  INFO("diagnostics:\n" << r.text());
  CHECK(r.c.diagnostics.empty());
  CHECK(r.c.ok());
}

constexpr std::uint32_t v4(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

// A set's intervals as a vector, to compare with a literal list.
template <typename T>
std::vector<Interval<T>> intervals(const IntervalSet<T>& set) {
  return {set.intervals().begin(), set.intervals().end()};
}

inline constexpr std::uint64_t kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute;

}  // namespace faultc::test::analyze_tests
