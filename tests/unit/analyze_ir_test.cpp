// The normalized IR that analyze builds from a scenario without errors:
// address and port sets as merged intervals, names resolved in any order,
// negation and `between`, the default direction, protocol and families,
// windows and the life, presets expanded, flag patterns as (mask, value),
// probabilities, rejects, rates, log prefixes, expect packets and the
// definitions' use.
#include <catch2/catch.hpp>

#include "tests/unit/analyze_support.hpp"

using namespace faultc;
using namespace faultc::test::analyze_tests;

// ---------------------------------------------------------------- the IR

TEST_CASE("IR: address sets are sorted and merged intervals", "[analyze][ir]") {
  const auto r = compile("host net = { 10.0.0.128/25, 10.0.0.5, 10.0.0.0/25 }\nfrom net drop for 1m\n"
                         "from { 10.0.0.9, 10.0.0.1, 10.0.0.2, fd00::1, fd00::2 } drop for 1m\n");
  expect_clean(*r);
  const ir::AddressMatch& one = *r->rule(0).selector.flows.at(0).source;
  CHECK(intervals(one.set.v4) == std::vector<Interval<std::uint32_t>>{{v4(10, 0, 0, 0), v4(10, 0, 0, 255)}});
  CHECK(one.set.v6.empty());
  CHECK_FALSE(one.negated);
  const ir::AddressMatch& two = *r->rule(1).selector.flows.at(0).source;
  CHECK(intervals(two.set.v4) ==
        std::vector<Interval<std::uint32_t>>{{v4(10, 0, 0, 1), v4(10, 0, 0, 2)}, {v4(10, 0, 0, 9), v4(10, 0, 0, 9)}});
  const ir::u128 fd00 = static_cast<ir::u128>(0xfd00) << 112;
  CHECK(intervals(two.set.v6) == std::vector<Interval<ir::u128>>{{fd00 + 1, fd00 + 2}});
  CHECK_FALSE(r->rule(0).selector.flows.at(0).destination.has_value());
}

TEST_CASE("IR: port sets are sorted and merged", "[analyze][ir]") {
  const auto r = compile("port app = 8050-9000\ntcp to port { 443, 80, app, 81, 8000-8080 } drop for 1m\n"
                         "tcp from 10.0.0.1 port 1-65535 drop for 1m\n");
  expect_clean(*r);
  const ir::Flow& s = r->rule(0).selector.flows.at(0);
  REQUIRE(s.destination_ports);
  CHECK(intervals(s.destination_ports->set) ==
        std::vector<Interval<std::uint16_t>>{{80, 81}, {443, 443}, {8000, 9000}});
  CHECK_FALSE(s.source_ports);
  const ir::Flow& from = r->rule(1).selector.flows.at(0);
  REQUIRE(from.source_ports);
  CHECK(from.source_ports->set.is_everything() == false);  // port 0 is not a port
  CHECK(intervals(from.source_ports->set) == std::vector<Interval<std::uint16_t>>{{1, 65535}});
}

TEST_CASE("IR: nested host names resolve in any definition order", "[analyze][ir]") {
  const auto r = compile("from group drop for 1m\nhost group = { db, backup, { 10.0.5.0/24 } }\n"
                         "host backup = 10.0.4.10\nhost db = { 10.0.3.10, 10.0.3.11, fd00::3:10 }\n");
  expect_clean(*r);
  const ir::AddressSet& set = r->rule(0).selector.flows.at(0).source->set;
  CHECK(intervals(set.v4) == std::vector<Interval<std::uint32_t>>{{v4(10, 0, 3, 10), v4(10, 0, 3, 11)},
                                                                   {v4(10, 0, 4, 10), v4(10, 0, 4, 10)},
                                                                   {v4(10, 0, 5, 0), v4(10, 0, 5, 255)}});
  REQUIRE(set.v6.intervals().size() == 1);
  for (const ir::Definition& def : r->scenario().definitions) CHECK(def.used);
}

TEST_CASE("IR: `not` negates, `between` gives two flows", "[analyze][ir]") {
  const auto r = compile("tcp from not 10.0.0.1 to port 80 drop for 1m\nforwarded between 10.1.0.0/16 and 10.2.0.0/16 drop for 1m\n");
  // Nothing to say: loopback traffic to port 80 is outside the set too, but
  // protected (W108 would speak after `expose loopback`).
  INFO(r->text());
  CHECK(r->c.ok());
  CHECK(r->c.diagnostics.empty());
  expect_none(*r, Code::W106);
  const ir::Flow& negated = r->rule(0).selector.flows.at(0);
  REQUIRE(negated.source);
  CHECK(negated.source->negated);
  CHECK(intervals(negated.source->set.v4) == std::vector<Interval<std::uint32_t>>{{v4(10, 0, 0, 1), v4(10, 0, 0, 1)}});
  CHECK(r->rule(0).selector.ipv4);
  CHECK(r->rule(0).selector.ipv6);  // `not` an IPv4 address: every IPv6 address too

  const ir::Selector& between = r->rule(1).selector;
  REQUIRE(between.flows.size() == 2);
  CHECK(between.flows[0].direction == ast::Direction::forwarded);
  CHECK(between.flows[1].direction == ast::Direction::forwarded);
  const auto a = intervals(between.flows[0].source->set.v4);
  const auto b = intervals(between.flows[0].destination->set.v4);
  CHECK(a == std::vector<Interval<std::uint32_t>>{{v4(10, 1, 0, 0), v4(10, 1, 255, 255)}});
  CHECK(b == std::vector<Interval<std::uint32_t>>{{v4(10, 2, 0, 0), v4(10, 2, 255, 255)}});
  CHECK(intervals(between.flows[1].source->set.v4) == b);
  CHECK(intervals(between.flows[1].destination->set.v4) == a);
}

TEST_CASE("IR: `with` and `between` on this host are flows at two hooks", "[analyze][ir]") {
  const auto r = compile("host db = 10.0.3.10\ntcp, udp with db port 5432 drop for 1m\n"
                         "between 10.0.0.1 and db drop for 1m\ninbound between 10.0.0.1 and db drop for 1m\n");
  expect_clean(*r);
  using ast::Direction;
  const ir::Selector& with = r->rule(0).selector;
  CHECK(with.protocols.has(ast::Protocol::tcp));
  CHECK(with.protocols.has(ast::Protocol::udp));
  CHECK(with.protocols.size() == 2);
  REQUIRE(with.flows.size() == 2);
  // Received from db (its port the source), sent to db (its port the destination).
  CHECK(with.flows[0].direction == Direction::inbound);
  REQUIRE(with.flows[0].source);
  CHECK_FALSE(with.flows[0].destination);
  CHECK(intervals(with.flows[0].source->set.v4) == std::vector<Interval<std::uint32_t>>{{v4(10, 0, 3, 10), v4(10, 0, 3, 10)}});
  REQUIRE(with.flows[0].source_ports);
  CHECK_FALSE(with.flows[0].destination_ports);
  CHECK(with.flows[1].direction == Direction::outbound);
  CHECK_FALSE(with.flows[1].source);
  CHECK(with.flows[1].destination == with.flows[0].source);
  CHECK_FALSE(with.flows[1].source_ports);
  CHECK(with.flows[1].destination_ports == with.flows[0].source_ports);

  const ir::Selector& host = r->rule(1).selector;
  REQUIRE(host.flows.size() == 4);
  const Direction directions[] = {Direction::inbound, Direction::inbound, Direction::outbound, Direction::outbound};
  for (std::size_t i = 0; i < 4; ++i) CHECK(host.flows[i].direction == directions[i]);
  CHECK(host.flows[0].source == host.flows[1].destination);
  CHECK(host.flows[2].source == host.flows[0].source);
  CHECK(host.flows[3].source == host.flows[1].source);
  const ir::Selector& inbound = r->rule(2).selector;
  REQUIRE(inbound.flows.size() == 2);
  CHECK(inbound.flows[1].direction == Direction::inbound);
}

TEST_CASE("IR: the default direction and protocol", "[analyze][ir]") {
  const auto r = compile(
      "from 10.0.0.1 drop for 1m\n"            // 0: every protocol
      "to port 80 drop for 1m  # faultc: allow W110\n"  // 1: a port means TCP
      "from 10.0.0.1 drop SYN for 1m\n"        // 2: flags mean TCP
      "from 10.0.0.1 log data for 1m\n"        // 3: data means TCP
      "from 10.0.0.1 drop new for 1m\n"        // 4: a state alone does not
      "udp to port 53 drop for 1m\n"           // 5: a written protocol stays
      "outbound icmp drop for 1m\n"            // 6
      "from 10.0.0.1 drop badflags for 1m\n");  // 7: badflags are flags
  expect_clean(*r);
  REQUIRE(r->scenario().rules.size() == 8);
  const auto tcp = ast::Protocols(ast::Protocol::tcp);
  CHECK(r->rule(0).selector.protocols.empty());
  CHECK(r->rule(0).selector.flows.at(0).direction == ast::Direction::inbound);
  CHECK(r->rule(1).selector.protocols == tcp);
  CHECK(r->rule(2).selector.protocols == tcp);
  CHECK(r->rule(3).selector.protocols == tcp);
  CHECK(r->rule(4).selector.protocols.empty());
  CHECK(r->rule(5).selector.protocols == ast::Protocols(ast::Protocol::udp));
  CHECK(r->rule(6).selector.protocols == ast::Protocols(ast::Protocol::icmp));
  CHECK(r->rule(6).selector.flows.at(0).direction == ast::Direction::outbound);
  CHECK(r->rule(7).selector.protocols == tcp);
  for (const ir::Rule& rule : r->scenario().rules) CHECK(rule.number == static_cast<std::size_t>(&rule - &r->rule(0) + 1));
}

TEST_CASE("IR: address families", "[analyze][ir]") {
  const auto r = compile("from 10.0.0.1 drop for 1m\n"                          // IPv4 only
                         "from fd00::1 drop for 1m\n"                           // IPv6 only
                         "host db = { 10.0.3.10, fd00::3:10 }\ntcp to db port 80 drop for 1m\n"  // both
                         "tcp to port 80 drop for 1m\n"                             // no address: both
                         "from { 10.0.0.1, fd00::2 } to fd00::1 drop for 1m\n");  // the set splits: IPv6
  expect_clean(*r);
  const auto families = [&](std::size_t i) { return std::pair(r->rule(i).selector.ipv4, r->rule(i).selector.ipv6); };
  CHECK(families(0) == std::pair(true, false));
  CHECK(families(1) == std::pair(false, true));
  CHECK(families(2) == std::pair(true, true));
  CHECK(families(3) == std::pair(true, true));
  CHECK(families(4) == std::pair(false, true));
}

TEST_CASE("IR: windows for after, for and every", "[analyze][ir]") {
  const auto r = compile("from 10.0.9.0/24 drop for 10s every 1m\n"
                         "from 10.0.0.1 drop after 2m for 1m\n"
                         "from 10.0.0.2 drop after 5m\n"
                         "from 10.0.0.3 drop after 30s for 10s every 20m\n"
                         "for 1h\n");
  expect_clean(*r);
  const auto flap = ir::windows(r->rule(0), r->scenario());
  REQUIRE(flap.size() == 60);
  CHECK(flap.front() == ir::Window{0, 10 * kSecond});
  CHECK(flap[1] == ir::Window{kMinute, kMinute + 10 * kSecond});
  CHECK(flap.back() == ir::Window{59 * kMinute, 59 * kMinute + 10 * kSecond});
  CHECK(ir::windows(r->rule(1), r->scenario()) == std::vector<ir::Window>{{2 * kMinute, 3 * kMinute}});
  CHECK(ir::windows(r->rule(2), r->scenario()) == std::vector<ir::Window>{{5 * kMinute, kHour}});
  CHECK(ir::windows(r->rule(3), r->scenario()) ==
        std::vector<ir::Window>{{30 * kSecond, 40 * kSecond},
                                {20 * kMinute + 30 * kSecond, 20 * kMinute + 40 * kSecond},
                                {40 * kMinute + 30 * kSecond, 40 * kMinute + 40 * kSecond}});
  // A window that would straddle the end is not started.
  const auto tight = compile("from 10.0.9.0/24 drop for 10s every 1m\nfor 1h5s\n");
  CHECK(ir::windows(tight->rule(0), tight->scenario()).size() == 60);
}

TEST_CASE("IR: the life is written, or derived from the rules", "[analyze][ir]") {
  const auto derived = compile("from 10.0.0.1 drop for 2m\nfrom 10.0.0.2 drop after 2m for 1m\n");
  expect_clean(*derived);
  CHECK(derived->scenario().life_ms == 3 * kMinute);
  CHECK_FALSE(derived->scenario().life_written);
  const auto written = compile("from 10.0.0.1 drop for 2m\n  for 1h30m\n");
  CHECK(written->scenario().life_ms == 90 * kMinute);
  CHECK(written->scenario().life_written);
  CHECK(written->at(written->scenario().life_span).line == 2);
  CHECK(written->at(written->scenario().life_span).column == 3);
  const auto ever = compile("from 10.0.0.1 drop\nfor ever\n");
  CHECK(ever->scenario().life_written);
  CHECK_FALSE(ever->scenario().life_ms.has_value());
  CHECK(ir::windows(ever->rule(0), ever->scenario()).size() == 1);
}

TEST_CASE("IR: the scenario's name, from the statement or the file", "[analyze][ir]") {
  CHECK(compile("scenario \"half-open clients\"\n")->scenario().name == "half-open clients");
  const auto unnamed = compile("for 1m\n", {}, "dir/half-open.fault");
  CHECK(unnamed->scenario().name == "half-open");
  CHECK(unnamed->scenario().file_name == "half-open.fault");
  CHECK(compile("priority -300\n")->scenario().priority == -300);
}

TEST_CASE("IR: presets expand", "[analyze][ir]") {
  const auto r = compile("from 10.0.0.5 to port 1234 half-open for 4m\nfrom 10.0.0.6 blackhole for 4m\n");
  expect_clean(*r);
  // half-open = drop data; allow SYN, ACK; drop rest: payload first, as a
  // bulk sender's data segments carry ACK alone.
  const auto& half = r->rule(0).actions;
  REQUIRE(half.size() == 3);
  CHECK(half[0].kind == ir::Action::Kind::drop);
  REQUIRE(half[0].patterns.size() == 1);
  CHECK(half[0].patterns[0].kind == ir::Pattern::Kind::data);
  CHECK_FALSE(half[0].probability);
  CHECK(half[1].kind == ir::Action::Kind::allow);
  REQUIRE(half[1].patterns.size() == 2);
  CHECK(half[1].patterns[0].kind == ir::Pattern::Kind::flags);
  CHECK(half[1].patterns[0].flags == ir::FlagTest{flag::classic, flag::syn});
  CHECK(half[1].patterns[1].flags == ir::FlagTest{flag::classic, flag::ack});
  CHECK(half[2].kind == ir::Action::Kind::drop);
  CHECK(half[2].patterns.empty());
  CHECK_FALSE(half[2].probability);
  const auto& hole = r->rule(1).actions;
  REQUIRE(hole.size() == 1);
  CHECK(hole[0].kind == ir::Action::Kind::drop);
  CHECK(hole[0].patterns.empty());
  // The preset is exactly its expansion written out.
  const auto written = compile("from 10.0.0.5 to port 1234 drop data; allow SYN, ACK; drop rest for 4m\n");
  const auto& spelled = written->rule(0).actions;
  REQUIRE(spelled.size() == 3);
  for (std::size_t a = 0; a < 3; ++a) {
    CHECK(spelled[a].kind == half[a].kind);
    REQUIRE(spelled[a].patterns.size() == half[a].patterns.size());
    for (std::size_t i = 0; i < spelled[a].patterns.size(); ++i) {
      CHECK(spelled[a].patterns[i].kind == half[a].patterns[i].kind);
      CHECK(spelled[a].patterns[i].flags == half[a].patterns[i].flags);
    }
  }
}

TEST_CASE("IR: flag patterns as (mask, value)", "[analyze][ir]") {
  const auto r = compile("to port 80 { allow flags SYN of SYN,ACK; allow syn+ack; allow NONE; allow ALL\n"
                         "  allow SYN+ECE; allow flags NONE of SYN; allow flags FIN,SYN of ALL,CWR; drop new, established, data\n"
                         "} for 1m\n");
  // Several of these shadow each other (W104); only the IR matters here.
  REQUIRE_FALSE(has_errors(r->c.diagnostics));
  const auto& actions = r->rule(0).actions;
  REQUIRE(actions.size() == 8);
  const auto test = [&](std::size_t i) { return actions.at(i).patterns.at(0).flags; };
  CHECK(test(0) == ir::FlagTest{flag::syn | flag::ack, flag::syn});
  CHECK(test(1) == ir::FlagTest{flag::classic, flag::syn | flag::ack});
  CHECK(test(2) == ir::FlagTest{flag::classic, 0});
  CHECK(test(3) == ir::FlagTest{flag::classic, flag::classic});
  CHECK(test(4) == ir::FlagTest{flag::classic | flag::ece, flag::syn | flag::ece});
  CHECK(test(5) == ir::FlagTest{flag::syn, 0});
  CHECK(test(6) == ir::FlagTest{flag::classic | flag::cwr, flag::fin | flag::syn});
  const auto& states = actions.at(7).patterns;
  REQUIRE(states.size() == 3);
  CHECK(states[0].kind == ir::Pattern::Kind::state_new);
  CHECK(states[1].kind == ir::Pattern::Kind::state_established);
  CHECK(states[2].kind == ir::Pattern::Kind::data);
  // Each pattern keeps its own span.
  CHECK(r->at(actions[0].patterns[0].span).column == 20);
}

TEST_CASE("IR: badflags is its eleven flag tests", "[analyze][ir]") {
  const auto r = compile("inbound tcp { log \"BADFLAGS: \" badflags; drop badflags } for 10m\n");
  expect_clean(*r);
  const auto& actions = r->rule(0).actions;
  REQUIRE(actions.size() == 2);
  CHECK(actions[0].kind == ir::Action::Kind::log);
  CHECK(actions[0].log_prefix == "BADFLAGS: ");
  const std::vector<ir::FlagTest> want = {
      {flag::fin | flag::ack, flag::fin},
      {flag::psh | flag::ack, flag::psh},
      {flag::urg | flag::ack, flag::urg},
      {flag::fin | flag::rst, flag::fin | flag::rst},
      {flag::syn | flag::fin, flag::syn | flag::fin},
      {flag::syn | flag::rst, flag::syn | flag::rst},
      {flag::classic, flag::classic},
      {flag::classic, 0},
      {flag::classic, flag::fin | flag::psh | flag::urg},
      {flag::classic, flag::syn | flag::fin | flag::psh | flag::urg},
      {flag::classic, flag::syn | flag::rst | flag::ack | flag::fin | flag::urg},
  };
  for (const ir::Action& action : actions) {
    REQUIRE(action.patterns.size() == 11);
    for (std::size_t i = 0; i < want.size(); ++i) {
      CHECK(action.patterns[i].kind == ir::Pattern::Kind::flags);
      CHECK(action.patterns[i].flags == want[i]);
    }
  }
  // Ordinary segments are not bad.
  for (const int ok : std::initializer_list<int>{flag::syn, flag::ack, flag::syn | flag::ack, flag::psh | flag::ack, flag::fin | flag::ack,
                          flag::rst, flag::rst | flag::ack}) {
    for (const ir::Pattern& p : actions[1].patterns) CHECK_FALSE(p.flags.matches(static_cast<std::uint8_t>(ok)));
  }
}

TEST_CASE("IR: probabilities, rejects, rates and log prefixes", "[analyze][ir]") {
  const auto r = compile("to port 80 { drop SYN 30%; reject new with tcp-reset; reject\n"
                         "  log \"web: \" data; limit 1mbyte/s burst 64kbyte; limit 100/m; drop 0.5% } for 1m\n");
  REQUIRE_FALSE(has_errors(r->c.diagnostics));  // the actions after `reject` are dead (W104)
  const auto& a = r->rule(0).actions;
  REQUIRE(a.size() == 7);
  CHECK(a[0].probability == 300000u);
  CHECK_FALSE(a[0].deterministic());
  CHECK(a[0].terminal());
  CHECK(r->at(a[0].probability_span).column == 23);
  CHECK(a[1].reject_with == ast::RejectKind::tcp_reset);
  CHECK(a[1].reject_with_written);
  CHECK(a[1].deterministic());
  CHECK(a[2].reject_with == ast::RejectKind::icmp_port_unreachable);
  CHECK_FALSE(a[2].reject_with_written);
  CHECK(a[3].log_prefix == "web: ");
  CHECK_FALSE(a[3].terminal());
  REQUIRE(a[4].rate);
  CHECK(a[4].rate->bytes);
  CHECK(a[4].rate->amount == 1024.0 * 1024.0);
  CHECK(a[4].rate->period_ms == 1000);
  CHECK(a[4].rate->burst == 64 * 1024);
  CHECK(a[4].rate->burst_written);
  CHECK_FALSE(a[4].terminal());
  REQUIRE(a[5].rate);
  CHECK_FALSE(a[5].rate->bytes);
  CHECK(a[5].rate->period_ms == kMinute);
  CHECK(a[5].rate->burst == 5);
  CHECK_FALSE(a[5].rate->burst_written);
  CHECK(a[6].probability == 5000u);
}

TEST_CASE("IR: expect packets", "[analyze][ir]") {
  const auto r = compile("host victim = 10.0.0.5\nport svc = 1234\ntcp from victim to port svc drop for 4m\n"
                         "expect from victim to port svc flags PSH+ACK established data is dropped at 3m59s\n"
                         "expect outbound udp to fd00::1 port 53 is allowed\n");
  expect_clean(*r);
  REQUIRE(r->scenario().expects.size() == 2);
  const ir::Expect& e = r->scenario().expects[0];
  CHECK(e.verdict == ast::Verdict::dropped);
  CHECK(e.at_ms == 3 * kMinute + 59 * kSecond);
  CHECK(e.packet.protocol == ast::Protocol::tcp);  // a port or flags mean TCP here too
  REQUIRE(e.packet.source);
  CHECK(e.packet.source->value == v4(10, 0, 0, 5));
  CHECK(e.packet.destination_port == 1234);
  CHECK(e.packet.flags == (flag::psh | flag::ack));
  CHECK(e.packet.state == ast::ConnState::established);
  CHECK(e.packet.data);
  const ir::Expect& f = r->scenario().expects[1];
  CHECK(f.packet.direction == ast::Direction::outbound);
  CHECK(f.packet.protocol == ast::Protocol::udp);
  REQUIRE(f.packet.destination);
  CHECK(f.packet.destination->family == ast::Family::ipv6);
  CHECK(f.at_ms == 0);
}

TEST_CASE("IR: definitions know whether they are used and where they live", "[analyze][ir][include]") {
  const auto r = compile("include \"common.fault\"\nhost a = 10.0.0.1\nhost b = 10.0.0.2\nfrom a drop for 1m\n",
                         {{"common.fault", "host shared = 10.0.0.3\n"}});
  const auto& defs = r->scenario().definitions;
  REQUIRE(defs.size() == 3);
  CHECK(defs[0].name == "a");
  CHECK(defs[0].used);
  CHECK(defs[0].in_root);
  CHECK(defs[1].name == "b");
  CHECK_FALSE(defs[1].used);
  CHECK(defs[2].name == "shared");
  CHECK_FALSE(defs[2].in_root);
}
