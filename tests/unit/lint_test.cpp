// The lint stage's warnings about what a scenario says: an unused
// definition (W101), a prefix with host bits set (W102), `for ever` (W103),
// an action that can never match (W104) and a probability that is no
// chance (W105); each with scenarios that trigger it (code, line, column,
// the gist of the message) and near misses that must not. W104's property
// test is in lint_unreachable_property_test.cpp.
#include <catch2/catch.hpp>

#include "tests/unit/lint_support.hpp"

using namespace faultc;
using namespace faultc::test::lint_tests;

// ---------------------------------------------------------------- W101

TEST_CASE("W101: unused host and port definitions", "[lint][W101]") {
  const auto r = compile("host victim = 10.0.0.5\nport web = 80\nfrom 10.0.0.1 to port web drop for 1m\n");
  const Diagnostic& d = expect_one(*r, Code::W101, 1, 6, "host `victim` is never used");
  CHECK(d.message == "host `victim` is never used");
  const auto s = compile("host victim = 10.0.0.5\n  port  web = 80\nfrom victim drop for 1m\n");
  expect_one(*s, Code::W101, 2, 9, "port `web` is never used");
}

TEST_CASE("W101: a host used only by an unused host is unused too", "[lint][W101]") {
  const auto r = compile("host a = 10.0.0.1\nhost b = { a }\nfrom 10.0.0.2 drop for 1m\n");
  INFO(r->text());
  REQUIRE(r->all(Code::W101).size() == 2);
}

TEST_CASE("W101 near misses: used in a rule, an expect line, another definition, an include", "[lint][W101]") {
  expect_none("host victim = 10.0.0.5\nfrom victim drop for 1m\n", Code::W101);
  expect_none("host victim = 10.0.0.5\nport p = 80\nfrom 10.0.0.1 drop for 1m\nexpect from victim to port p is dropped\n",
              Code::W101);
  expect_none("host a = 10.0.0.1\nhost b = { a, 10.0.0.2 }\nfrom b drop for 1m\n", Code::W101);
  // Definitions in an included file belong to every scenario that includes
  // it: a scenario need not use them all.
  expect_none("include \"common.fault\"\nfrom shared drop for 1m\n", Code::W101);
}

// ---------------------------------------------------------------- W102

TEST_CASE("W102: a prefix with host bits set", "[lint][W102]") {
  const auto r = compile("from 10.0.0.5/24 drop for 1m\n");
  const Diagnostic& d = expect_one(*r, Code::W102, 1, 6, "`10.0.0.5/24` has host bits set");
  CHECK(d.message == "`10.0.0.5/24` has host bits set; it means the whole network 10.0.0.0/24");
  CHECK(d.help == "did you mean `10.0.0.0/24`? (or drop the prefix for one host)");
  const auto v6 = compile("host net = { 10.0.0.0/8, fd00:a::1/48 }\nto net drop for 1m\n");
  const Diagnostic& e = expect_one(*v6, Code::W102, 1, 26, "`fd00:a::1/48` has host bits set");
  CHECK_THAT(e.message, Catch::EndsWith("the whole network fd00:a::/48"));
  const auto between = compile("between 10.1.2.3/16 and 10.2.0.0/16 drop for 1m\n");
  expect_one(*between, Code::W102, 1, 9, "10.1.0.0/16");
}

TEST_CASE("W102 writes an IPv6 network in RFC 5952 form, as every other message does", "[lint][W102]") {
  // The longest run of zero groups is the one compressed; an IPv4-mapped
  // network keeps its dotted tail (inet_ntop, net/address_text.hpp).
  const auto r = compile("from 2001:db8:0:0:1:0:0:1/96 drop for 1m\n");
  CHECK_THAT(expect_one(*r, Code::W102, 1, 6, "has host bits set").message,
             Catch::EndsWith("the whole network 2001:db8:0:0:1::/96"));
  const auto mapped = compile("from ::ffff:10.0.0.1/120 drop for 1m\n");
  CHECK(expect_one(*mapped, Code::W102, 1, 6, "has host bits set").help ==
        "did you mean `::ffff:10.0.0.0/120`? (or drop the prefix for one host)");
}

TEST_CASE("W102 in an included file is reported there", "[lint][W102]") {
  const auto r = compile("include \"common.fault\"\nfrom shared drop for 1m\n");
  INFO(r->text());
  const auto found = r->all(Code::W102);
  REQUIRE(found.size() == 1);
  CHECK(r->sources.file(found[0]->span.file).name() == "common.fault");
  CHECK(r->at(found[0]->span).line == 2);
  CHECK(r->at(found[0]->span).column == 14);
}

TEST_CASE("W102 near misses: a network address, a bare address, a /32 and a /0", "[lint][W102]") {
  expect_none("from 10.0.0.0/24 drop for 1m\n", Code::W102);
  expect_none("from 10.0.0.5 drop for 1m\n", Code::W102);
  expect_none("from 10.0.0.5/32 drop for 1m\n", Code::W102);
  expect_none("from { 0.0.0.0/0, ::/0, fd00::5/128 } drop for 1m\n", Code::W102);
  expect_none("to port 80 drop for 1m\nexpect from 10.0.0.5 to port 80 is dropped\n", Code::W102);
}

// ---------------------------------------------------------------- W103

TEST_CASE("W103: `for ever`", "[lint][W103]") {
  const auto r = compile("to port 6379 drop established\n  for ever\n");
  const Diagnostic& d = expect_one(*r, Code::W103, 2, 3, "`for ever` turns off the dead-man switch");
  CHECK(d.help == "give the scenario a time limit, e.g. `for 1h`");
}

TEST_CASE("W103 near misses: a written life, a derived life", "[lint][W103]") {
  expect_none("to port 6379 drop established\nfor 1h\n", Code::W103);
  expect_none("to port 6379 drop established for 1h\n", Code::W103);
}

// ---------------------------------------------------------------- W104

TEST_CASE("W104: an action covered by one earlier action, pointing at both", "[lint][W104]") {
  const auto r = compile("to port 80 allow SYN; drop SYN for 1m\n");
  const Diagnostic& d = expect_one(*r, Code::W104, 1, 23, "this `drop` can never match");
  CHECK(d.message == "this `drop` can never match: earlier actions of the rule take every packet it would see");
  CHECK(note_positions(*r, d) == Positions{{1, 12}});
  CHECK(d.notes[0].message == "covered by this `allow`");
}

TEST_CASE("W104: an action covered only by the union of two earlier ones", "[lint][W104]") {
  // Neither allow covers `data` alone: one takes the segments with SYN set,
  // the other those without. Together they take every packet.
  const auto r = compile("tcp to port 80 {\n  allow flags SYN of SYN\n  allow flags NONE of SYN\n  drop data\n} for 1m\n");
  const Diagnostic& d = expect_one(*r, Code::W104, 4, 3, "this `drop` can never match");
  CHECK(note_positions(*r, d) == Positions{{2, 3}, {3, 3}});
  // new and established leave related and invalid packets to a later drop.
  expect_none("to port 80 allow new; allow established; drop SYN for 1m\n", Code::W104);
  const auto s = compile("to port 80 reject new; allow established; log SYN; drop new, established for 1m\n");
  const Diagnostic& e = expect_one(*s, Code::W104, 1, 52, "this `drop` can never match");
  CHECK(note_positions(*s, e) == Positions{{1, 12}, {1, 24}});
}

TEST_CASE("W104: more shapes that can never match", "[lint][W104]") {
  // After a catch-all, anything is dead, even a log.
  const auto log = compile("to port 80 drop; log for 1m\n");
  expect_one(*log, Code::W104, 1, 18, "this `log` can never match");
  expect_one(*compile("to port 80 drop; allow SYN for 1m\n"), Code::W104, 1, 18, "this `allow` can never match");
  expect_one(*compile("to port 80 reject; limit 10/s for 1m\n"), Code::W104, 1, 20, "this `limit` can never match");
  // A random drop after a catch-all is dead too.
  expect_one(*compile("to port 80 reject; drop SYN 30% for 1m\n"), Code::W104, 1, 20, "this `drop` can never match");
  // ECE is ignored unless named: exact SYN takes SYN+ECE too.
  expect_one(*compile("to port 80 allow SYN; drop SYN+ECE for 1m\n"), Code::W104, 1, 23, "can never match");
  // `allow SYN, ACK` covers a later exact SYN; badflags cover NONE.
  expect_one(*compile("to port 80 allow SYN, ACK; drop SYN for 1m\n"), Code::W104, 1, 28, "can never match");
  expect_one(*compile("to port 80 drop badflags; reject NONE for 1m\n"), Code::W104, 1, 27, "can never match");
  // `flags SYN of SYN` (SYN set, the rest anything) covers SYN+ACK.
  expect_one(*compile("to port 80 allow flags SYN of SYN; drop SYN+ACK for 1m\n"), Code::W104, 1, 36,
             "can never match");
  // half-open's drop takes everything, so what follows it is dead.
  expect_one(*compile("to port 1234 half-open; drop FIN for 1m\n"), Code::W104, 1, 25, "can never match");
}

TEST_CASE("W104: each dead action is reported, in a block across lines", "[lint][W104]") {
  const auto r = compile("to port 80 {\n  drop new\n  reject new\n  log new\n  drop\n} for 1m\n");
  INFO(r->text());
  const auto found = r->all(Code::W104);
  REQUIRE(found.size() == 2);
  CHECK(r->at(found[0]->span).line == 3);
  CHECK(r->at(found[1]->span).line == 4);
  CHECK(note_positions(*r, *found[0]) == Positions{{2, 3}});
}

TEST_CASE("W104: notes point only at the actions that actually take the packets", "[lint][W104]") {
  // Not at every earlier action whose patterns overlap: here the second
  // `drop SYN` is itself dead, so only the `allow` is named as covering the
  // third; with `half-open; drop SYN`, the preset's `drop` is not named
  // next to its `allow`, which takes every SYN first.
  const auto r = compile("to port 80 allow SYN; drop SYN; drop SYN for 1m\n");
  INFO(r->text());
  const auto found = r->all(Code::W104);
  REQUIRE(found.size() == 2);
  CHECK(note_positions(*r, *found[1]) == Positions{{1, 12}});
  const auto s = compile("to port 1234 half-open; drop SYN for 1m\n");
  const Diagnostic& d = expect_one(*s, Code::W104, 1, 25, "can never match");
  CHECK(d.notes.size() == 1);
}

TEST_CASE("W104 near misses", "[lint][W104]") {
  expect_none("to port 80 allow SYN; drop ACK for 1m\n", Code::W104);
  expect_none("to port 80 allow SYN; drop flags SYN of SYN for 1m\n", Code::W104);
  expect_none("to port 80 allow SYN; allow ACK; drop flags SYN of SYN for 1m\n", Code::W104);
  // A random drop and a rate limit let packets through: they cover nothing.
  expect_none("to port 80 drop 30%; drop SYN for 1m\n", Code::W104);
  expect_none("to port 80 limit 10/s; drop for 1m\n", Code::W104);
  // A log decides nothing.
  expect_none("inbound tcp { log \"BADFLAGS: \" badflags; drop badflags } for 10m\n", Code::W104);
  // The incident, and its preset.
  expect_none("from 10.0.0.5 to port 1234 allow SYN, ACK; drop rest for 4m\n", Code::W104);
  expect_none("from 10.0.0.5 to port 1234 half-open for 4m\n", Code::W104);
  // A narrower action first, a wider one after: the usual order.
  expect_none("to port 80 drop SYN; drop for 1m\n", Code::W104);
  // ECE is ignored unless named: `SYN+ECE` does not take a plain SYN.
  expect_none("to port 80 allow SYN+ECE; drop SYN for 1m\n", Code::W104);
  // Actions in different rules never shadow each other.
  expect_none("to port 80 drop for 1m\nto port 80 drop SYN for 1m\n", Code::W104);
}

// ---------------------------------------------------------------- W105

TEST_CASE("W105: drop 0% and drop 100%", "[lint][W105]") {
  const auto zero = compile("to port 80 drop 0% for 1m\n");
  const Diagnostic& d = expect_one(*zero, Code::W105, 1, 17, "`drop 0%` never drops anything");
  CHECK(zero->at(Span{d.span.file, d.span.end, d.span.end}).column == 19);
  const auto full = compile("to port 80 { allow SYN\n  drop rest 100.0%\n} for 1m\n");
  const Diagnostic& e = expect_one(*full, Code::W105, 2, 13, "`drop 100%` is the same as `drop`");
  CHECK(e.help == "write `drop` without a percentage");
}

TEST_CASE("W105 near misses: any probability strictly between", "[lint][W105]") {
  expect_none("to port 80 drop 30% for 1m\n", Code::W105);
  expect_none("to port 80 drop 0.0001% for 1m\n", Code::W105);
  expect_none("to port 80 drop 99.9999% for 1m\n", Code::W105);
  expect_none("to port 80 drop for 1m\n", Code::W105);
}
