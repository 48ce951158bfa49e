// The eval stage's ICMP messages and packet lengths: a name of both
// families, a name of one, `code N`, the states conntrack gives messages,
// lengths at the edges of each form in both families, and the words of a
// mismatch. Packets are written in the expect syntax
// (tests/unit/eval_support.hpp).
#include <catch2/catch.hpp>

#include "compiler/eval/packet_text.hpp"
#include "tests/unit/eval_support.hpp"

using namespace faultc;
using namespace faultc::test::eval_tests;

TEST_CASE("eval: an ICMP name matches its message in each family it has", "[eval][match][icmp]") {
  auto s = load("icmp drop frag-needed, packet-too-big, echo-reply for 1m\n");
  CHECK(s->kind("icmp from 10.0.0.1 frag-needed") == Kind::dropped);
  CHECK(s->kind("icmp from 10.0.0.1 destination-unreachable code 4") == Kind::dropped);  // the same message
  CHECK(s->kind("icmp from 10.0.0.1 destination-unreachable code 3") == Kind::allowed);
  CHECK(s->kind("icmp from fd00::1 packet-too-big") == Kind::dropped);
  CHECK(s->kind("icmp from fd00::1 destination-unreachable code 4") == Kind::allowed);  // ICMPv6 port unreachable
  CHECK(s->kind("icmp from 10.0.0.1 echo-reply") == Kind::dropped);
  CHECK(s->kind("icmp from fd00::1 echo-reply") == Kind::dropped);
  CHECK(s->kind("icmp from 10.0.0.1") == Kind::allowed);  // an echo request
  CHECK(s->kind("packet-too-big") == Kind::dropped);      // a name of one family gives the packet its family
}

TEST_CASE("eval: a type without a code is every code; `code N` narrows it", "[eval][match][icmp]") {
  auto s = load("icmp { allow destination-unreachable code 9; drop destination-unreachable } for 1m\n");
  CHECK(s->kind("icmp from 10.0.0.1 destination-unreachable code 9") == Kind::allowed);
  CHECK(s->kind("icmp from 10.0.0.1 port-unreachable") == Kind::dropped);
  CHECK(s->kind("icmp from fd00::1 admin-prohibited") == Kind::dropped);
  CHECK(s->kind("icmp from 10.0.0.1 time-exceeded") == Kind::allowed);
  const auto v = s->at("icmp from 10.0.0.1 time-exceeded");
  REQUIRE(v.trace.size() == 2);
  CHECK(v.trace[1].kind == eval::Step::Kind::passed);
}

TEST_CASE("eval: the states conntrack gives ICMP messages", "[eval][packet][icmp]") {
  auto s = load("icmp { drop new; reject established } for 1m\n");
  CHECK(s->kind("icmp from 10.0.0.1 echo-request new") == Kind::dropped);
  CHECK(s->kind("icmp from 10.0.0.1 echo-request") == Kind::rejected);  // a ping of a live exchange
  CHECK(s->kind("icmp from fd00::1 echo-reply") == Kind::rejected);
  CHECK(s->kind("icmp from 10.0.0.1 frag-needed") == Kind::allowed);  // an error: invalid
  CHECK(s->packet("icmp from 10.0.0.1 frag-needed").state == eval::State::invalid);
  CHECK(s->packet("icmp from fd00::1 neighbour-solicitation").state == eval::State::untracked);
  CHECK(s->kind("icmp from fd00::1 neighbour-solicitation") == Kind::allowed);
  Diagnostics d;
  CHECK_FALSE(s->read("icmp from 10.0.0.1 echo-reply new", d));
  CHECK(d.back().code == Code::F037);
  CHECK_FALSE(s->read("icmp from 10.0.0.1 time-exceeded established", d));
  CHECK(d.back().code == Code::F037);
  CHECK_FALSE(s->read("icmp from 10.0.0.1 packet-too-big", d));
  CHECK(d.back().message == "`packet-too-big` is IPv6 (ICMPv6) only, and this packet is IPv4");
  CHECK_FALSE(s->read("icmp from 10.0.0.1 port-unreachable code 1", d));
  CHECK(d.back().code == Code::F037);
  CHECK_FALSE(s->read("tcp from 10.0.0.1 echo-request", d));
  CHECK(d.back().code == Code::F024);
}

TEST_CASE("eval: lengths count the whole packet, in each form, in both families", "[eval][match][length]") {
  auto s = load("drop length > 1400 for 1m\nudp reject length 100-200, length < 60 for 1m\n");
  CHECK(s->kind("tcp from 10.0.0.1 length 1401") == Kind::dropped);
  CHECK(s->kind("tcp from 10.0.0.1 length 1400") == Kind::allowed);
  CHECK(s->kind("tcp from fd00::1 length 1401") == Kind::dropped);
  CHECK(s->kind("icmp from fd00::1 length 1500") == Kind::dropped);  // any protocol
  CHECK(s->kind("udp from 10.0.0.1 length 100") == Kind::rejected);
  CHECK(s->kind("udp from 10.0.0.1 length 200") == Kind::rejected);
  CHECK(s->kind("udp from 10.0.0.1 length 201") == Kind::allowed);
  CHECK(s->kind("udp from 10.0.0.1 length 59") == Kind::rejected);
  CHECK(s->kind("udp from 10.0.0.1") == Kind::rejected);     // 28 bytes: IPv4 and UDP headers
  CHECK(s->kind("udp from fd00::1") == Kind::rejected);      // 48 bytes
  CHECK(s->kind("udp from fd00::1 data") == Kind::rejected);  // 148 bytes
  CHECK(s->kind("udp from 10.0.0.1 length 60") == Kind::allowed);
}

TEST_CASE("eval: a packet's length, its payload and its words", "[eval][packet][length]") {
  auto s = load("drop length 1500 for 1m\n");
  const eval::Packet tcp = s->packet("tcp from 10.0.0.1 port 40000 to 10.0.0.2 port 80 length 1500");
  CHECK(tcp.length == 1500);
  CHECK(tcp.payload_length == 1460);
  CHECK(packet_syntax(tcp) == "inbound tcp from 10.0.0.1 port 40000 to 10.0.0.2 port 80 on eth0 flags ACK "
                              "established data length 1500");
  CHECK(s->packet("tcp from 10.0.0.1 data").length == 140);
  CHECK(packet_syntax(s->packet("tcp from 10.0.0.1 to 10.0.0.2 port 80 data")).find("length") == std::string::npos);
  const eval::Packet icmp = s->packet("icmp from fd00::1 to fd00::2 destination-unreachable code 9");
  CHECK(icmp.length == 48);
  CHECK(packet_syntax(icmp) == "inbound icmp from fd00::1 to fd00::2 on eth0 destination-unreachable code 9");
  CHECK(packet_text(icmp) == "inbound ICMP fd00::1 -> fd00::2 arriving on eth0, destination-unreachable code 9 "
                             "(type 1 code 9), invalid, no payload");
  Diagnostics d;
  CHECK_FALSE(s->read("tcp from 10.0.0.1 length 39", d));
  CHECK(d.back().message == "an IPv4 TCP packet is at least 40 bytes long");
  CHECK_FALSE(s->read("tcp from fd00::1 data length 60", d));
  CHECK(d.back().message == "an IPv6 TCP packet with payload is at least 61 bytes long");
  const auto v = s->at("tcp from 10.0.0.1 length 1499");
  REQUIRE(v.trace.size() == 2);
  CHECK(v.trace[1].kind == eval::Step::Kind::passed);
}

TEST_CASE("eval: a mismatch says which message or length the packet has", "[eval][text][icmp]") {
  ruleset::Match m;
  m.family = ir::Family::ipv4;
  m.icmp = ir::IcmpTest{ir::Family::ipv4, 3, 4};
  auto s = load("icmp drop for 1m\n");
  CHECK(eval::mismatch(m, s->packet("icmp from 10.0.0.1")) ==
        "it is echo-request (type 8 code 0), not frag-needed (type 3 code 4)");
  ruleset::Match l;
  l.length = ir::LengthRange{1401, 65535};
  CHECK(eval::mismatch(l, s->packet("udp from 10.0.0.1 length 1400")) == "it is 1400 bytes long, not 1401-65535 bytes");
}
