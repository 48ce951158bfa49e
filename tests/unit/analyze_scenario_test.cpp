// The analyze stage on a scenario as a whole: `scenario`, `priority` and
// the life given twice (F016), unknown codes in suppression comments
// (F029), a scenario without a rule (F032), a syntax error that stops the
// pipeline before analysis, and the order the diagnostics come out in.
#include <catch2/catch.hpp>
#include <tuple>

#include "tests/unit/analyze_support.hpp"

using namespace faultc;
using namespace faultc::test::analyze_tests;

// ---------------------------------------------------------------- F016

TEST_CASE("F016: scenario, priority and the life given twice", "[analyze][F016]") {
  const auto r = compile("scenario \"a\"\nfor 1m\nscenario \"b\"\n");
  const Diagnostic& d = expect_at(*r, Code::F016, 3, 1, "`scenario` is given twice", "one name");
  REQUIRE(d.notes.size() == 1);
  CHECK(r->at(*d.notes[0].span).line == 1);
  CHECK(d.notes[0].message == "first given here");
  expect_at(*compile("priority 1\nfor 1m\n  priority 2\n"), Code::F016, 3, 3, "`priority` is given twice");
  const auto life = compile("for 1m\nfrom 10.0.0.1 drop\nfor 2m\n");
  expect_at(*life, Code::F016, 3, 1, "`for` is given twice");
}

TEST_CASE("F016 near miss: one of each, and rules with their own `for`", "[analyze][F016]") {
  expect_clean(*compile("scenario \"a\"\npriority -5\nfor 1h\nfrom 10.0.0.1 drop for 1m\nfrom 10.0.0.2 drop for 2m\n"));
}

// ---------------------------------------------------------------- F029

TEST_CASE("F029: an unknown code in a suppression comment", "[analyze][F029][policy]") {
  const auto r = compile("to port 80 drop for 1m  # faultc: allow W999\n");
  const Diagnostic& d = expect_at(*r, Code::F029, 1, 41, "unknown diagnostic code `W999`", "docs/lint.md");
  CHECK(d.message == "unknown diagnostic code `W999`");
  CHECK_FALSE(r->c.ok());
  // In a list, on a line of its own: each unknown code is reported where it is.
  const auto s = compile("# faultc: allow W104, X1,F99\nto port 80 drop for 1m\n");
  const auto found = s->all(Code::F029);
  REQUIRE(found.size() == 2);
  CHECK(s->at(found[0]->span).column == 23);
  CHECK(s->at(found[1]->span).column == 26);
  CHECK_THAT(found[1]->message, Catch::Contains("`F99`"));
}

TEST_CASE("F029 near misses: known codes, and comments that are not directives", "[analyze][F029][policy]") {
  expect_clean(*compile("tcp to port 80 drop for 1m  # faultc: allow W104, W106\n"));
  expect_clean(*compile("# see W999 and faultc allow W999\ntcp to port 80 drop for 1m\n"));
}

TEST_CASE("F029 cannot itself be silenced, nor can any error", "[analyze][F029][policy]") {
  const auto r = compile("to port 80 drop for 1m  # faultc: allow F029, W999\n");
  expect_at(*r, Code::F029, 1, 47, "`W999`");
  const auto s = compile("from victm drop for 1m  # faultc: allow F010\n");
  expect_at(*s, Code::F010, 1, 6, "unknown host `victm`");
}

// ---------------------------------------------------------------- F032

TEST_CASE("F032: a scenario without a rule", "[analyze][F032]") {
  // Nothing at all, comments only, settings and expect lines only: the
  // scenario would apply an empty table.
  const auto empty = compile("");
  const Diagnostic& d = expect_at(*empty, Code::F032, 1, 1, "this file has no statement", "add a rule");
  CHECK(d.message == "this file has no statement: a scenario needs at least one rule");
  CHECK_FALSE(empty->c.ok());
  expect_at(*compile("# the rules are below\n\n"), Code::F032, 1, 1, "this file has no statement");
  expect_at(*compile("scenario \"x\"\nfor 1m\n"), Code::F032, 1, 1, "this scenario has no rule: it would apply nothing");
  expect_at(*compile("host a = 10.0.0.1\nexpect tcp from a to port 80 is allowed\nfor 1m\n"), Code::F032, 1, 1,
            "this scenario has no rule");
  expect_at(*compile("priority -10\n# from 10.0.0.1 drop for 1m\n"), Code::F032, 1, 1, "this scenario has no rule");
}

TEST_CASE("F032 near misses: one rule, a file of definitions, a broken rule", "[analyze][F032]") {
  expect_clean(*compile("from 10.0.0.1 drop for 1m\n"));
  // Definitions (and includes) only: an include file, checked as one, and
  // its names are not "unused" (W101): they are for the files including it.
  expect_clean(*compile("host a = 10.0.0.1\nport web = { 80, 443 }\n"));
  expect_clean(*compile("include \"common.fault\"\n", {{"common.fault", "host shared = 10.0.0.3\n"}}));
  // A rule that fails analysis is reported for itself, not as "no rule".
  const auto r = compile("from victm drop for 1m\n");
  expect_at(*r, Code::F010, 1, 6, "unknown host `victm`");
  expect_none(*r, Code::F032);
}

TEST_CASE("a syntax error stops the pipeline before analysis", "[analyze]") {
  const auto r = compile("from victm dorp for 1m\n");
  REQUIRE(r->c.diagnostics.size() == 1);
  CHECK(r->c.diagnostics[0].code == Code::F001);
  CHECK_FALSE(r->c.scenario.has_value());
  // Also in an included file: reported there, and nothing else.
  const auto s = compile("include \"bad.fault\"\nfrom nowhere drop for 1m\n", {{"bad.fault", "host = 10.0.0.1\n"}});
  REQUIRE(s->c.diagnostics.size() == 1);
  CHECK(s->c.diagnostics[0].code == Code::F001);
  CHECK(s->file_of(s->c.diagnostics[0].span) == "bad.fault");
}

TEST_CASE("diagnostics come out sorted by file and position", "[analyze]") {
  const auto r = compile("from b drop for 1m\nfrom a drop for 1m\nhost x = 10.0.0.5/24\n");
  const auto& d = r->c.diagnostics;
  REQUIRE(d.size() >= 2);
  for (std::size_t i = 1; i < d.size(); ++i) {
    CHECK(std::tie(d[i - 1].span.file, d[i - 1].span.begin) <= std::tie(d[i].span.file, d[i].span.begin));
  }
}
