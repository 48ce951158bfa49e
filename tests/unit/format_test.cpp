// The formatter as a specification: exact canonical output for inputs in
// every layout the grammar allows (format_cases.hpp), the examples and
// docs/style.md already canonical, syntax errors left alone; and the
// unified diff `faultc fmt --diff` prints. The properties over a corpus are
// in format_properties_test.cpp.
#include <catch2/catch.hpp>
#include <string>

#include "compiler/format/text_diff.hpp"
#include "tests/unit/format_cases.hpp"
#include "tests/unit/format_support.hpp"

using namespace faultc;
using namespace faultc::test::format_tests;

// ------------------------------------------------------------------ exact outputs

TEST_CASE("format: exact canonical output", "[format]") {
  for (const auto& c : cases()) {
    SECTION(c.name) {
      INFO("input:\n" << c.input);
      CHECK(fmt_ok(c.input) == c.expected);
    }
  }
}

TEST_CASE("format: the expected outputs are themselves canonical", "[format]") {
  for (const auto& c : cases()) {
    INFO(c.name);
    CHECK(fmt_ok(c.expected) == c.expected);
  }
}

TEST_CASE("format: a file with syntax errors is not formatted", "[format]") {
  for (const std::string text : {"from victim dorp for 4m\n", "host a = {\n10.0.0.1,\n", "to port 70000 drop for 1m\n",
                                 "drop for 30m1h\n", "tcp { drop;; } for 1m\n"}) {
    INFO(text);
    const Formatted f = format_text(text);
    CHECK_FALSE(f.ok);
    CHECK_THAT(f.diagnostics, Catch::Contains("error["));
  }
}

TEST_CASE("format: every example is already canonical", "[format]") {
  for (const auto& [name, text] : examples()) {
    INFO(name << "\n" << unified_diff(text, fmt_ok(text), name, name));
    CHECK(fmt_ok(text) == text);
  }
}

TEST_CASE("format: every before/after pair of docs/style.md", "[format]") {
  const auto pairs = style_examples();
  CHECK(pairs.size() >= 25);
  for (const auto& [before, after] : pairs) {
    INFO("before:\n" << before);
    CHECK(fmt_ok(before) == after);
    CHECK(fmt_ok(after) == after);
  }
}

// ------------------------------------------------------------------ unified diff

TEST_CASE("unified diff", "[format][diff]") {
  SECTION("equal texts give nothing") { CHECK(unified_diff("a\nb\n", "a\nb\n", "x", "x").empty()); }
  SECTION("one changed line with context") {
    CHECK(unified_diff("1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\nfive\n6\n7\n8\n", "f", "f") ==
          "--- f\n+++ f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
  }
  SECTION("distant changes make two hunks") {
    CHECK(unified_diff("a\n1\n2\n3\n4\n5\n6\n7\nb\n", "A\n1\n2\n3\n4\n5\n6\n7\nB\n", "f", "g") ==
          "--- f\n+++ g\n@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n@@ -6,4 +6,4 @@\n 5\n 6\n 7\n-b\n+B\n");
  }
  SECTION("near changes share a hunk") {
    CHECK(unified_diff("a\n1\n2\nb\n", "A\n1\n2\nB\n", "f", "f") == "--- f\n+++ f\n@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n-b\n+B\n");
  }
  SECTION("insertion and deletion") {
    CHECK(unified_diff("a\nb\nc\n", "a\nc\nd\n", "f", "f") == "--- f\n+++ f\n@@ -1,3 +1,3 @@\n a\n-b\n c\n+d\n");
  }
  SECTION("a missing final newline") {
    CHECK(unified_diff("a\nb", "a\nb\n", "f", "f") ==
          "--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
  }
  SECTION("from and to an empty text") {
    CHECK(unified_diff("", "a\n", "f", "f") == "--- f\n+++ f\n@@ -0,0 +1 @@\n+a\n");
    CHECK(unified_diff("a\nb\n", "", "f", "f") == "--- f\n+++ f\n@@ -1,2 +0,0 @@\n-a\n-b\n");
  }
  SECTION("CRLF lines differ from LF lines") {
    CHECK(unified_diff("a\r\n", "a\n", "f", "f") == "--- f\n+++ f\n@@ -1 +1 @@\n-a\r\n+a\n");
  }
}
