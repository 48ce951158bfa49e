// The eval stage's verdicts: allow, drop, reject and log and how faults
// compose, random drops and limits, the expect check for every verdict, the
// windows' edges in time, and the words and JSON `faultc explain` gives a
// verdict in. Packets are written in the expect syntax
// (tests/unit/eval_support.hpp).
#include <string>

#include "compiler/explain/eval_json.hpp"
#include <catch2/catch.hpp>

#include "tests/unit/eval_support.hpp"

using namespace faultc;
using namespace faultc::test::eval_tests;

// ---------------------------------------------------------------- verdicts

TEST_CASE("eval: allow leaves its own rule only; faults compose", "[eval][verdict]") {
  auto s = load("to port 1234 allow SYN; drop rest for 1m\nto port 1234 reject for 1m\n");
  const auto syn = s->at("to port 1234 flags SYN");
  CHECK(syn.kind == Kind::rejected);
  CHECK(s->line_of_decision(syn) == "reject");
  REQUIRE(syn.trace.size() == 4);
  CHECK(syn.trace[1].kind == eval::Step::Kind::allowed);
  CHECK(syn.trace[3].kind == eval::Step::Kind::rejected);
  const auto ack = s->at("to port 1234 flags ACK");
  CHECK(ack.kind == Kind::dropped);
  CHECK(s->line_of_decision(ack) == "drop rest");
  CHECK(ack.decided_rule == 1);
  auto a = load("to port 1234 allow SYN for 1m\n");
  const auto allowed = a->at("to port 1234 flags SYN");
  CHECK(allowed.kind == Kind::allowed);
  CHECK(a->line_of_decision(allowed) == "SYN");  // the allow's pattern
  const auto untouched = a->at("to port 1234 flags ACK");
  CHECK(untouched.kind == Kind::allowed);
  CHECK_FALSE(untouched.decided_by);
}

TEST_CASE("eval: drop, reject and log; the first matching action wins", "[eval][verdict]") {
  auto s = load("tcp to port 80 { log \"web: \"; reject SYN with tcp-reset; drop rest } for 5m\n");
  const auto syn = s->at("to port 80 flags SYN");
  CHECK(syn.kind == Kind::rejected);
  CHECK(syn.otherwise == eval::Fate::rejected);
  REQUIRE(syn.trace.size() == 3);
  CHECK(syn.trace[1].kind == eval::Step::Kind::logged);
  const auto ack = s->at("to port 80 flags ACK");
  CHECK(ack.kind == Kind::dropped);
  CHECK(s->line_of_decision(ack) == "drop rest");
  auto log_only = load("log for 1m\n");
  const auto logged = log_only->at("from 10.0.0.1");
  CHECK(logged.kind == Kind::allowed);
  CHECK(logged.trace[1].kind == eval::Step::Kind::logged);
}

// A rule of this host's traffic both ways jumps from the input and the
// output hook; one of several protocols from one jump each.
TEST_CASE("eval: `with` and `between` take both hooks, a list each protocol", "[eval][verdict]") {
  auto w = load("host db = { 10.0.3.10, fd00::3:10 }\ntcp, udp with db port 5432 drop for 1m\n");
  CHECK(w->at("tcp from 10.0.3.10 port 5432").kind == Kind::dropped);
  CHECK(w->at("udp from fd00::3:10 port 5432").kind == Kind::dropped);
  CHECK(w->at("outbound udp to 10.0.3.10 port 5432").kind == Kind::dropped);
  CHECK(w->at("outbound tcp to fd00::3:10 port 5432 flags SYN new").kind == Kind::dropped);
  // Not db's port 5432: the local port, the other way round, another host, ICMP.
  CHECK(w->at("tcp from 10.0.3.10 port 40000 to port 5432").kind == Kind::allowed);
  CHECK(w->at("outbound tcp from 10.0.0.1 port 5432 to 10.0.3.10 port 40000").kind == Kind::allowed);
  CHECK(w->at("outbound tcp to 10.0.3.11 port 5432").kind == Kind::allowed);
  CHECK(w->at("icmp from 10.0.3.10").kind == Kind::allowed);
  CHECK(w->at("forwarded udp from 10.0.3.10 port 5432").kind == Kind::allowed);
  const auto icmp = w->at("icmp from 10.0.3.10");
  CHECK_FALSE(icmp.trace.empty());

  auto b = load("between 10.0.0.1 and 10.0.3.10 drop for 1m\nforwarded between 10.1.0.0/16 and 10.2.0.0/16 drop for 1m\n");
  for (const char* packet : {"from 10.0.3.10 to 10.0.0.1", "from 10.0.0.1 to 10.0.3.10", "outbound from 10.0.0.1 to 10.0.3.10",
                             "outbound udp from 10.0.3.10 to 10.0.0.1", "forwarded from 10.1.0.5 to 10.2.0.7"}) {
    INFO(packet);
    CHECK(b->at(packet).kind == Kind::dropped);
  }
  CHECK(b->at("outbound from 10.0.0.2 to 10.0.3.10").kind == Kind::allowed);
  CHECK(b->at("forwarded from 10.0.0.1 to 10.0.3.10").kind == Kind::allowed);
  CHECK(b->at("from 10.1.0.5 to 10.2.0.7").kind == Kind::allowed);

  // `new` in a list with TCP: a TCP packet must be a SYN too, a UDP one not.
  auto n = load("tcp, udp to port 53 reject new for 1m\n");
  CHECK(n->at("tcp to port 53 flags SYN new").kind == Kind::rejected);
  CHECK(n->at("tcp to port 53 flags ACK new").kind == Kind::allowed);
  CHECK(n->at("udp to port 53 new").kind == Kind::rejected);
  CHECK(n->at("udp to port 53 established").kind == Kind::allowed);
  CHECK(n->at("icmp to 10.0.0.1 new").kind == Kind::allowed);
}

TEST_CASE("eval: random drops, and how their probabilities combine", "[eval][verdict][random]") {
  auto s = load("to port 5432 drop 30% for 1m\n");
  const auto v = s->at("to port 5432");
  CHECK(v.kind == Kind::dropped_randomly);
  CHECK(v.otherwise == eval::Fate::allowed);
  CHECK(v.drop_probability == Approx(0.3));
  CHECK(s->line_of_decision(v) == "drop 30%");
  // Independent draws: the packet survives both with 0.7 * 0.5.
  auto two = load("to port 5432 drop 30% for 1m\nto port 5432 drop SYN 50% for 1m\n");
  CHECK(two->at("to port 5432 flags SYN").drop_probability == Approx(0.65));
  CHECK(two->at("to port 5432 flags ACK").drop_probability == Approx(0.3));
  // A certain drop after it: dropped either way. A reject: the survivors are rejected.
  auto then_drop = load("to port 5432 { drop 30%; drop rest } for 1m\n");
  CHECK(then_drop->kind("to port 5432") == Kind::dropped);
  auto then_reject = load("to port 5432 drop 30% for 1m\nto port 5432 reject for 1m\n");
  const auto r = then_reject->at("to port 5432");
  CHECK(r.kind == Kind::dropped_randomly);
  CHECK(r.otherwise == eval::Fate::rejected);
  CHECK(verdict_summary(r) == "dropped with probability 30% (otherwise rejected)");
  // 100% is certain, 0% never matches (both are lint warnings).
  CHECK(load("to port 1 drop 100% for 1m\n")->kind("to port 1") == Kind::dropped);
  CHECK(load("to port 1 drop 0% for 1m\n")->kind("to port 1") == Kind::allowed);
}

TEST_CASE("eval: a limit drops what is over the rate", "[eval][verdict][limit]") {
  auto s = load("to port 443 limit 1mbyte/s burst 64kbyte for 15m\n");
  const auto v = s->at("to port 443 flags PSH+ACK data");
  CHECK(v.kind == Kind::rate_limited);
  CHECK(v.otherwise == eval::Fate::allowed);
  CHECK(v.drop_probability == 0);
  REQUIRE(v.hazards.size() == 1);
  CHECK(v.hazards[0].kind == eval::Hazard::Kind::rate_limit);
  CHECK(v.hazards[0].limit.bytes);
  CHECK(v.hazards[0].limit.burst == 64 * 1024);
  CHECK(s->line_of_decision(v) == "limit 1mbyte/s burst 64kbyte");
  CHECK(verdict_summary(v) == "over a rate limit: dropped over the rate; under it, allowed");
  CHECK(expect_holds(ir::Verdict::allowed, v));  // one packet alone is within the burst
  CHECK_FALSE(expect_holds(ir::Verdict::dropped, v));
  CHECK(s->kind("to port 444") == Kind::allowed);
}

TEST_CASE("eval: the expect check for every verdict", "[eval][expect]") {
  eval::Verdict v;
  using V = ir::Verdict;
  v.kind = Kind::allowed;
  CHECK(expect_holds(V::allowed, v));
  CHECK_FALSE(expect_holds(V::dropped, v));
  CHECK_FALSE(expect_holds(V::rejected, v));
  v.kind = Kind::dropped;
  v.otherwise = eval::Fate::dropped;
  v.drop_probability = 0.3;  // dropped anyway
  CHECK(expect_holds(V::dropped, v));
  CHECK_FALSE(expect_holds(V::allowed, v));
  v.kind = Kind::rejected;
  v.otherwise = eval::Fate::rejected;
  v.drop_probability = 0;
  CHECK(expect_holds(V::rejected, v));
  CHECK_FALSE(expect_holds(V::dropped, v));
  v.kind = Kind::dropped_randomly;
  v.otherwise = eval::Fate::allowed;
  v.drop_probability = 0.3;
  CHECK_FALSE(expect_holds(V::allowed, v));
  CHECK_FALSE(expect_holds(V::dropped, v));
  CHECK_FALSE(expect_holds(V::rejected, v));
}

// ---------------------------------------------------------------- time

TEST_CASE("eval: windows include their start and exclude their end", "[eval][time]") {
  auto s = load("to port 5432 drop 30% for 2m\nto port 5432 reject with tcp-reset after 2m for 1m\nfor 4m\n");
  CHECK(s->kind("to port 5432", 0) == Kind::dropped_randomly);
  CHECK(s->kind("to port 5432", 2 * kMinute - 1) == Kind::dropped_randomly);
  CHECK(s->kind("to port 5432", 2 * kMinute) == Kind::rejected);  // rule 1 ended, rule 2 started
  CHECK(s->kind("to port 5432", 3 * kMinute - 1) == Kind::rejected);
  CHECK(s->kind("to port 5432", 3 * kMinute) == Kind::allowed);  // exactly the end: not affected
  const auto v = s->at("to port 5432", 3 * kMinute);
  REQUIRE(v.trace.size() == 2);
  CHECK(v.trace[1].kind == eval::Step::Kind::inactive);
  CHECK(v.trace[1].reason == "the rule is not active at 3m (active 2m to 3m)");
  CHECK_FALSE(v.after_end);
}

TEST_CASE("eval: repeating windows, at every edge", "[eval][time]") {
  auto s = load("from 10.0.9.0/24 drop for 10s every 1m\nfor 1h\n");
  const char* p = "udp from 10.0.9.20";
  CHECK(s->kind(p, 0) == Kind::dropped);
  CHECK(s->kind(p, 10 * kSecond - 1) == Kind::dropped);
  CHECK(s->kind(p, 10 * kSecond) == Kind::allowed);
  CHECK(s->kind(p, kMinute - 1) == Kind::allowed);
  CHECK(s->kind(p, kMinute) == Kind::dropped);
  CHECK(s->kind(p, 59 * kMinute + 9 * kSecond) == Kind::dropped);
  CHECK(s->kind(p, 59 * kMinute + 10 * kSecond) == Kind::allowed);
  const auto end = s->at(p, 60 * kMinute);
  CHECK(end.kind == Kind::allowed);
  CHECK(end.after_end);
  CHECK(end.trace[0].reason == "the scenario has ended (1h long)");
}

TEST_CASE("eval: a rule starts at exactly its `after`", "[eval][time]") {
  auto s = load("forwarded between 10.1.0.0/16 and 10.2.0.0/16 blackhole after 1m for 5m\nfor 8m\n");
  const char* p = "forwarded from 10.1.0.5 to 10.2.0.7";
  CHECK(s->kind(p, kMinute - 1) == Kind::allowed);
  CHECK(s->kind(p, kMinute) == Kind::dropped);
  CHECK(s->kind(p, 6 * kMinute - 1) == Kind::dropped);
  CHECK(s->kind(p, 6 * kMinute) == Kind::allowed);
}

// ---------------------------------------------------------------- words and JSON

TEST_CASE("words: a failure says what decided, and the trace says why", "[eval][text]") {
  auto s = load("host victim = 10.0.0.5\nfrom victim to port 1234 allow SYN, ACK; drop rest for 4m\n");
  const auto v = s->at("tcp from 10.0.0.6 to port 1234 flags PSH+ACK");
  CHECK(failure_reason(ir::Verdict::dropped, v, s->scenario(), s->sources) == "no rule drops or rejects it");
  const auto lines = trace_lines(v, s->scenario(), s->sources);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "rule 1 (main.fault:2): does not apply: the source 10.0.0.6 is not 10.0.0.5");
  const auto d = s->at("tcp from victim to port 1234 flags PSH+ACK");
  CHECK(failure_reason(ir::Verdict::allowed, d, s->scenario(), s->sources) ==
        "it is dropped by `drop rest` (rule 1, main.fault:2:42)");
  const auto a = s->at("tcp from victim to port 1234 flags ACK");
  CHECK(failure_reason(ir::Verdict::dropped, a, s->scenario(), s->sources) ==
        "it is let by `allow SYN, ACK` (its `ACK`; rule 1, main.fault:2:37)");
  auto r = load("to port 5432 drop 30% for 1m\n");
  CHECK(failure_reason(ir::Verdict::dropped, r->at("to port 5432"), r->scenario(), r->sources) ==
        "`drop 30%` (rule 1, main.fault:1:14) drops each packet at random with probability 30%: 70% of such "
        "packets get through, so no single one is certainly dropped");
}

TEST_CASE("json: the packet and the verdict", "[eval][json]") {
  auto s = load("host victim = 10.0.0.5\nfrom victim to port 1234 allow SYN, ACK; drop rest for 4m\n");
  const eval::Packet p = s->packet("tcp from victim port 40000 to 10.0.0.1 port 1234 flags PSH+ACK");
  CHECK(packet_json(p) ==
        R"({"direction":"inbound","family":"ipv4","protocol":"tcp","source":"10.0.0.5","source_port":40000,)"
        R"("destination":"10.0.0.1","destination_port":1234,"in_interface":"eth0","out_interface":"",)"
        R"("flags":"PSH+ACK","flags_value":24,"state":"established","payload_length":0,"icmp_type":0,)"
        R"("icmp_code":0,"length":40,)"
        R"("syntax":"inbound tcp from 10.0.0.5 port 40000 to 10.0.0.1 port 1234 on eth0 flags PSH+ACK established"})");
  const std::string v = verdict_json(eval::evaluate(s->rules, p, 0), s->scenario(), s->sources);
  CHECK_THAT(v, Catch::StartsWith(R"({"verdict":"dropped","summary":"dropped","otherwise":"dropped",)"
                                  R"("drop_probability":0,"decided_by":{"file":"main.fault","line":2,"column":42,)"
                                  R"("rule":1,"action":"drop rest"})"));
}
