// The eval stage's matches: every match kind a Ruleset line or jump can
// carry (addresses with negation and `between`, ports, protocols,
// interfaces in and out, flags exact and masked, badflags, new and
// established, data), at their edges. Packets are written in the expect
// syntax (tests/unit/eval_support.hpp).
#include <catch2/catch.hpp>

#include "tests/unit/eval_support.hpp"

using namespace faultc;
using namespace faultc::test::eval_tests;

// ---------------------------------------------------------------- addresses

TEST_CASE("eval: source and destination addresses, prefixes and sets", "[eval][match]") {
  auto s = load("from 10.0.0.5 drop for 1m\nto { 10.1.0.0/16, fd00::1 } reject for 1m\n");
  CHECK(s->kind("from 10.0.0.5") == Kind::dropped);
  CHECK(s->kind("from 10.0.0.6") == Kind::allowed);
  CHECK(s->kind("to 10.1.255.255") == Kind::rejected);
  CHECK(s->kind("to 10.2.0.0") == Kind::allowed);
  CHECK(s->kind("to fd00::1") == Kind::rejected);
  CHECK(s->kind("to fd00::2") == Kind::allowed);
  CHECK(s->kind("from fd00::5") == Kind::allowed);  // rule 1 is IPv4 only
}

TEST_CASE("eval: a negated address matches every other address, of both families", "[eval][match]") {
  auto s = load("host office = 192.0.2.0/24\nfrom not office to port 8080 reject for 5m\n");
  CHECK(s->kind("from 192.0.2.7 to port 8080") == Kind::allowed);
  CHECK(s->kind("from 203.0.113.9 to port 8080") == Kind::rejected);
  CHECK(s->kind("from fd00::9 to port 8080") == Kind::rejected);  // `not` an IPv4 set: all of IPv6
  CHECK(s->kind("from 203.0.113.9 to port 8081") == Kind::allowed);
  const auto v = s->at("from 192.0.2.7 to port 8080");
  REQUIRE(v.trace.size() == 1);
  CHECK(v.trace[0].kind == eval::Step::Kind::not_selected);
  CHECK(v.trace[0].reason == "the source 192.0.2.7 is in 192.0.2.0/24, which the rule excludes");
}

TEST_CASE("eval: between matches both directions and nothing else", "[eval][match]") {
  auto s = load("forwarded between 10.1.0.0/16 and 10.2.0.0/16 drop for 5m\n");
  CHECK(s->kind("forwarded from 10.1.0.5 to 10.2.0.7") == Kind::dropped);
  CHECK(s->kind("forwarded from 10.2.0.7 to 10.1.0.5") == Kind::dropped);
  CHECK(s->kind("forwarded from 10.1.0.5 to 10.1.0.9") == Kind::allowed);
  CHECK(s->kind("forwarded from 10.3.0.5 to 10.2.0.7") == Kind::allowed);
  CHECK(s->kind("from 10.1.0.5 to 10.2.0.7") == Kind::allowed);  // inbound: another hook
}

TEST_CASE("eval: overlapping between walks the rule once per jump, as netfilter does", "[eval][match]") {
  // Both flows of `between A and A` match the same packet: the hook's chain
  // jumps twice, so a random drop gets two draws.
  auto s = load("forwarded between 10.0.0.0/8 and 10.0.0.0/8 drop 50% for 1m\n");
  const auto v = s->at("forwarded from 10.1.0.1 to 10.2.0.2");
  CHECK(v.kind == Kind::dropped_randomly);
  CHECK(v.hazards.size() == 2);
  CHECK(v.drop_probability == Approx(0.75));
}

// ---------------------------------------------------------------- ports and protocols

TEST_CASE("eval: ports, ranges and sets, at their edges", "[eval][match]") {
  auto s = load("to port { 80, 443, 8000-8080 } drop for 1m\n");
  for (const char* port : {"80", "443", "8000", "8080"}) {
    CHECK(s->kind(fmt::format("tcp to port {}", port)) == Kind::dropped);
  }
  for (const char* port : {"79", "81", "7999", "8081"}) {
    CHECK(s->kind(fmt::format("tcp to port {}", port)) == Kind::allowed);
  }
  CHECK(s->kind("udp to port 80") == Kind::allowed);  // a port means TCP
  CHECK(s->kind("udp from 10.0.0.1 port 53") == Kind::allowed);
  auto t = load("udp from 10.0.0.0/8 port 53 drop for 1m\n");
  CHECK(t->kind("udp from 10.0.0.1 port 53") == Kind::dropped);
  CHECK(t->kind("udp from 10.0.0.1 port 54") == Kind::allowed);
  CHECK(t->kind("tcp from 10.0.0.1 port 53") == Kind::allowed);
}

TEST_CASE("eval: protocols; no protocol means every protocol; ICMP in both families", "[eval][match]") {
  auto s = load("udp drop for 1m\n");
  CHECK(s->kind("udp from 10.0.0.1") == Kind::dropped);
  CHECK(s->kind("tcp from 10.0.0.1") == Kind::allowed);
  CHECK(s->kind("icmp from 10.0.0.1") == Kind::allowed);
  auto icmp = load("icmp reject for 1m\n");
  CHECK(icmp->kind("icmp from 10.0.0.1") == Kind::rejected);
  CHECK(icmp->kind("icmp from fd00::1") == Kind::rejected);
  CHECK(icmp->kind("from 10.0.0.1") == Kind::allowed);  // an unspecified protocol is TCP
  auto every = load("from 10.0.9.0/24 drop for 1m\n");
  for (const char* protocol : {"tcp", "udp", "icmp"}) {
    CHECK(every->kind(fmt::format("{} from 10.0.9.20", protocol)) == Kind::dropped);
  }
}

// ---------------------------------------------------------------- interfaces

TEST_CASE("eval: interfaces, arriving and leaving, with the + wildcard", "[eval][match]") {
  auto s = load("on eth1 drop for 1m\noutbound on wg+ reject for 1m\nforwarded on br-lan drop for 1m\n");
  CHECK(s->kind("from 10.0.0.1 on eth1") == Kind::dropped);
  CHECK(s->kind("from 10.0.0.1 on eth2") == Kind::allowed);
  CHECK(s->kind("from 10.0.0.1") == Kind::allowed);  // an interface no rule names
  CHECK(s->kind("outbound to 10.0.0.1 on wg0") == Kind::rejected);
  CHECK(s->kind("outbound to 10.0.0.1 on wg-office") == Kind::rejected);
  CHECK(s->kind("outbound to 10.0.0.1 on eth1") == Kind::allowed);
  CHECK(s->kind("from 10.0.0.1 on wg0") == Kind::allowed);  // inbound: rule 2 is outbound
  CHECK(s->kind("forwarded from 10.0.0.1 to 10.0.0.2 on br-lan") == Kind::dropped);
  CHECK(s->kind("forwarded from 10.0.0.1 to 10.0.0.2 on br-wan") == Kind::allowed);
  const auto v = s->at("from 10.0.0.1 on eth2");
  REQUIRE(!v.trace.empty());
  CHECK(v.trace[0].reason == "it arrives on eth2, not on eth1");
}

// ---------------------------------------------------------------- TCP flags

TEST_CASE("eval: exact flags; ECE and CWR ignored unless named", "[eval][match][flags]") {
  auto s = load("from 10.0.0.5 to port 1234 allow SYN, ACK; drop rest for 4m\n");
  CHECK(s->kind("from 10.0.0.5 to port 1234 flags SYN") == Kind::allowed);
  CHECK(s->kind("from 10.0.0.5 to port 1234 flags ACK") == Kind::allowed);
  CHECK(s->kind("from 10.0.0.5 to port 1234 flags SYN+ECE+CWR") == Kind::allowed);
  for (const char* flags : {"PSH+ACK", "FIN+ACK", "SYN+ACK", "RST", "NONE", "ALL"}) {
    CHECK(s->kind(fmt::format("from 10.0.0.5 to port 1234 flags {}", flags)) == Kind::dropped);
  }
  auto e = load("tcp drop ECE+SYN for 1m\n");
  CHECK(e->kind("tcp flags SYN+ECE") == Kind::dropped);
  CHECK(e->kind("tcp flags SYN") == Kind::allowed);
}

TEST_CASE("eval: masked flags: of the mask, exactly these are set", "[eval][match][flags]") {
  auto s = load("tcp drop flags SYN of SYN,ACK for 1m\n");
  CHECK(s->kind("tcp flags SYN") == Kind::dropped);
  CHECK(s->kind("tcp flags SYN+PSH") == Kind::dropped);  // PSH is outside the mask
  CHECK(s->kind("tcp flags SYN+ACK") == Kind::allowed);
  CHECK(s->kind("tcp flags ACK") == Kind::allowed);
  const auto v = s->at("tcp flags ACK");
  CHECK(v.trace.back().kind == eval::Step::Kind::passed);
  auto none = load("tcp drop flags NONE of ALL for 1m\n");
  CHECK(none->kind("tcp flags NONE") == Kind::dropped);
  CHECK(none->kind("tcp flags ECE") == Kind::dropped);  // ALL is the six classic flags
  CHECK(none->kind("tcp flags FIN") == Kind::allowed);
}

TEST_CASE("eval: badflags drops each nonsensical combination and nothing sensible", "[eval][match][flags]") {
  auto s = load("inbound tcp { log \"BADFLAGS: \" badflags; drop badflags } for 10m\n");
  for (const char* flags : {"FIN", "PSH", "URG", "FIN+RST+ACK", "SYN+FIN", "SYN+RST", "ALL", "NONE", "FIN+PSH+URG",
                            "SYN+FIN+PSH+URG", "SYN+RST+ACK+FIN+URG"}) {
    INFO(flags);
    const auto v = s->at(fmt::format("tcp flags {}", flags));
    CHECK(v.kind == Kind::dropped);
    REQUIRE(v.trace.size() >= 3);
    CHECK(v.trace[1].kind == eval::Step::Kind::logged);  // logged, then on to the drop
    CHECK(v.trace.back().kind == eval::Step::Kind::dropped);
  }
  for (const char* flags : {"SYN", "ACK", "SYN+ACK", "PSH+ACK", "FIN+ACK", "RST", "RST+ACK", "URG+ACK"}) {
    INFO(flags);
    CHECK(s->kind(fmt::format("tcp flags {}", flags)) == Kind::allowed);
  }
}

// ---------------------------------------------------------------- state and data

TEST_CASE("eval: new and established", "[eval][match][state]") {
  auto s = load("port redis = 6379\nto port redis reject new for 5m\nto port 6380 drop established for 5m\n");
  CHECK(s->kind("to port redis flags SYN new") == Kind::rejected);
  CHECK(s->kind("to port redis flags SYN") == Kind::rejected);  // a SYN is new
  CHECK(s->kind("to port redis new") == Kind::rejected);        // new means a SYN
  CHECK(s->kind("to port redis flags PSH+ACK established") == Kind::allowed);
  CHECK(s->kind("to port redis") == Kind::allowed);  // a segment of a live connection
  CHECK(s->kind("to port 6380 flags ACK") == Kind::dropped);
  CHECK(s->kind("to port 6380 flags SYN") == Kind::allowed);
  CHECK(s->kind("to port 6380 flags SYN established") == Kind::dropped);  // as written
  CHECK(s->kind("to port 6380 flags SYN+FIN") == Kind::allowed);          // conntrack: invalid
  CHECK(s->kind("udp to 10.0.0.1") == Kind::allowed);
}

TEST_CASE("eval: data matches segments with payload", "[eval][match][data]") {
  auto s = load("to port 8080 drop data for 5m\n");
  CHECK(s->kind("to port 8080 flags PSH+ACK data") == Kind::dropped);
  CHECK(s->kind("to port 8080 data") == Kind::dropped);
  CHECK(s->kind("to port 8080 flags PSH+ACK") == Kind::allowed);
  CHECK(s->kind("to port 8080 flags SYN") == Kind::allowed);
  const auto v = s->at("to port 8080");
  CHECK(v.trace.size() == 2);
  CHECK(v.trace[1].kind == eval::Step::Kind::passed);
}

TEST_CASE("eval: half-open drops every segment with payload; the one-liner lets ACK-only data by",
          "[eval][match][data]") {
  auto preset = load("from 10.0.0.5 to port 1234 half-open for 4m\n");
  CHECK(preset->kind("tcp from 10.0.0.5 to port 1234 flags SYN") == Kind::allowed);
  CHECK(preset->kind("tcp from 10.0.0.5 to port 1234 flags ACK") == Kind::allowed);
  // A bulk sender's data segment carries ACK alone.
  CHECK(preset->kind("tcp from 10.0.0.5 to port 1234 flags ACK data") == Kind::dropped);
  CHECK(preset->kind("tcp from 10.0.0.5 to port 1234 flags SYN data") == Kind::dropped);
  CHECK(preset->kind("tcp from 10.0.0.5 to port 1234 flags PSH+ACK data") == Kind::dropped);
  CHECK(preset->kind("tcp from 10.0.0.5 to port 1234 flags PSH+ACK") == Kind::dropped);
  CHECK(preset->kind("tcp from 10.0.0.5 to port 1234 flags FIN+ACK") == Kind::dropped);
  CHECK(preset->kind("tcp from 10.0.0.5 to port 1234 flags RST") == Kind::dropped);
  CHECK(preset->line_of_decision(preset->at("tcp from 10.0.0.5 to port 1234 flags ACK data")) == "half-open");
  auto one_liner = load("from 10.0.0.5 to port 1234 allow SYN, ACK; drop rest for 4m\n");
  CHECK(one_liner->kind("tcp from 10.0.0.5 to port 1234 flags ACK data") == Kind::allowed);
  CHECK(one_liner->kind("tcp from 10.0.0.5 to port 1234 flags PSH+ACK data") == Kind::dropped);
}
