// The lint stage's warnings about rules that may cut the machine off: one
// that may cut the operator's SSH session (W106), and a `not` set that also
// covers loopback traffic and IPv6 neighbour discovery (W108); with the
// scenarios that trigger them and the near misses that must not.
#include <catch2/catch.hpp>

#include "tests/unit/lint_support.hpp"

using namespace faultc;
using namespace faultc::test::lint_tests;

// ---------------------------------------------------------------- W106

TEST_CASE("W106: rules that may cut the operator's SSH session", "[lint][W106]") {
  // Keep the compilation alive: the diagnostic is a reference into it.
  const auto compiled = compile("inbound tcp drop for 1m\n");
  const Diagnostic& d = expect_one(*compiled, Code::W106, 1, 13,
                                   "this `drop` applies to inbound TCP to port 22 from any source");
  CHECK_THAT(d.help, Catch::Contains("# faultc: allow W106"));
  CHECK_THAT(d.help, Catch::Contains("`from ADDR`"));
  CHECK_THAT(d.help, Catch::Contains("`to port P`"));
  expect_one(*compile("drop for 1m\n"), Code::W106, 1, 1, "this `drop`");
  expect_one(*compile("to port 22 reject for 1m\n"), Code::W106, 1, 12, "this `reject`");
  expect_one(*compile("to port 1-1024 drop ACK for 1m\n"), Code::W106, 1, 16, "it may cut your own SSH session");
  expect_one(*compile("tcp to port 22 drop established for 1m\n"), Code::W106, 1, 16, "this `drop`");
  // Random loss and a rate limit still cut: a session at 30% loss, or over
  // the rate, is not usable.
  expect_one(*compile("to port 22 drop 30% for 1m\n"), Code::W106, 1, 12, "this `drop`");
  expect_one(*compile("to port 22 limit 10/s for 1m\n"), Code::W106, 1, 12, "this `limit`");
  // The first action that may lose a session packet is the one reported.
  expect_one(*compile("to port 22 { allow SYN; log; drop data; drop } for 1m\n"), Code::W106, 1, 30, "this `drop`");
  // Bulk output: data segments that carry ACK alone.
  expect_one(*compile("to port 22 { allow PSH+ACK; drop ACK } for 1m\n"), Code::W106, 1, 29, "this `drop`");
}

TEST_CASE("W106: the session's other half, and the ways a wide rule hides", "[lint][W106]") {
  // Outbound: the session's replies leave from port 22.
  expect_one(*compile("outbound drop for 1m\n"), Code::W106, 1, 10,
             "this `drop` applies to outbound TCP from port 22 to any destination");
  const auto out = compile("outbound tcp from 0.0.0.0/0 port 22 drop for 1m\n");
  const Diagnostic& o = expect_one(*out, Code::W106, 1, 37, "outbound TCP from port 22 to any destination");
  CHECK_THAT(o.help, Catch::Contains("take 22 out of its `from` ports"));
  CHECK_THAT(o.help, Catch::Contains("`to ADDR`"));
  expect_one(*compile("outbound to 0.0.0.0/0 drop for 1m\n"), Code::W106, 1, 23, "to 0.0.0.0/0");
  // A remote end that covers every address, or a /8, is not a narrowing.
  const auto all4 = compile("from 0.0.0.0/0 drop for 1m\n");
  const Diagnostic& w = expect_one(*all4, Code::W106, 1, 16, "inbound TCP to port 22 from 0.0.0.0/0");
  CHECK_THAT(w.help, Catch::Contains("name narrower addresses in `from`"));
  expect_one(*compile("from { 0.0.0.0/0, ::/0 } drop for 1m\n"), Code::W106, 1, 26, "from 0.0.0.0/0 or ::/0");
  expect_one(*compile("from 10.0.0.0/8 drop for 1m\n"), Code::W106, 1, 17, "from 10.0.0.0/8");
  expect_one(*compile("from { 0.0.0.0/1, 128.0.0.0/1 } drop for 1m\n"), Code::W106, 1, 33, "from 0.0.0.0/0");
  expect_one(*compile("from 2001:db8::/32 drop for 1m\n"), Code::W106, 1, 20, "from 2001:db8::/32");
  // An interface does not narrow: it may carry the session.
  expect_one(*compile("inbound tcp on eth0 drop for 1m\n"), Code::W106, 1, 21, "from any source");
  // The host's own end never narrows: the session ends at one of its addresses.
  expect_one(*compile("to 10.0.0.1 port 22 drop for 1m\n"), Code::W106, 1, 21, "from any source");
  // A client port range that holds unprivileged ports may hold the session's.
  expect_one(*compile("from 10.0.0.0/8 port 40000-50000 to port 22 drop for 1m\n"), Code::W106, 1, 45,
             "from 10.0.0.0/8");
  // `between` with one wide side.
  expect_one(*compile("between 0.0.0.0/0 and 10.0.0.1 drop for 1m\n"), Code::W106, 1, 32, "0.0.0.0/0");
}

TEST_CASE("W106: `not` names the operator's way in, and the help says so", "[lint][W106]") {
  const auto r = compile("host mgmt = 10.0.9.0/24\nfrom not mgmt drop for 1m\n");
  INFO(r->text());
  const auto found = r->all(Code::W106);
  REQUIRE(found.size() == 1);
  CHECK_THAT(found[0]->message, Catch::Contains("from anywhere but 10.0.9.0/24"));
  // The rule has `from ADDR` already: the help must not ask for it.
  CHECK_THAT(found[0]->help, !Catch::Contains("`from ADDR`"));
  CHECK_THAT(found[0]->help, Catch::Contains("set after `not`"));
  expect_one(*compile("from not 10.0.0.1 drop for 1m\n"), Code::W106, 1, 19, "from anywhere but 10.0.0.1");
}

// `with` and `between` without a direction take this host's traffic both
// ways: their inbound half reaches port 22 like an inbound rule.
TEST_CASE("W106: the inbound half of `with` and `between` on this host", "[lint][W106]") {
  expect_one(*compile("tcp, udp with not 10.0.9.5 drop for 1m  # faultc: allow W108\n"), Code::W106, 1, 28,
             "applies to inbound TCP to port 22 from anywhere but 10.0.9.5");
  const auto between = compile("between 10.0.0.1 and 0.0.0.0/0 reject for 1m\n");
  const Diagnostic& b = expect_one(*between, Code::W106, 1, 32,
                                   "this `reject` applies to inbound TCP to port 22 from 0.0.0.0/0");
  CHECK_THAT(b.help, Catch::Contains("name narrower addresses in `between`"));
  const auto with = compile("with 0.0.0.0/0 drop for 1m\n");
  const Diagnostic& w = expect_one(*with, Code::W106, 1, 16, "from 0.0.0.0/0");
  CHECK_THAT(w.help, Catch::Contains("name narrower addresses in `with`"));
  CHECK_THAT(w.help, !Catch::Contains("`to port P`"));
  expect_none("with 10.0.9.5 drop for 1m\n", Code::W106);          // one peer: not the operator's
  expect_none("udp, icmp with 0.0.0.0/0 drop for 1m\n", Code::W106);  // no TCP in the list
  expect_none("tcp with 0.0.0.0/0 port 22 drop for 1m\n", Code::W106);  // the peers' port 22: this host as a client
  expect_none("forwarded between 0.0.0.0/0 and 10.0.0.1 drop for 1m\n", Code::W106);
}

TEST_CASE("W106 near misses", "[lint][W106]") {
  expect_none("to port 80 drop for 1m\n", Code::W106);
  expect_none("from 10.0.0.9 drop for 1m\n", Code::W106);
  expect_none("from 10.0.0.0/9 drop for 1m\n", Code::W106);  // narrower than a /8
  expect_none("from 2001:db8::/33 drop for 1m\n", Code::W106);  // narrower than a /32
  expect_none("outbound to 10.0.0.9 drop for 1m\n", Code::W106);
  expect_none("outbound to port 22 drop for 1m\n", Code::W106);  // this host as an SSH client
  expect_none("outbound tcp from 10.0.0.1 port 80 drop for 1m\n", Code::W106);
  expect_none("outbound to port 80 drop for 1m\n", Code::W106);  // the peers' ports: a session's are unprivileged
  expect_none("forwarded drop for 1m\n", Code::W106);
  expect_none("inbound tcp { log badflags; drop badflags } for 1m\n", Code::W106);
  expect_none("udp drop for 1m\n", Code::W106);
  expect_none("icmp drop for 1m\n", Code::W106);
  expect_none("to port 22 drop new for 1m\n", Code::W106);        // new connections only: a live session stays
  expect_none("to port 22 reject SYN for 1m\n", Code::W106);
  expect_none("to port 22 allow established; drop for 1m\n", Code::W106);
  expect_none("to port 22 drop 0% for 1m\n", Code::W106);  // never drops (W105 says so)
  expect_none("to port 22 log for 1m\n", Code::W106);
  expect_none("tcp from 10.0.0.1 port 22 drop for 1m\n", Code::W106);
  expect_none("from 10.0.0.0/8 port 1-1023 to port 22 drop for 1m\n", Code::W106);  // clients use unprivileged ports
  expect_none("between 10.0.0.1 and 10.0.0.2 drop for 1m\n", Code::W106);
  expect_none("to port 22 allow for 1m\n", Code::W106);
  expect_none("to port 22 drop for 1m  # faultc: allow W106\n", Code::W106);
  // The incident one-liner, defined, says nothing at all.
  const auto r = compile("host victim = 10.0.0.5\nfrom victim to port 1234 allow SYN, ACK; drop rest for 4m\n");
  INFO(r->text());
  CHECK(r->c.diagnostics.empty());
}

// ---------------------------------------------------------------- W108

// The defaults protect loopback and neighbour discovery: W108 is about a
// scenario that exposed them. At the end, so that line numbers stay.
std::string exposed(std::string text) { return text + "expose loopback\nexpose neighbour-discovery\n"; }

TEST_CASE("W108: a `not` set that also covers loopback and neighbour discovery", "[lint][W108]") {
  // The incident of item i: an IPv4-only set under `not` takes every IPv6
  // packet, neighbour discovery included, and the host's loopback traffic.
  const auto r = compile(exposed("host mgmt = 10.0.9.0/24\nfrom not mgmt drop for 1m  # faultc: allow W106\n"));
  const Diagnostic& d = expect_one(*r, Code::W108, 2, 6,
                                   "this `not` also covers the host's loopback traffic and IPv6 neighbour discovery "
                                   "(the set has no IPv6 address, so every IPv6 packet matches)");
  CHECK_THAT(d.help, Catch::Contains("add `127.0.0.0/8, ::1, fe80::/10` to the set after `not`"));
  // A set with IPv6 members: no family note; what is missing is named.
  const auto s = compile(exposed("from not { 10.0.9.0/24, fd00:9::/64, ::1 } drop for 1m  # faultc: allow W106\n"));
  const Diagnostic& e = expect_one(*s, Code::W108, 1, 6, "loopback traffic and IPv6 neighbour discovery");
  CHECK_THAT(e.message, !Catch::Contains("no IPv6 address"));
  CHECK_THAT(e.help, Catch::Contains("add `127.0.0.0/8, fe80::/10`"));
  // TCP: no neighbour discovery, loopback still.
  expect_one(*compile(exposed("from not 10.0.9.0/24 to port 8080 reject for 1m\n")), Code::W108, 1, 6,
             "this `not` also covers the host's loopback traffic (the set");
  // On an interface other than lo: neighbour discovery only.
  expect_one(*compile(exposed("icmp on eth0 from not 10.0.9.0/24 drop for 1m\n")), Code::W108, 1, 19,
             "also covers IPv6 neighbour discovery");
  // Outbound, at the destination: link-local and link-scope multicast.
  const auto t = compile(exposed("outbound to not { 10.0.9.0/24, 127.0.0.0/8, ::1 } drop for 1m  # faultc: allow W106\n"));
  const Diagnostic& o = expect_one(*t, Code::W108, 1, 13, "IPv6 neighbour discovery");
  CHECK_THAT(o.help, Catch::Contains("add `fe80::/10, ff02::/16`"));
  // A random drop and a rate limit lose packets too.
  expect_one(*compile(exposed("from not 10.0.9.0/24 to port 80 limit 10/s for 1m\n")), Code::W108, 1, 6, "loopback");
  // `between` is two flows over the same two sets: each negated side once.
  const auto b = compile(exposed("between not 10.0.9.0/24 and not 10.0.0.0/24 drop for 1m\n"));
  INFO(b->text());
  CHECK(b->all(Code::W108).size() == 2);
}

TEST_CASE("W108: `with not` once, with what either half takes", "[lint][W108]") {
  // Received from fe80::/10, sent to ff02::/16 as well: one warning at the
  // set. (A negated set of one prefix per family: iptables cannot guard a
  // longer one in a rule of two hooks, F031.)
  const auto r = compile(exposed("with not { 10.0.9.0/24, fd00:9::/64 } drop for 1m  # faultc: allow W106\n"));
  const Diagnostic& d = expect_one(*r, Code::W108, 1, 6, "loopback traffic and IPv6 neighbour discovery");
  CHECK_THAT(d.help, Catch::Contains("add `127.0.0.0/8, ::1, fe80::/10, ff02::/16`"));
  // Which would be F031 in this rule: the help says how to write it.
  CHECK_THAT(d.help, Catch::Contains("two rules, `from not {...}` and `outbound to not {...}`"));
  expect_none(exposed("tcp, udp with not { 10.0.9.0/24, fd00:9::/64 } on eth0 drop for 1m  # faultc: allow W106\n"),
              Code::W108);
}

TEST_CASE("W108 near misses", "[lint][W108]") {
  // Everything spared that the rule could take.
  expect_none(exposed("from not { 10.0.9.0/24, 127.0.0.0/8, ::1, fe80::/10 } drop for 1m  # faultc: allow W106\n"),
              Code::W108);
  expect_none(exposed("tcp from not { 10.0.9.0/24, 127.0.0.0/8, ::1 } drop for 1m  # faultc: allow W106\n"), Code::W108);
  // No `not`: the rule says which addresses it takes.
  expect_none(exposed("from 10.0.9.0/24 drop for 1m\n"), Code::W108);
  // Forwarded traffic is neither loopback nor neighbour discovery.
  expect_none(exposed("forwarded from not 10.0.9.0/24 drop for 1m\n"), Code::W108);
  // Nothing lost.
  expect_none(exposed("from not 10.0.9.0/24 log for 1m\n"), Code::W108);
  expect_none(exposed("from not 10.0.9.0/24 drop 0% for 1m\n"), Code::W108);
  // An IPv4-only rule has no IPv6 to take: `to` names an IPv4 address.
  expect_none(exposed("from not { 10.0.9.0/24, 127.0.0.0/8 } to 10.0.0.1 drop for 1m\n"), Code::W108);
  // Loopback traffic from ::1 goes to a loopback address, which `to fd00::1` is not.
  expect_none(exposed("from not 10.0.0.1 to fd00::1 port 80 drop for 1m\n"), Code::W108);
  // Loopback spared by the interface: neither loopback nor (TCP) discovery.
  expect_none(exposed("tcp on eth0 from not 10.0.9.0/24 drop for 1m  # faultc: allow W106\n"), Code::W108);
  expect_none(exposed("to port 22 drop for 1m  # faultc: allow W106\n"), Code::W108);
}

TEST_CASE("W108: nothing to say while loopback and neighbour discovery are protected", "[lint][W108]") {
  expect_none("host mgmt = 10.0.9.0/24\nfrom not mgmt drop for 1m  # faultc: allow W106\n", Code::W108);
  // Exposing one: the warning names that one only.
  expect_one(*compile("from not 10.0.9.0/24 drop for 1m  # faultc: allow W106\nexpose loopback\n"), Code::W108, 1, 6,
             "this `not` also covers the host's loopback traffic (the set");
  expect_one(*compile("from not 10.0.9.0/24 drop for 1m  # faultc: allow W106\nexpose neighbour-discovery\n"),
             Code::W108, 1, 6, "this `not` also covers IPv6 neighbour discovery");
}
