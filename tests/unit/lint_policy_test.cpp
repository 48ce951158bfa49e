// The severity policy on warnings: -W CODE=LEVEL overrides, what they
// refuse, and `# faultc: allow CODE` comments, which beat an override.
#include <catch2/catch.hpp>

#include "tests/unit/lint_support.hpp"

using namespace faultc;
using namespace faultc::test::lint_tests;

// ---------------------------------------------------------------- the severity policy

TEST_CASE("severity override: -W CODE=LEVEL re-grades a warning", "[lint][policy]") {
  const std::string text = "to port 80 allow SYN; drop SYN for 1m\ntcp to port 80 drop 0% for 1m\n";
  SeverityPolicy policy;
  REQUIRE_FALSE(add_override(policy, "W104=error"));
  REQUIRE_FALSE(add_override(policy, "W105=off"));
  const auto r = compile(text, policy);
  INFO(r->text());
  REQUIRE(r->c.diagnostics.size() == 1);
  CHECK(r->c.diagnostics[0].code == Code::W104);
  CHECK(r->c.diagnostics[0].severity == Severity::error);
  CHECK_FALSE(r->c.ok());

  SeverityPolicy notes;
  REQUIRE_FALSE(add_override(notes, "W104=note"));
  REQUIRE_FALSE(add_override(notes, "W105=warning"));
  const auto s = compile(text, notes);
  REQUIRE(s->c.diagnostics.size() == 2);
  CHECK(s->c.diagnostics[0].severity == Severity::note);
  CHECK(s->c.diagnostics[1].severity == Severity::warning);
  CHECK(s->c.ok());
}

TEST_CASE("severity override: -W refuses unknown codes, errors, and malformed arguments", "[lint][policy]") {
  SeverityPolicy policy;
  const auto unknown = add_override(policy, "W999=off");
  REQUIRE(unknown);
  CHECK_THAT(*unknown, Catch::Contains("unknown diagnostic code `W999`"));
  const auto error = add_override(policy, "F001=off");
  REQUIRE(error);
  CHECK_THAT(*error, Catch::Contains("`F001` is an error"));
  CHECK(add_override(policy, "F010=warning"));
  CHECK(add_override(policy, "W104"));
  CHECK(add_override(policy, "W104=loud"));
  CHECK(add_override(policy, "=off"));
  CHECK(add_override(policy, "w104=off"));
  CHECK(policy.overrides.empty());
}

TEST_CASE("`# faultc: allow CODE` silences its own line, or the next one when alone", "[lint][policy]") {
  // On the same line.
  expect_none("to port 80 allow SYN; drop SYN for 1m  # faultc: allow W104\n", Code::W104);
  // Alone on the line before (indented, in a block too).
  expect_none("# faultc: allow W104\nto port 80 allow SYN; drop SYN for 1m\n", Code::W104);
  expect_none("to port 80 {\n  allow SYN\n  # faultc: allow W104\n  drop SYN\n} for 1m\n", Code::W104);
  // Several codes in one comment.
  const auto r = compile("to port 22 { allow SYN; drop SYN; drop 0% } for 1m  #faultc:allow W104,W105 , W106\n");
  INFO(r->text());
  CHECK(r->c.diagnostics.empty());
}

TEST_CASE("`# faultc: allow` near misses: other codes, other lines", "[lint][policy]") {
  // Another code on the line does not silence W104.
  const auto other = compile("to port 80 allow SYN; drop SYN for 1m  # faultc: allow W105\n");
  expect_one(*other, Code::W104, 1, 23, "can never match");
  // A comment after a statement speaks of its own line, not the next.
  const auto trailing = compile("for 1m  # faultc: allow W104\nto port 80 allow SYN; drop SYN\n");
  expect_one(*trailing, Code::W104, 2, 23, "can never match");
  // A comment alone speaks of the next line only.
  const auto gap = compile("# faultc: allow W104\n\nto port 80 allow SYN; drop SYN for 1m\n");
  expect_one(*gap, Code::W104, 3, 23, "can never match");
  // The warning's line is where the dead action starts, not the rule.
  const auto block = compile("to port 80 {  # faultc: allow W104\n  allow SYN\n  drop SYN\n} for 1m\n");
  expect_one(*block, Code::W104, 3, 3, "can never match");
  // Not a directive: the code is still reported.
  const auto prose = compile("to port 80 allow SYN; drop SYN for 1m  # W104 is fine here\n");
  expect_one(*prose, Code::W104, 1, 23, "can never match");
}

TEST_CASE("an inline silence beats a -W override", "[lint][policy]") {
  SeverityPolicy policy;
  REQUIRE_FALSE(add_override(policy, "W104=error"));
  const auto r = compile("to port 80 allow SYN; drop SYN for 1m  # faultc: allow W104\n", policy);
  INFO(r->text());
  CHECK(r->c.diagnostics.empty());
  CHECK(r->c.ok());
}
