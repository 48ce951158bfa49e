// The eval stage: a scenario and a packet in, a verdict out. Every match
// kind a Ruleset line or jump can carry (addresses with negation and
// `between`, ports, protocol, interfaces in and out, flags exact and
// masked, badflags, new/established, data, probability, limit), every
// verdict, the window boundaries, the packet defaults of docs/testing.md,
// the expect check, and the shipped examples (all pass, every action
// covered). Packets are written in the expect syntax and read the way
// `faultc explain --packet` reads them.
#include "compiler/eval/eval.hpp"

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "compiler/analyze/names.hpp"
#include "compiler/analyze/packet.hpp"
#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/eval/packet_text.hpp"
#include "compiler/explain/eval_json.hpp"
#include "compiler/explain/expect_check.hpp"
#include "compiler/explain/verdict_text.hpp"
#include "compiler/parse/parse.hpp"
#include "compiler/parse/read_file.hpp"

using namespace faultc;
using Kind = eval::Verdict::Kind;

namespace {

namespace flag = ast::tcp_flag;
constexpr std::uint64_t kSecond = 1000, kMinute = 60 * kSecond;

// A compiled, lowered scenario, and packets read against its names.
struct Loaded {
  SourceMap sources;
  Compilation c;
  ruleset::Ruleset rules;

  const ir::Scenario& scenario() const { return *c.scenario; }

  // The packet as `--packet` would read it; nothing when it does not read.
  std::optional<ir::Packet> read(std::string_view text, Diagnostics& diagnostics) {
    const FileId id = sources.add("packet", std::string(text));
    auto parsed = parse_packet(sources, id);
    diagnostics = parsed.diagnostics;
    if (!parsed.ok()) return std::nullopt;
    NameTable names(c.program, sources, diagnostics);
    return normalize_packet(*parsed.value, names, sources, diagnostics);
  }

  eval::Packet packet(std::string_view text) {
    Diagnostics diagnostics;
    auto p = read(text, diagnostics);
    INFO("packet `" << text << "`:\n" << render_text(diagnostics, sources));
    REQUIRE(p);
    return eval::complete(*p, rules);
  }

  eval::Verdict at(std::string_view text, std::uint64_t ms = 0) { return eval::evaluate(rules, packet(text), ms); }
  Kind kind(std::string_view text, std::uint64_t ms = 0) { return at(text, ms).kind; }
  std::string line_of_decision(const eval::Verdict& v) const {
    REQUIRE(v.decided_by);
    return excerpt(*v.decided_by, sources);
  }
};

std::unique_ptr<Loaded> load(std::string_view text) {
  auto out = std::make_unique<Loaded>();
  const FileId id = out->sources.add("main.fault", std::string(text));
  out->c = compile_front(out->sources, id);
  INFO("scenario:\n" << text << "\ndiagnostics:\n" << render_text(out->c.diagnostics, out->sources));
  REQUIRE(out->c.ok());
  auto lowered = lower_for_eval(*out->c.scenario, out->sources);
  REQUIRE(lowered.ok());
  out->rules = std::move(*lowered.value);
  return out;
}

constexpr std::uint32_t v4(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

}  // namespace

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
        R"("flags":"PSH+ACK","flags_value":24,"state":"established","payload_length":0,)"
        R"("syntax":"inbound tcp from 10.0.0.5 port 40000 to 10.0.0.1 port 1234 on eth0 flags PSH+ACK established"})");
  const std::string v = verdict_json(eval::evaluate(s->rules, p, 0), s->scenario(), s->sources);
  CHECK_THAT(v, Catch::StartsWith(R"({"verdict":"dropped","summary":"dropped","otherwise":"dropped",)"
                                  R"("drop_probability":0,"decided_by":{"file":"main.fault","line":2,"column":42,)"
                                  R"("rule":1,"action":"drop rest"})"));
}

// ---------------------------------------------------------------- the examples

namespace {

struct Example {
  std::unique_ptr<Loaded> loaded;
  ExpectReport report;
};

Example load_example(const std::filesystem::path& path) {
  Example e;
  e.loaded = std::make_unique<Loaded>();
  auto text = read_source_file(path.string());
  REQUIRE(std::holds_alternative<std::string>(text));
  const FileId id = e.loaded->sources.add(path.filename().string(), std::get<std::string>(text));
  e.loaded->c = compile_front(e.loaded->sources, id);
  REQUIRE(e.loaded->c.ok());
  auto checked = check_expects(*e.loaded->c.scenario, e.loaded->sources);
  REQUIRE(checked.ok());
  e.report = std::move(*checked.value);
  return e;
}

// Every example; never none, so that a test over them cannot pass empty.
std::vector<std::filesystem::path> examples() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(FAULTC_SOURCE_DIR "/examples")) {
    if (entry.path().extension() == ".fault") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  REQUIRE(out.size() >= 10);
  return out;
}

bool inside(Span outer, Span inner) {
  return outer.file == inner.file && outer.begin <= inner.begin && inner.end <= outer.end;
}

}  // namespace

TEST_CASE("examples: every expect line passes", "[eval][examples]") {
  for (const auto& path : examples()) {
    Example e = load_example(path);
    CHECK(!e.report.outcomes.empty());
    for (const ExpectOutcome& o : e.report.outcomes) {
      INFO(location_text(o.expect.span, e.loaded->sources)
           << ": " << excerpt(o.expect.span, e.loaded->sources, 200) << "\nfound " << verdict_summary(o.verdict));
      CHECK(o.passed);
    }
  }
}

// Every action is covered by an expect: a packet reaches it (it decides,
// logs, or is a hazard on the path). A random drop decides no single
// packet, so it is covered by an expect showing what its rule, while
// active, leaves alone (docs/testing.md).
TEST_CASE("examples: expect lines cover every action", "[eval][examples]") {
  for (const auto& path : examples()) {
    Example e = load_example(path);
    const ir::Scenario& scenario = e.loaded->scenario();
    for (const ir::Rule& rule : scenario.rules) {
      for (const ir::Action& action : rule.actions) {
        bool covered = false;
        for (const ExpectOutcome& o : e.report.outcomes) {
          for (const eval::Step& step : o.verdict.trace) {
            const bool reached = step.kind != eval::Step::Kind::other_hook && step.kind != eval::Step::Kind::inactive &&
                                 step.kind != eval::Step::Kind::not_selected &&
                                 step.kind != eval::Step::Kind::entered && step.kind != eval::Step::Kind::passed &&
                                 inside(action.span, step.span);
            const bool spared =
                action.probability && step.kind == eval::Step::Kind::not_selected && step.rule_number == rule.number;
            covered = covered || reached || spared;
          }
        }
        INFO(path.filename().string() << ": `" << excerpt(action.span, e.loaded->sources) << "` (rule " << rule.number
                                      << ")");
        CHECK(covered);
      }
    }
  }
}
