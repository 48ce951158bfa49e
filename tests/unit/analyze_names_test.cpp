// The analyze stage's names: an unknown host or port (F010) with the
// closest name as a hint, a name defined twice (F011), within a file or
// across included files, and a name defined in terms of itself (F012); each
// with the scenarios that trigger it and the near misses that must not.
#include <catch2/catch.hpp>

#include "tests/unit/analyze_support.hpp"

using namespace faultc;
using namespace faultc::test::analyze_tests;

// ---------------------------------------------------------------- F010

TEST_CASE("F010: an unknown host, with the closest name as a hint", "[analyze][F010]") {
  const auto r = compile("host victim = 10.0.0.5\nfrom victm to port 1234 drop for 4m\n");
  const Diagnostic& d = expect_at(*r, Code::F010, 2, 6, "unknown host `victm`", "did you mean `victim`?");
  CHECK(d.message == "unknown host `victm`");
  CHECK(d.help == "did you mean `victim`?");
  CHECK(r->all(Code::F010).size() == 1);
  CHECK_FALSE(r->c.ok());
}

TEST_CASE("F010: an unknown port name, with a hint", "[analyze][F010]") {
  const auto r = compile("port https = 443\nto port http drop for 1m\n");
  expect_at(*r, Code::F010, 2, 9, "unknown port `http`", "did you mean `https`?");
}

TEST_CASE("F010: a port name where a host is wanted says so", "[analyze][F010]") {
  const auto r = compile("port web = 80\nfrom web drop for 1m\n");
  expect_at(*r, Code::F010, 2, 6, "unknown host `web`", "`web` is a port name, not a host name");
  const auto s = compile("host web = 10.0.0.1\nto port web drop for 1m\n");
  expect_at(*s, Code::F010, 2, 9, "unknown port `web`", "`web` is a host name, not a port name");
}

TEST_CASE("F010: no close name: the hint says how to define it", "[analyze][F010]") {
  const auto r = compile("host victim = 10.0.0.5\nfrom 10.0.0.1 to zzzzzz drop for 1m\n");
  expect_at(*r, Code::F010, 2, 18, "unknown host `zzzzzz`", "define it with `host zzzzzz = ...`");
}

TEST_CASE("F010: in an expect line and inside another definition", "[analyze][F010]") {
  const auto r = compile("host victim = 10.0.0.5\nfrom victim drop for 1m\nexpect from victin is dropped\n");
  expect_at(*r, Code::F010, 3, 13, "unknown host `victin`", "did you mean `victim`?");
  const auto s = compile("host db = 10.0.0.1\nhost group = { db, bakup }\nfrom group drop for 1m\n");
  expect_at(*s, Code::F010, 2, 20, "unknown host `bakup`", "define it with");
}

TEST_CASE("F010: an unknown name inside an unused definition is still unknown", "[analyze][F010]") {
  // Every definition is resolved, used or not: a typo inside one nothing
  // uses yet (typically in a shared include) is reported, not only W101.
  const auto r = compile("host all-db = { 10.0.0.1, bakup }\nfrom 10.0.0.1 drop for 1m\n");
  INFO("diagnostics:\n" << r->text());
  CHECK(r->has(Code::F010));
}

TEST_CASE("F010 near misses: names defined after their use, and nested in any order", "[analyze][F010]") {
  expect_clean(*compile("tcp from group to port web drop for 1m\nhost group = { db, 10.0.0.9 }\nhost db = 10.0.0.1\n"
                        "port web = { http, 443 }\nport http = 80\n"));
  // A host and a port may share a name: they live in separate namespaces.
  expect_clean(*compile("host web = 10.0.0.1\nport web = 80\ntcp to web port web drop for 1m\n"));
}

// ---------------------------------------------------------------- F011

TEST_CASE("F011: a host defined twice in one file, pointing at the first", "[analyze][F011]") {
  const auto r = compile("host a = 10.0.0.1\nhost a = 10.0.0.2\nfrom a drop for 1m\n");
  const Diagnostic& d = expect_at(*r, Code::F011, 2, 6, "host `a` is defined twice", "another name");
  REQUIRE(d.notes.size() == 1);
  REQUIRE(d.notes[0].span);
  CHECK(r->at(*d.notes[0].span).line == 1);
  CHECK(r->at(*d.notes[0].span).column == 6);
  CHECK(d.notes[0].message == "first defined here");
}

TEST_CASE("F011: a port defined twice", "[analyze][F011]") {
  const auto r = compile("port p = 80\nto port p drop for 1m\nport p = 81\n");
  expect_at(*r, Code::F011, 3, 6, "port `p` is defined twice");
}

TEST_CASE("F011: a host defined in two included files reports both files", "[analyze][F011][include]") {
  const Files files = {{"one.fault", "# shared hosts\nhost db = 10.0.3.10\n"},
                       {"two.fault", "host web = 10.0.0.80\n\nhost db = 10.0.3.11\n"}};
  const auto r = compile("include \"one.fault\"\ninclude \"two.fault\"\nfrom db to web drop for 1m\n", files);
  const Diagnostic& d = expect_at(*r, Code::F011, 3, 6, "host `db` is defined twice");
  CHECK(r->file_of(d.span) == "two.fault");
  REQUIRE(d.notes.size() == 2);
  REQUIRE(d.notes[0].span);
  CHECK(r->file_of(*d.notes[0].span) == "one.fault");
  CHECK(r->at(*d.notes[0].span).line == 2);
  CHECK(r->at(*d.notes[0].span).column == 6);
  // Then where two.fault was included from.
  CHECK_FALSE(d.notes[1].span);
  CHECK(d.notes[1].message == "included from main.fault:2:9");
  CHECK(r->all(Code::F011).size() == 1);
}

TEST_CASE("F011 near miss: the same file included twice defines its names once", "[analyze][F011][include]") {
  const Files files = {{"common.fault", "host db = 10.0.3.10\n"}, {"other.fault", "include \"common.fault\"\n"}};
  const auto r = compile("include \"common.fault\"\ninclude \"other.fault\"\nfrom db drop for 1m\n", files);
  expect_clean(*r);
}

// ---------------------------------------------------------------- F012

TEST_CASE("F012: a host set that contains itself", "[analyze][F012]") {
  const auto r = compile("host a = { 10.0.0.1, a }\nfrom a drop for 1m\n");
  expect_at(*r, Code::F012, 1, 22, "host `a` is defined in terms of itself", "not in a cycle");
  CHECK(r->all(Code::F012).size() == 1);
}

TEST_CASE("F012: a cycle through two hosts, and a port cycle", "[analyze][F012]") {
  const auto r = compile("host a = { b }\nhost b = { a }\nfrom a drop for 1m\n");
  // Resolving `a` enters `b`, whose `a` closes the cycle.
  expect_at(*r, Code::F012, 2, 12, "host `a` is defined in terms of itself");
  const auto s = compile("port p = { 80, q }\nport q = { p, 443 }\nto port p drop for 1m\n");
  expect_at(*s, Code::F012, 2, 12, "port `p` is defined in terms of itself", "port set");
}

TEST_CASE("F012 near miss: a name reached twice by different paths is no cycle", "[analyze][F012]") {
  expect_clean(*compile("host a = { b, c }\nhost b = { c, 10.0.0.2 }\nhost c = 10.0.0.1\nfrom a drop for 1m\n"));
}
