// The analyze stage's checks of time: a rule without a time limit in a
// scenario without a life (F020), a window that does not fit in the
// scenario's life (F021), `every` without a shorter `for` (F022), and
// `for 0s` (F033). The windows the IR then gives are in analyze_ir_test.cpp.
#include <catch2/catch.hpp>

#include "tests/unit/analyze_support.hpp"

using namespace faultc;
using namespace faultc::test::analyze_tests;

// ---------------------------------------------------------------- F020

TEST_CASE("F020: a rule without a time limit in a scenario without a life", "[analyze][F020]") {
  const auto r = compile("host a = 10.0.0.1\nfrom a drop for 1m\n  from a to port 80 reject\n");
  expect_at(*r, Code::F020, 3, 3, "this rule has no time limit and the scenario has no total life", "dead-man");
  CHECK_FALSE(r->c.ok());
}

TEST_CASE("F020: a repeating rule without the scenario's life", "[analyze][F020]") {
  const auto r = compile("from 10.0.9.0/24 drop for 10s every 1m\n");
  expect_at(*r, Code::F020, 1, 37, "a repeating rule needs the scenario's total life");
}

TEST_CASE("F020 near misses: a `for` on every rule, a life line, `for ever`, no rules", "[analyze][F020]") {
  expect_clean(*compile("from 10.0.0.1 drop for 1m\nfrom 10.0.0.2 drop after 1m for 1m\n"));
  expect_clean(*compile("from 10.0.0.1 drop\nfor 1h\n"));
  expect_none(*compile("from 10.0.0.1 drop\nfor ever\n"), Code::F020);
  expect_clean(*compile("# definitions only\nhost a = 10.0.0.1\n"));
}

// ---------------------------------------------------------------- F021

TEST_CASE("F021: a window that ends after the scenario", "[analyze][F021]") {
  const auto r = compile("from 10.0.0.1 drop after 59m for 2m\nfor 1h\n");
  const Diagnostic& d = expect_at(*r, Code::F021, 1, 34, "this window ends at 1h1m but the scenario ends at 1h",
                                  "inside the scenario's life");
  CHECK(d.message == "this window ends at 1h1m but the scenario ends at 1h");
}

TEST_CASE("F021: a rule that starts when the scenario has ended", "[analyze][F021]") {
  expect_at(*compile("from 10.0.0.1 drop after 2h for 1m\nfor 1h\n"), Code::F021, 1, 26,
            "when the scenario has already ended", "shorten `after`");
  expect_at(*compile("for 1h\nfrom 10.0.0.1 drop after 1h\n"), Code::F021, 2, 26, "when the scenario has already ended");
}

TEST_CASE("F021: a repeating rule whose first window does not fit", "[analyze][F021]") {
  // `every` rules are checked too: otherwise windows() would yield no
  // window at all and the rule would silently never run.
  const auto r = compile("from 10.0.0.1 drop after 50m for 20m every 30m\nfor 1h\n");
  INFO("diagnostics:\n" << r->text());
  CHECK(r->has(Code::F021));
  const auto s = compile("from 10.0.0.1 drop for 10s every 1m\nfor 5s\n");
  INFO("diagnostics:\n" << s->text());
  CHECK(s->has(Code::F021));
}

TEST_CASE("F021 near misses: a window ending exactly at the end, repeating windows", "[analyze][F021]") {
  expect_clean(*compile("from 10.0.0.1 drop after 59m for 1m\nfor 1h\n"));
  expect_clean(*compile("from 10.0.0.1 drop after 30m\nfor 1h\n"));
  expect_clean(*compile("from 10.0.0.1 drop for 10s every 1m\nfor 1h5s\n"));
}

// ---------------------------------------------------------------- F022

TEST_CASE("F022: `every` without `for`, and a window as long as its period", "[analyze][F022]") {
  expect_at(*compile("from 10.0.0.1 drop every 1m\nfor 1h\n"), Code::F022, 1, 26,
            "`every` repeats a window, but this rule has no `for`", "for 10s every 1m");
  expect_at(*compile("from 10.0.0.1 drop for 1m every 1m\nfor 1h\n"), Code::F022, 1, 33,
            "each window lasts 1m, as long as or longer than its period of 1m", "shorter than the period");
  expect_at(*compile("from 10.0.0.1 drop every 30s for 1m\nfor 1h\n"), Code::F022, 1, 26, "longer than its period");
}

TEST_CASE("F022 near miss: a window shorter than its period", "[analyze][F022]") {
  expect_clean(*compile("from 10.0.0.1 drop every 1m for 59s999ms\nfor 1h\n"));
}

// ---------------------------------------------------------------- F033

TEST_CASE("F033: `for 0s`, for the scenario or for a rule", "[analyze][F033]") {
  const auto r = compile("from 10.0.0.1 drop\nfor 0s\n");
  const Diagnostic& d = expect_at(*r, Code::F033, 2, 5, "`for 0s` ends the scenario as it starts", "positive life");
  CHECK(d.message == "`for 0s` ends the scenario as it starts: nothing would be applied");
  // Said once: not again as "the rule starts when the scenario has ended".
  expect_none(*r, Code::F021);
  expect_at(*compile("from 10.0.0.1 drop for 0s\n"), Code::F033, 1, 24, "`for 0s` leaves this rule no time",
            "positive duration");
  expect_at(*compile("from 10.0.0.1 drop for 0ms\nfor 1m\n"), Code::F033, 1, 24, "`for 0ms` leaves this rule no time");
  expect_at(*compile("from 10.0.0.1 drop after 10s for 0s\nfor 1m\n"), Code::F033, 1, 34, "never be active");
  expect_at(*compile("from 10.0.0.1 drop for 0s every 1m\nfor 1h\n"), Code::F033, 1, 24, "never be active");
}

TEST_CASE("F033 near misses: the shortest durations, `after 0s`", "[analyze][F033]") {
  expect_clean(*compile("from 10.0.0.1 drop for 1ms\n"));
  expect_clean(*compile("from 10.0.0.1 drop after 0s for 1s\n"));
  expect_clean(*compile("from 10.0.0.1 drop\nfor 1ms\n"));
}
