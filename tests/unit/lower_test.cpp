// The lower stage, from scenario text: the split by address family and
// direction, negated address lists, one chain per rule and one line per
// pattern, jumps and matches, `--at` and windows a static artifact cannot
// carry (F030), the priority, the incident's one-liner as a Ruleset, and
// file names made safe for rule comments. Every scenario goes through
// compile_front -> lower exactly as `faultc compile` does
// (tests/unit/lowered.hpp). Object ids are tested in object_id_test.cpp,
// to_prefixes in prefixes_test.cpp, lowering in chunks in artifact_test.cpp,
// and what the emitters print in emit_test.cpp.
#include "compiler/lower/lower.hpp"

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <set>
#include <tuple>
#include <string>
#include <utility>
#include <vector>

#include "compiler/emit/emit.hpp"
#include "compiler/source/text_safety.hpp"
#include "tests/unit/lowered.hpp"

using namespace faultc;
using namespace faultc::test;
using ruleset::Family;
using ruleset::Hook;
using ruleset::Verdict;

// ================================================================ families and jumps

TEST_CASE("a host set mixing IPv4 and IPv6 gives one jump per family", "[lower][family]") {
  auto l = lower_ok(
      "host db = { 10.0.3.10, 10.0.3.11, fd00::3:10 }\n"
      "outbound to db port 5432 drop for 2m\n");
  const auto& r = l->r();
  REQUIRE(r.chains.size() == 1);
  CHECK(r.chains[0].ipv4);
  CHECK(r.chains[0].ipv6);
  REQUIRE(r.jumps.size() == 2);
  const auto& v4 = r.jumps[0];
  const auto& v6 = r.jumps[1];
  CHECK(v4.hook == Hook::output);
  CHECK(v6.hook == Hook::output);
  REQUIRE(v4.match.family == Family::ipv4);
  REQUIRE(v6.match.family == Family::ipv6);
  REQUIRE(v4.match.destination.has_value());
  REQUIRE(v4.match.destination->prefixes.size() == 1);  // .10 and .11 merge into a /31
  CHECK(v4.match.destination->prefixes[0].value == 0x0A00030Au);
  CHECK(v4.match.destination->prefixes[0].length == 31);
  REQUIRE(v6.match.destination->prefixes.size() == 1);
  CHECK(v6.match.destination->prefixes[0].length == 128);
  CHECK(!v4.match.source.has_value());
  CHECK(v4.match.protocol == ir::Protocol::tcp);
  REQUIRE(v4.match.destination_ports.has_value());
  CHECK(v4.match.destination_ports->ranges.size() == 1);
  CHECK(v4.match.destination_ports->ranges[0].low == 5432);

  // Each family's restore file carries only its own jump.
  const std::string ip4 = without_comments(emitted(r, Target::iptables_restore));
  const std::string ip6 = without_comments(emitted(r, Target::ip6tables_restore));
  CHECK_THAT(ip4, Catch::Contains("-d 10.0.3.10/31 -p tcp -m tcp --dport 5432"));
  CHECK_THAT(ip4, !Catch::Contains("fd00"));
  CHECK_THAT(ip6, Catch::Contains("-d fd00::3:10/128 -p tcp -m tcp --dport 5432"));
  CHECK_THAT(ip6, !Catch::Contains("10.0.3"));
  const std::string nft = emitted(r, Target::nft);
  CHECK_THAT(nft, Catch::Contains("ip daddr 10.0.3.10/31 tcp dport 5432"));
  CHECK_THAT(nft, Catch::Contains("ip6 daddr fd00::3:10 tcp dport 5432"));
}

TEST_CASE("a single-family selector reaches only that family", "[lower][family]") {
  auto l = lower_ok("from 10.0.9.0/24 drop for 1m\n");
  const auto& r = l->r();
  REQUIRE(r.jumps.size() == 1);
  CHECK(r.jumps[0].match.family == Family::ipv4);
  CHECK(r.chains[0].ipv4);
  CHECK_FALSE(r.chains[0].ipv6);
  CHECK(without_comments(emitted(r, Target::ip6tables_restore)) == "*filter\nCOMMIT\n");
}

TEST_CASE("an address-free selector is one jump with no family", "[lower][family]") {
  auto l = lower_ok("to port 6379 reject new for 5m\n");
  const auto& r = l->r();
  REQUIRE(r.jumps.size() == 1);
  CHECK_FALSE(r.jumps[0].match.family.has_value());
  CHECK_FALSE(r.jumps[0].match.source.has_value());
  CHECK_FALSE(r.jumps[0].match.destination.has_value());
  CHECK(r.chains[0].ipv4);
  CHECK(r.chains[0].ipv6);
  // Both restore files carry it; nft says nothing family-specific.
  CHECK_THAT(emitted(r, Target::iptables_restore), Catch::Contains("-p tcp -m tcp --dport 6379"));
  CHECK_THAT(emitted(r, Target::ip6tables_restore), Catch::Contains("-p tcp -m tcp --dport 6379"));
  CHECK_THAT(emitted(r, Target::nft), Catch::Contains("\t\ttcp dport 6379 meta nfproto @t_5m counter jump rule_1"));
}

TEST_CASE("`between` gives two jumps per family, one per direction", "[lower][family]") {
  auto l = lower_ok(
      "host a = { 10.1.0.0/16, fd00:a::/48 }\n"
      "host b = { 10.2.0.0/16, fd00:b::/48 }\n"
      "forwarded between a and b drop for 5m\n");
  const auto& r = l->r();
  REQUIRE(r.chains.size() == 1);
  REQUIRE(r.jumps.size() == 4);
  int v4 = 0, v6 = 0;
  std::set<std::pair<std::uint8_t, std::uint8_t>> directions;  // (source /16 or /48 second byte, destination)
  for (const auto& j : r.jumps) {
    CHECK(j.hook == Hook::forward);
    CHECK(j.chain == 0);
    REQUIRE(j.match.family.has_value());
    (*j.match.family == Family::ipv4 ? v4 : v6)++;
    REQUIRE(j.match.source.has_value());
    REQUIRE(j.match.destination.has_value());
    CHECK(j.match.source->prefixes != j.match.destination->prefixes);
    if (*j.match.family == Family::ipv4) {
      directions.insert({static_cast<std::uint8_t>(j.match.source->prefixes[0].value >> 16),
                         static_cast<std::uint8_t>(j.match.destination->prefixes[0].value >> 16)});
    }
  }
  CHECK(v4 == 2);
  CHECK(v6 == 2);
  CHECK(directions == std::set<std::pair<std::uint8_t, std::uint8_t>>{{0x01, 0x02}, {0x02, 0x01}});
}

// `with db port P` is db's packets at the input hook (db's port the source)
// and this host's packets to db at the output hook (its port the
// destination), each with `on` on its own side; a list of protocols is a
// jump per protocol, all into the rule's one chain.
TEST_CASE("`with` jumps from two hooks, a protocol list once per protocol", "[lower][family]") {
  auto l = lower_ok("host db = { 10.0.3.10, fd00::3:10 }\ntcp, udp with db port 5432 on eth0 drop for 5m\n");
  const auto& r = l->r();
  REQUIRE(r.chains.size() == 1);
  REQUIRE(r.jumps.size() == 8);  // 2 hooks x 2 families x 2 protocols
  std::set<std::tuple<Hook, Family, ruleset::Protocol>> seen;
  for (const auto& j : r.jumps) {
    CHECK(j.chain == 0);
    REQUIRE(j.match.family);
    REQUIRE(j.match.protocol);
    seen.insert({j.hook, *j.match.family, *j.match.protocol});
    const bool in = j.hook == Hook::input;
    CHECK(j.match.source.has_value() == in);
    CHECK(j.match.destination.has_value() == !in);
    CHECK(j.match.source_ports.has_value() == in);
    CHECK(j.match.destination_ports.has_value() == !in);
    CHECK(static_cast<bool>(j.match.in_interface) == in);
    CHECK(static_cast<bool>(j.match.out_interface) == !in);
  }
  CHECK(seen.size() == 8);
  // `between` without a direction: both ways, at both hooks, per family.
  auto b = lower_ok("between 10.0.0.1 and 10.0.3.10 drop for 5m\n");
  REQUIRE(b->r().jumps.size() == 4);
  CHECK(b->r().jumps[0].hook == Hook::input);
  CHECK(b->r().jumps[1].hook == Hook::input);
  CHECK(b->r().jumps[2].hook == Hook::output);
  CHECK(b->r().jumps[3].hook == Hook::output);
}

TEST_CASE("beside a negated address, an address list is one iptables line per address", "[lower][negation]") {
  // iptables refuses `! -s A -d B,C` ("! not allowed with multiple source or
  // destination IP addresses"), legacy and nft alike.
  auto l = lower_ok("to { 10.1.0.0/16, 203.0.113.7 } from not 100.64.0.1 drop for 1m  # faultc: allow W106\n");
  const std::string text = emitted(l->r(), Target::iptables_restore);
  CHECK_THAT(text, Catch::Contains("-A FAULTC-main-in ! -s 100.64.0.1/32 -d 10.1.0.0/16 -m comment"));
  CHECK_THAT(text, Catch::Contains("-A FAULTC-main-in ! -s 100.64.0.1/32 -d 203.0.113.7/32 -m comment"));
  CHECK_THAT(without_comments(text), !Catch::Contains(","));
  auto six = lower_ok("from { fd00:1::/64, fd00:2::1 } to not fd00:9::1 drop for 1m\n");
  const std::string text6 = emitted(six->r(), Target::ip6tables_restore);
  CHECK_THAT(text6, Catch::Contains("-s fd00:1::/64 ! -d fd00:9::1/128 -m comment"));
  CHECK_THAT(text6, Catch::Contains("-s fd00:2::1/128 ! -d fd00:9::1/128 -m comment"));
  // Without a negation the list stays one line.
  auto plain = lower_ok("to { 10.1.0.0/16, 203.0.113.7 } from 100.64.0.1 drop for 1m\n");
  CHECK_THAT(emitted(plain->r(), Target::iptables_restore), Catch::Contains("-d 10.1.0.0/16,203.0.113.7/32 -m"));
}

TEST_CASE("a negated set covering a whole family matches nothing of that family", "[lower][negation]") {
  // iptables-nft-restore refuses `! -s 0.0.0.0/0` (RULE_APPEND failed).
  auto l = lower_ok("udp from not { 10.0.3.11, 0.0.0.0/0 } drop for 1m  # faultc: allow W108\n");
  const auto& r = l->r();
  REQUIRE(r.jumps.size() == 1);
  CHECK(r.jumps[0].match.family == Family::ipv6);
  CHECK_FALSE(r.chains[0].ipv4);
  CHECK(without_comments(emitted(r, Target::iptables_restore)) == "*filter\nCOMMIT\n");
  CHECK_THAT(emitted(r, Target::ip6tables_restore), Catch::Contains("-A FAULTC-main-in -p udp -m comment"));
  CHECK_THAT(emitted(r, Target::nft), !Catch::Contains("0.0.0.0/0"));
}

TEST_CASE("one rule chain per fault rule, one line per pattern alternative", "[lower][lines]") {
  auto l = lower_ok(
      "inbound tcp { log \"BADFLAGS: \" badflags; drop badflags } for 10m\n"
      "to port 80 drop 30% for 10m\n"
      "to port { 80, 443, 8000-8080 } limit 100/s burst 5 for 10m\n");
  const auto& r = l->r();
  // Rule 1 has two helper chains for its log: a log must fire once even when
  // a packet is two kinds of badflags (SYN+FIN is "FIN without ACK" too).
  REQUIRE(r.chains.size() == 5);
  const auto& bad = r.chains[0].lines;
  REQUIRE(bad.size() == 12);
  CHECK(bad[0].verdict.kind == Verdict::Kind::jump);
  CHECK(bad[0].verdict.target == 1);
  const auto& tries = r.chains[1].lines;
  REQUIRE(tries.size() == 11);
  for (std::size_t i = 0; i < tries.size(); ++i) {
    CHECK(tries[i].verdict.kind == Verdict::Kind::go);
    CHECK(tries[i].verdict.target == 2);
    CHECK(tries[i].match().flags == bad[i + 1].match().flags);
    CHECK(bad[i + 1].verdict.kind == Verdict::Kind::drop);
  }
  REQUIRE(r.chains[2].lines.size() == 1);
  CHECK(r.chains[2].lines[0].verdict.kind == Verdict::Kind::log);
  CHECK(r.chains[2].lines[0].verdict.prefix() == "BADFLAGS: ");
  CHECK_FALSE(r.chains[2].lines[0].match().flags.has_value());
  CHECK(r.chains[1].rule_number == 1);
  CHECK(r.chains[2].rule_number == 1);
  REQUIRE(r.chains[3].lines.size() == 1);
  CHECK(r.chains[3].lines[0].match().probability == 300000u);
  REQUIRE(r.chains[4].lines.size() == 1);
  REQUIRE(r.chains[4].lines[0].match().over_limit.has_value());
  CHECK(r.chains[4].lines[0].match().over_limit->amount == 100);
  CHECK(r.chains[4].lines[0].match().over_limit->burst == 5);
  CHECK(r.chains[4].lines[0].verdict.kind == Verdict::Kind::drop);
  CHECK(fmt::to_string(comment(r, r.chains[4].lines[0])) == "main.fault:3");
}

TEST_CASE("a random drop with several patterns draws once", "[lower][lines]") {
  auto l = lower_ok("to port 80 drop new, SYN 30% for 10m\n");
  const auto& r = l->r();
  REQUIRE(r.chains.size() == 3);
  REQUIRE(r.chains[0].lines.size() == 1);
  CHECK(r.chains[0].lines[0].verdict.kind == Verdict::Kind::jump);
  CHECK(r.chains[1].lines.size() == 2);
  REQUIRE(r.chains[2].lines.size() == 1);
  CHECK(r.chains[2].lines[0].match().probability == 300000u);
  for (const auto& line : r.chains[1].lines) CHECK_FALSE(line.match().probability.has_value());
}

TEST_CASE("jumps into a chain: the adjacent jumps that enter it", "[lower][ruleset]") {
  std::vector<ruleset::Jump> jumps;
  for (std::uint32_t chain : {0, 2, 2, 2, 3}) {
    ruleset::Jump jump;
    jump.chain = chain;
    jump.source_line = static_cast<std::uint32_t>(jumps.size());
    jumps.push_back(jump);
  }
  const auto lines = [&](std::size_t c) {
    std::vector<std::uint32_t> out;
    for (const ruleset::Jump& jump : ruleset::jumps_into(jumps, c)) out.push_back(jump.source_line);
    return out;
  };
  CHECK(lines(0) == std::vector<std::uint32_t>{0});
  CHECK(lines(1).empty());
  CHECK(lines(2) == std::vector<std::uint32_t>{1, 2, 3});
  CHECK(lines(3) == std::vector<std::uint32_t>{4});
  CHECK(lines(4).empty());
}

TEST_CASE("a copied match owns its boxed fields", "[lower][ruleset]") {
  ruleset::Match original;
  original.in_interface = std::string("eth0");
  original.over_limit = ruleset::Limit{100, false, 1000, 5, "fc00000001", std::nullopt, 0};
  ruleset::Match copy = original;
  copy.in_interface = std::string("eth1");
  copy.over_limit->amount = 7;
  copy.out_interface = std::string("eth2");
  CHECK(*original.in_interface == "eth0");
  CHECK(original.over_limit->amount == 100);
  CHECK_FALSE(original.out_interface);
  ruleset::Match moved = std::move(copy);
  CHECK(moved.in_interface == std::string("eth1"));
  CHECK(moved.over_limit->amount == 7);
  copy = original;  // assigned again after the move
  CHECK(copy.in_interface == original.in_interface);
}

TEST_CASE("jumps of rules with the same timing share one window list", "[lower][time]") {
  LowerOptions timeline;
  timeline.follows_timeline = true;
  auto l = lower_ok("to port 80 drop for 1m\nto port 81 drop for 1m\nto port 82 drop after 10s for 1m\nfor 1h\n",
                    timeline);
  const auto& r = l->r();
  REQUIRE(r.jumps.size() == 3);
  CHECK(r.window_lists.size() == 2);
  CHECK(r.jumps[0].windows == r.jumps[1].windows);
  CHECK(r.jumps[0].windows != r.jumps[2].windows);
  CHECK(r.windows(r.jumps[2]) == std::vector<ir::Window>{{10'000, 70'000}});
}

// ================================================================ time

TEST_CASE("lower with --at: picks the rules active at the offset and shortens their windows", "[lower][time]") {
  const char* flaky =
      "host db = { 10.0.3.10, 10.0.3.11 }\n"
      "outbound to db port 5432 drop 30% for 2m\n"
      "outbound to db port 5432 reject with tcp-reset after 2m for 1m\n";
  {
    LowerOptions o;
    o.at_ms = 60'000;
    auto l = lower_ok(flaky, o);
    const auto& r = l->r();
    CHECK(r.at_ms == 60'000);
    REQUIRE(r.life_ms.has_value());
    CHECK(*r.life_ms == 120'000);
    REQUIRE(r.chains.size() == 1);
    CHECK(r.chains[0].rule_number == 1);
    REQUIRE(r.jumps.size() == 1);
    CHECK(r.windows(r.jumps[0]) == std::vector<ir::Window>{{0, 60'000}});
    CHECK_FALSE(r.follows_timeline);
    CHECK_THAT(emitted(r, Target::nft), Catch::Contains("timeout 1m"));
  }
  {
    LowerOptions o;
    o.at_ms = 150'000;
    auto l = lower_ok(flaky, o);
    const auto& r = l->r();
    REQUIRE(r.chains.size() == 1);
    CHECK(r.chains[0].rule_number == 2);
    CHECK(name_text(iptables_name(r, r.chains[0])) == "FAULTC-main-2");  // numbered as in the file
    REQUIRE(r.jumps.size() == 1);
    CHECK(r.windows(r.jumps[0]) == std::vector<ir::Window>{{0, 30'000}});
    CHECK(*r.life_ms == 30'000);
    // A restore file needs no --start for it.
    CHECK(emit_for(r, Target::iptables_restore).ok());
  }
  {
    LowerOptions o;
    o.at_ms = 180'000;  // the end: nothing left
    auto l = lower_text(flaky, o);
    CHECK(l->has(Code::F030));
  }
}

TEST_CASE("lower with --at: between two windows of `every` gives an artifact with no rules", "[lower][time]") {
  LowerOptions o;
  o.at_ms = 30'000;
  auto l = lower_ok("from 10.0.9.0/24 drop for 10s every 1m\nfor 1h\n", o);
  CHECK(l->r().chains.empty());
  CHECK(l->r().jumps.empty());
  o.at_ms = 60'000 * 30 + 4'000;  // 30m4s: inside the 31st window, 6 s of it left
  auto m = lower_ok("from 10.0.9.0/24 drop for 10s every 1m\nfor 1h\n", o);
  REQUIRE(m->r().jumps.size() == 1);
  CHECK(m->r().windows(m->r().jumps[0]) == std::vector<ir::Window>{{0, 6'000}});
}

TEST_CASE("a timed scenario to a restore target without --start is F030", "[lower][time][F030]") {
  const char* flaky =
      "outbound to 10.0.3.10 port 5432 drop 30% for 2m\n"
      "outbound to 10.0.3.10 port 5432 reject with tcp-reset after 2m for 1m\n";
  auto restore = lower_text(flaky, options_for(Target::iptables_restore));
  INFO(restore->text());
  CHECK(restore->has(Code::F030));
  CHECK_FALSE(restore->lowered.ok());
  // The shell target and nft follow the timeline; so does a restore file with --start.
  CHECK(lower_text(flaky, options_for(Target::iptables))->lowered.ok());
  CHECK(lower_text(flaky, options_for(Target::nft))->lowered.ok());
  CHECK(lower_text(flaky, options_for(Target::iptables_restore, true))->lowered.ok());
  // A rule active for the whole life needs no time match at all.
  CHECK(lower_text("to port 80 drop for 4m\n", options_for(Target::iptables_restore))->lowered.ok());
}

TEST_CASE("priority: default -10, the file's `priority`, and --priority over it", "[lower][priority]") {
  CHECK(lower_ok("to port 80 drop for 1m\n")->r().priority == -10);
  auto file = lower_ok("priority -300\nto port 80 drop for 1m\n");
  CHECK(file->r().priority == -300);
  CHECK_THAT(emitted(file->r(), Target::nft), Catch::Contains("type filter hook input priority -300; policy accept;"));
  LowerOptions o;
  o.priority = 5;
  CHECK(lower_ok("priority -300\nto port 80 drop for 1m\n", o)->r().priority == 5);
}

// ================================================================ the incident

TEST_CASE("the incident one-liner lowers to the incident's three lines", "[lower][incident]") {
  auto l = lower_ok(kIncident, {}, "incident.fault");
  const auto& r = l->r();
  CHECK(r.id == "incident");
  REQUIRE(r.chains.size() == 1);
  const auto& lines = r.chains[0].lines;
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].match().flags == ir::FlagTest{0x3F, 0x02});  // --tcp-flags ALL SYN
  CHECK(lines[0].verdict.kind == Verdict::Kind::allow);
  CHECK(lines[1].match().flags == ir::FlagTest{0x3F, 0x10});  // --tcp-flags ALL ACK
  CHECK(lines[1].verdict.kind == Verdict::Kind::allow);
  CHECK_FALSE(lines[2].match().flags.has_value());  // the rest
  CHECK(lines[2].verdict.kind == Verdict::Kind::drop);
  // Only the lines that test something hold a match (memory: most test nothing).
  CHECK(lines[0].condition.has_value());
  CHECK(lines[1].condition.has_value());
  CHECK_FALSE(lines[2].condition.has_value());
  for (const auto& line : lines) {
    CHECK_FALSE(line.match().source.has_value());  // the jump carries the selector
    CHECK(fmt::to_string(comment(r, line)) == "incident.fault:3");
  }
  REQUIRE(r.jumps.size() == 1);
  const auto& j = r.jumps[0];
  CHECK(j.hook == Hook::input);
  CHECK(j.match.family == Family::ipv4);
  REQUIRE(j.match.source.has_value());
  REQUIRE(j.match.source->prefixes.size() == 1);
  CHECK(j.match.source->prefixes[0] == ruleset::Prefix{0x0A000005u, Family::ipv4, 32});
  CHECK_FALSE(j.match.source->negated);
  CHECK_FALSE(j.match.destination.has_value());
  CHECK(j.match.protocol == ir::Protocol::tcp);
  REQUIRE(j.match.destination_ports.has_value());
  REQUIRE(j.match.destination_ports->ranges.size() == 1);
  CHECK(j.match.destination_ports->ranges[0].low == 1234);
  CHECK(j.match.destination_ports->ranges[0].high == 1234);
  CHECK(r.windows(j) == std::vector<ir::Window>{{0, 240'000}});
  CHECK(r.life_ms == 240'000u);
}

// ================================================================ file names

TEST_CASE("file names in rule comments: made safe and cut, never a reason to refuse", "[lower][emit][hostile]") {
  // A scenario that passes check compiles for every target: comments only
  // point back at the source, so an unsafe character becomes `?` and a long
  // name is cut to fit nft's 128-character comments.
  for (const auto& [file, shown] : std::vector<std::pair<std::string, std::string>>{
           {"x$(touch pwned).fault", "x?(touch pwned).fault"},
           {"a\"b.fault", "a?b.fault"},
           {"a`id`.fault", "a?id?.fault"},
           {"caf\xC3\xA9.fault", "caf?.fault"}}) {
    auto l = lower_ok("to port 80 drop for 1m\n", {}, file);
    CHECK(valid_id(l->r().id));
    CHECK(l->r().comment_file == shown);
    for (Target t : kTargets) {
      INFO(file << " " << target_name(t));
      CHECK(emit_for(l->r(), t).ok());
    }
  }
  const std::size_t most = emit::kNftComment - ruleset::kLongestCommentSuffix.size();
  auto fits = lower_ok("to port 80 drop for 1m\n", {}, std::string(most - 6, 'f') + ".fault");
  CHECK(fits->r().comment_file == std::string(most - 6, 'f') + ".fault");
  auto cut = lower_ok("to port 80 drop for 1m\n", {}, std::string(300, 'f') + ".fault");
  CHECK(cut->r().comment_file.size() == most);
  CHECK(cut->r().comment_file.ends_with("..."));
  for (Target t : kTargets) {
    INFO(target_name(t));
    CHECK(emit_for(cut->r(), t).ok());
  }
}

TEST_CASE("ICMP messages and lengths: each line of one family, every printer keeps it there", "[lower][icmp]") {
  const auto l = lower_ok("drop frag-needed, packet-too-big, echo-reply for 1m\n"
                          "outbound drop length > 1400, length < 30 for 1m\n");
  const auto& icmp = l->r().chains.at(0).lines;
  REQUIRE(icmp.size() == 4);  // echo-reply: one line per family
  CHECK(icmp[0].match().family == Family::ipv4);
  CHECK(icmp[0].match().icmp == ir::IcmpTest{ir::Family::ipv4, 3, 4});
  CHECK(icmp[1].match().family == Family::ipv6);
  CHECK(icmp[2].match().icmp == ir::IcmpTest{ir::Family::ipv4, 0, std::nullopt});
  CHECK(icmp[3].match().icmp == ir::IcmpTest{ir::Family::ipv6, 129, std::nullopt});
  // A length is a line per family; none for IPv6 below its 40-byte header.
  const auto& lengths = l->r().chains.at(1).lines;
  REQUIRE(lengths.size() == 3);
  CHECK(lengths[0].match().family == Family::ipv4);
  CHECK(lengths[1].match().family == Family::ipv6);
  CHECK(lengths[2].match().length == ir::LengthRange{0, 29});
  CHECK(lengths[2].match().family == Family::ipv4);
  const std::string nft = emitted(l->r(), Target::nft);
  CHECK(nft.find("icmp type 3 icmp code 4 counter drop") != std::string::npos);
  CHECK(nft.find("icmpv6 type 2 counter drop") != std::string::npos);
  CHECK(nft.find("ip length 1401-65535 counter drop") != std::string::npos);
  CHECK(nft.find("ip6 length 1361-65495 counter drop") != std::string::npos);  // the payload: 40 bytes less
  CHECK(nft.find("ip length 0-29 counter drop") != std::string::npos);
  const std::string v4 = emitted(l->r(), Target::iptables_restore, {});
  const std::string v6 = emitted(l->r(), Target::ip6tables_restore, {});
  CHECK(v4.find("-p icmp -m icmp --icmp-type 3/4") != std::string::npos);
  CHECK(v4.find("--icmp-type 0 ") != std::string::npos);
  CHECK(v4.find("icmpv6") == std::string::npos);
  CHECK(v6.find("-p ipv6-icmp -m icmp6 --icmpv6-type 2 ") != std::string::npos);
  CHECK(v6.find("--icmpv6-type 129 ") != std::string::npos);
  CHECK(v6.find("--icmp-type") == std::string::npos);
  CHECK(v4.find("-m length --length 0:29") != std::string::npos);
  CHECK(v6.find("-m length --length 0:29") == std::string::npos);
  CHECK(v6.find("-m length --length 1401:65535") != std::string::npos);
}
