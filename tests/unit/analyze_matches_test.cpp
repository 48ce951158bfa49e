// The analyze stage's checks of what a rule or an expect line matches:
// flags outside their mask (F023), ports and TCP patterns without the
// protocol that has them (F024), `between` with `from` or `to` and
// addresses of different families (F025), `between` beside a negated set
// iptables cannot say (F031), `rest` beside other patterns (F026), an
// interface name too long (F027), and an expect packet that is not one
// packet (F028).
#include <catch2/catch.hpp>

#include "tests/unit/analyze_support.hpp"

using namespace faultc;
using namespace faultc::test::analyze_tests;

// ---------------------------------------------------------------- F023

TEST_CASE("F023: flags outside their mask", "[analyze][F023]") {
  const auto r = compile("to port 80 drop flags SYN,ACK of SYN for 1m\n");
  const Diagnostic& d = expect_at(*r, Code::F023, 1, 17, "flags SYN,ACK are not all in the mask SYN",
                                  "did you mean `flags SYN,ACK of SYN,ACK`?");
  CHECK(r->at(Span{d.span.file, d.span.end, d.span.end}).column == 37);
}

TEST_CASE("F023 near misses: a subset of the mask, and NONE", "[analyze][F023]") {
  expect_clean(*compile("to port 80 drop flags SYN of SYN,ACK for 1m\n"));
  expect_clean(*compile("to port 80 drop flags NONE of ALL for 1m\n"));
  expect_clean(*compile("to port 80 drop flags SYN,ACK of SYN,ACK,FIN for 1m\n"));
}

// ---------------------------------------------------------------- F024

TEST_CASE("F024: ports on an ICMP rule", "[analyze][F024]") {
  expect_at(*compile("icmp to port 80 drop for 1m\n"), Code::F024, 1, 1, "ICMP has no ports", "port clause");
  expect_at(*compile("outbound icmp from 10.0.0.1 port 7 drop for 1m\n"), Code::F024, 1, 10, "ICMP has no ports");
}

TEST_CASE("F024: TCP patterns on a UDP or ICMP rule", "[analyze][F024]") {
  expect_at(*compile("udp drop SYN for 1m\n"), Code::F024, 1, 10, "TCP patterns need a TCP rule", "write `tcp`");
  expect_at(*compile("udp to port 53 { allow new; drop data } for 1m\n"), Code::F024, 1, 34,
            "TCP patterns need a TCP rule");
  expect_at(*compile("icmp log badflags for 1m\n"), Code::F024, 1, 10, "TCP patterns need a TCP rule");
}

TEST_CASE("F024: ICMP messages on a TCP or UDP rule, once per action", "[analyze][F024][icmp]") {
  expect_at(*compile("udp drop echo-request for 1m\n"), Code::F024, 1, 10, "ICMP messages need an ICMP rule",
            "write `icmp`");
  expect_at(*compile("to port 80 drop frag-needed for 1m\n"), Code::F024, 1, 17, "ICMP messages need an ICMP rule");
  // Flags make the rule TCP first; a name of both families is one error.
  const auto r = compile("drop SYN, port-unreachable for 1m\n");
  CHECK(r->all(Code::F024).size() == 1);
}

TEST_CASE("F037: a message the rule's families lack, a code its name fixes", "[analyze][F037][icmp]") {
  expect_at(*compile("icmp from 10.0.0.0/8 drop packet-too-big for 1m\n"), Code::F037, 1, 27,
            "`packet-too-big` is IPv6 (ICMPv6) only, and this rule's addresses are all IPv4", "`frag-needed`");
  expect_at(*compile("icmp to fd00::1 drop neighbour-solicitation, frag-needed for 1m\n"), Code::F037, 1, 46,
            "`frag-needed` is IPv4 (ICMP) only");
  expect_at(*compile("icmp drop port-unreachable code 4 for 1m\n"), Code::F037, 1, 11,
            "`port-unreachable` already names its code", "destination-unreachable code 4");
}

TEST_CASE("F024 and F037 near misses: names make a rule ICMP, each family its own", "[analyze][icmp]") {
  const auto r = compile("drop frag-needed, packet-too-big for 1m\n");
  expect_clean(*r);
  const ir::Rule& rule = r->c.scenario->rules.at(0);
  CHECK(rule.selector.protocols.only(ir::Protocol::icmp));
  REQUIRE(rule.actions.at(0).patterns.size() == 2);
  CHECK(rule.actions[0].patterns[0].icmp == ir::IcmpTest{ir::Family::ipv4, 3, 4});
  CHECK(rule.actions[0].patterns[1].icmp == ir::IcmpTest{ir::Family::ipv6, 2, std::nullopt});
  // A name of both families in a rule of one is that family's pattern only.
  const auto v6 = compile("icmp from fd00::/8 drop echo-request for 1m\n");
  expect_clean(*v6);
  CHECK(v6->c.scenario->rules.at(0).actions.at(0).patterns.size() == 1);
  expect_clean(*compile("icmp drop destination-unreachable code 4 for 1m\n"));
  // A length is for every protocol.
  expect_clean(*compile("udp to port 53 drop length > 512 for 1m\n"));
  expect_clean(*compile("from 10.0.0.1 drop length 1-100 for 1m\n"));
}

TEST_CASE("F024: `reject with tcp-reset` without TCP", "[analyze][F024]") {
  expect_at(*compile("udp reject with tcp-reset for 1m\n"), Code::F024, 1, 5,
            "`reject with tcp-reset` needs a TCP rule", "ICMP kind");
  // No protocol and no port: the rule matches every protocol.
  expect_at(*compile("from 10.0.0.1 reject with tcp-reset for 1m\n"), Code::F024, 1, 15, "needs a TCP rule");
}

TEST_CASE("F024 near misses: implied TCP, states on UDP", "[analyze][F024]") {
  expect_clean(*compile("to port 80 reject with tcp-reset for 1m\n"));
  expect_clean(*compile("from 10.0.0.1 drop SYN for 1m\n"));
  expect_clean(*compile("from 10.0.0.1 reject SYN with tcp-reset for 1m\n"));
  expect_clean(*compile("udp to port 53 drop new for 1m\n"));
  expect_clean(*compile("icmp from 10.0.0.1 drop established for 1m\n"));
  expect_clean(*compile("udp to port 53 reject with icmp-port-unreachable for 1m\n"));
}

// ---------------------------------------------------------------- F025

TEST_CASE("F025: `between` with `from` or `to` addresses", "[analyze][F025]") {
  expect_at(*compile("between 10.0.0.1 and 10.0.0.2 to 10.0.0.3 drop for 1m\n"), Code::F025, 1, 1,
            "`between` cannot be combined with `from` or `to` addresses", "`from A to B`");
  expect_at(*compile("from 10.0.0.3 between 10.0.0.1 and 10.0.0.2 drop for 1m\n"), Code::F025, 1, 15,
            "cannot be combined");
}

TEST_CASE("F025: addresses of different families", "[analyze][F025]") {
  expect_at(*compile("host v6 = fd00::1\nfrom 10.0.0.1 to v6 drop for 1m\n"), Code::F025, 2, 1,
            "this selector can never match: its addresses are of different families", "share a family");
  expect_at(*compile("forwarded between 10.0.0.1 and fd00::1 drop for 1m\n"), Code::F025, 1, 1, "different families");
}

TEST_CASE("F025 near misses: ports with between, negation, mixed sets", "[analyze][F025]") {
  expect_clean(*compile("tcp between 10.0.0.1 and 10.0.0.2 to port 80 drop for 1m\n"));
  expect_clean(*compile("tcp from not 10.0.0.1 to fd00::1 port 80 drop for 1m\n"));
  expect_clean(*compile("from { 10.0.0.1, fd00::2 } to fd00::1 drop for 1m\n"));
}

TEST_CASE("F025: a `not` covering every address of both families", "[analyze][F025]") {
  expect_at(*compile("from not { 0.0.0.0/0, ::/0 } drop for 1m\n"), Code::F025, 1, 1, "its `not` covers every address",
            "0.0.0.0/0 or ::/0");
}

TEST_CASE("F031: `between` with a negated set of several prefixes in a family", "[analyze][F031]") {
  // iptables cannot say `! -s a,b`; RETURN guards serve one jump per family.
  expect_at(*compile("between 10.0.0.5 and not { 203.0.113.7, 100.64.0.1 } drop 50% for 1m  # faultc: allow W106\n"),
            Code::F031, 1, 22, "(2 IPv4 prefixes here) in a `between` or `with` rule", "one rule per direction");
}

TEST_CASE("F031 near misses: one prefix per family, or one direction", "[analyze][F031]") {
  expect_clean(*compile("between 10.0.0.5 and not { 10.0.1.0/24, 10.0.0.0/24 } drop for 1m  # faultc: allow W106\n"));
  expect_clean(*compile("between 10.0.0.5 and not { 10.0.1.0/24, fd00::1 } drop for 1m  # faultc: allow W106\n"));
  expect_clean(*compile("from 10.0.0.5 to not { 203.0.113.7, 100.64.0.1 } drop for 1m\n"));
}

// ---------------------------------------------------------------- F026

TEST_CASE("F026: `rest` listed with other patterns", "[analyze][F026]") {
  expect_at(*compile("to port 80 drop rest, SYN for 1m\n"), Code::F026, 1, 17, "`rest` already means every packet",
            "either `rest` or the patterns");
  expect_at(*compile("to port 80 { allow SYN\n  log new, rest\n} for 1m\n"), Code::F026, 2, 12, "`rest`");
}

TEST_CASE("F026 near miss: `rest` alone", "[analyze][F026]") {
  expect_clean(*compile("to port 80 allow SYN; drop rest for 1m\n"));
}

// ---------------------------------------------------------------- F027

TEST_CASE("F027: an interface name longer than 15 characters", "[analyze][F027]") {
  expect_at(*compile("to port 80 on abcdefghijklmnop drop for 1m\n"), Code::F027, 1, 15,
            "interface name `abcdefghijklmnop` is longer than 15 characters", "at most 15");
}

TEST_CASE("F027 near miss: exactly 15 characters", "[analyze][F027]") {
  expect_clean(*compile("tcp to port 80 on abcdefghijklmno drop for 1m\n"));
}

// ---------------------------------------------------------------- F028

TEST_CASE("F028: an expect packet needs one address and one port", "[analyze][F028]") {
  expect_at(*compile("host db = { 10.0.0.1, 10.0.0.2 }\nfrom db drop for 1m\nexpect from db is dropped\n"),
            Code::F028, 3, 13, "an expect packet needs exactly one address here", "several addresses");
  expect_at(*compile("host net = 10.0.0.0/24\nfrom net drop for 1m\nexpect from net is dropped\n"), Code::F028, 3, 13,
            "exactly one address");
  expect_at(*compile("port p = { 80, 81 }\nto port p drop for 1m\nexpect to port p is dropped\n"), Code::F028, 3, 16,
            "an expect packet needs exactly one port here", "several ports");
  expect_at(*compile("to port 80 drop for 1m\nexpect from 10.0.0.1 to fd00::1 port 80 is dropped\n"), Code::F028, 2, 8,
            "an expect packet's addresses must be of one family");
}

TEST_CASE("F028 near misses: a one-element set, a one-port range", "[analyze][F028]") {
  expect_clean(*compile("host db = { 10.0.0.1 }\nport p = 80-80\ntcp from db to port p drop for 1m\n"
                        "expect from db to port p is dropped\nexpect from 10.0.0.1/32 to port 80 is dropped\n"));
}
