// The packets eval is given: the defaults of docs/testing.md for what a
// packet does not say (addresses and ports no rule names, the family,
// protocol, flags, state, payload and interface), conntrack's view of TCP
// flags, and what a packet must say (one address, one port, a protocol that
// has them).
#include <catch2/catch.hpp>

#include "tests/unit/eval_support.hpp"

using namespace faultc;
using namespace faultc::test::eval_tests;

// ---------------------------------------------------------------- packet defaults

TEST_CASE("defaults: addresses and ports no rule names, the family from the one given", "[eval][defaults]") {
  auto s = load("from 192.0.2.0/24 port 49152 drop for 1m\nto 198.51.100.1 port 1024-2000 drop for 1m\n");
  const eval::Packet p = s->packet("tcp");
  CHECK(p.family == ir::Family::ipv4);
  CHECK(p.source == v4(198, 51, 100, 2));  // 192.0.2.0/24 and 198.51.100.1 are named
  CHECK(p.destination == v4(198, 51, 100, 3));
  CHECK(p.source_port == 49153);
  CHECK(p.destination_port == 2001);
  CHECK(s->kind("tcp") == Kind::allowed);
  const eval::Packet q = s->packet("to fd00::1");
  CHECK(q.family == ir::Family::ipv6);
  CHECK(address_text(q.family, q.source) == "2001:db8::1");
  const eval::Packet plain = load("drop for 1m\n")->packet("from 10.0.0.1");
  CHECK(plain.destination == v4(192, 0, 2, 1));
  CHECK(plain.source_port == 49152);
  CHECK(plain.destination_port == 1024);
}

TEST_CASE("defaults: protocol, flags, state and payload", "[eval][defaults]") {
  auto s = load("drop for 1m\n");
  auto p = s->packet("from 10.0.0.1");
  CHECK(p.protocol == ir::Protocol::tcp);
  CHECK(p.flags == flag::ack);
  CHECK(p.state == eval::State::established);
  CHECK(p.payload_length == 0);
  p = s->packet("from 10.0.0.1 data");
  CHECK(p.flags == (flag::psh | flag::ack));
  CHECK(p.payload_length == eval::kDataPayload);
  p = s->packet("from 10.0.0.1 new");
  CHECK(p.flags == flag::syn);
  CHECK(p.state == eval::State::new_);
  p = s->packet("from 10.0.0.1 flags SYN");
  CHECK(p.state == eval::State::new_);
  p = s->packet("from 10.0.0.1 flags SYN+ACK");
  CHECK(p.state == eval::State::established);
  p = s->packet("from 10.0.0.1 flags SYN+FIN");
  CHECK(p.state == eval::State::invalid);
  p = s->packet("udp from 10.0.0.1");
  CHECK(p.flags == 0);
  CHECK(p.state == eval::State::established);
  p = s->packet("icmp from 10.0.0.1");
  CHECK(p.source_port == 0);
  CHECK(p.destination_port == 0);
}

TEST_CASE("defaults: the interface no rule names, by direction", "[eval][defaults]") {
  auto s = load("on eth0 drop for 1m\non eth+ drop for 1m\n");
  auto p = s->packet("from 10.0.0.1");
  CHECK(p.in_interface == "ens0");  // eth0, and every eth*, are named
  CHECK(p.out_interface.empty());
  p = s->packet("outbound to 10.0.0.1");
  CHECK(p.in_interface.empty());
  CHECK(p.out_interface == "ens0");
  p = s->packet("forwarded from 10.0.0.1 to 10.0.0.2 on eth3");
  CHECK(p.in_interface == "eth3");
  CHECK(p.out_interface == "ens0");
}

TEST_CASE("defaults: conntrack's view of TCP flags", "[eval][defaults]") {
  using eval::State;
  CHECK(eval::tcp_state(flag::syn) == State::new_);
  CHECK(eval::tcp_state(flag::syn | flag::ece | flag::cwr) == State::new_);
  CHECK(eval::tcp_state(flag::syn | flag::ack) == State::established);
  CHECK(eval::tcp_state(flag::ack) == State::established);
  CHECK(eval::tcp_state(flag::psh | flag::ack) == State::established);
  CHECK(eval::tcp_state(flag::fin | flag::ack) == State::established);
  CHECK(eval::tcp_state(flag::rst) == State::established);
  CHECK(eval::tcp_state(0) == State::invalid);
  CHECK(eval::tcp_state(flag::fin) == State::invalid);
  CHECK(eval::tcp_state(flag::syn | flag::fin) == State::invalid);
  CHECK(eval::tcp_state(flag::classic) == State::invalid);
}

TEST_CASE("packets: one address and one port, a protocol that has them", "[eval][packet]") {
  auto s = load("host db = { 10.0.3.10, 10.0.3.11 }\nport p = 5432\nfrom db drop for 1m\n");
  Diagnostics d;
  CHECK_FALSE(s->read("from db", d));
  REQUIRE(!d.empty());
  CHECK(d[0].code == Code::F028);
  CHECK(s->read("to 10.0.3.10 port p", d));
  CHECK_FALSE(s->read("icmp to 10.0.3.10 port 80", d));
  CHECK(d.back().message == "an ICMP packet has no ports");
  CHECK_FALSE(s->read("udp flags SYN", d));
  CHECK(d.back().message == "only a TCP packet has TCP flags");
  CHECK_FALSE(s->read("from victm", d));
  CHECK(d.back().code == Code::F010);
  CHECK_FALSE(s->read("tcp form 10.0.0.1", d));
  CHECK(d.back().code == Code::F001);
}
