// The lower stage, from scenario text: kernel object ids and the
// 28-character chain limit; to_prefixes as a property test against an
// independent trie oracle; the split by address family and direction;
// `--at` and windows a static artifact cannot carry (F030); the incident's
// one-liner as a Ruleset; file names made safe for rule comments; and
// lowering and printing in two halves or in chunks, which must give the
// artifact of one go. Every scenario goes through compile_front → lower
// exactly as `faultc compile` does (tests/unit/lowered.hpp). What the
// emitters print is tested in emit_test.cpp.
#include "compiler/driver/artifact.hpp"
#include "compiler/lower/lower.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/emit/emit.hpp"
#include "compiler/lower/object_id.hpp"
#include "compiler/net/prefixes.hpp"
#include "compiler/source/text_safety.hpp"
#include "tests/unit/lowered.hpp"

using namespace faultc;
using namespace faultc::test;
using ruleset::Family;
using ruleset::Hook;
using ruleset::Verdict;

// ================================================================ object_id

TEST_CASE("object_id keeps short clean names as they are", "[lower][object_id]") {
  CHECK(object_id("redis") == "redis");
  CHECK(object_id("half_open") == "half_open");
  CHECK(object_id("a") == "a");
  CHECK(object_id("db2") == "db2");
  CHECK(object_id("9lives") == "9lives");                // nft and iptables take a leading digit
  CHECK(object_id("abcdefghijklm") == "abcdefghijklm");  // 13 characters: the maximum kept
}

TEST_CASE("object_id hashes long or odd names into [a-z0-9_]{1,13}", "[lower][object_id]") {
  const std::vector<std::string> names = {
      "abcdefghijklmn",      "half-open clients", "Half Open",   "x$(reboot)y",  "a`id`b", "\"quoted\"",
      "semi;colon",          "new\nline",         "caf\xC3\xA9", "\xE2\x98\x83", "",       "___",
      std::string(5000, 'x')};
  for (const std::string& name : names) {
    INFO("name: " << name);
    const std::string id = object_id(name);
    CHECK(valid_id(id));
    CHECK(id != name);
    CHECK(object_id(name) == id);  // deterministic
  }
  CHECK(object_id("half-open clients").starts_with("half_"));
}

TEST_CASE("object_id: names that differ only in case or punctuation get different ids", "[lower][object_id]") {
  const std::vector<std::string> names = {"half open", "Half Open",  "HALF OPEN",  "half-open", "half_open",
                                          "half.open", "half  open", "half-open!", "half/open", "half:open"};
  std::set<std::string> ids;
  for (const std::string& name : names) ids.insert(object_id(name));
  CHECK(ids.size() == names.size());
}

TEST_CASE("object_id: a readable id never spells a hashed one", "[lower][object_id]") {
  // The review's collision: these three all became `half_ope_b2cc` with a
  // 16-bit hash and a readable form that could take a hashed id's shape.
  const std::string hashed = object_id("Half Open");
  CHECK(object_id("half open 46688") != hashed);
  CHECK(object_id(hashed) != hashed);
  // A name shaped like a hashed id is hashed itself; a clean name that is
  // not keeps its form.
  CHECK(object_id("ab_0123abcd") != "ab_0123abcd");
  CHECK(object_id("ab_0123abcz") == "ab_0123abcz");
  CHECK(object_id("_0123abcd") != "_0123abcd");
  CHECK(object_id("!!!").starts_with("scen_"));  // never a leading `_`
  // Every hashed id ends in `_` and 8 hex digits (32 bits).
  for (const std::string name : {"half-open clients", "!!!", "", "x$(reboot)y"}) {
    const std::string id = object_id(name);
    INFO("name: " << name << " id: " << id);
    REQUIRE(id.size() >= 9);
    CHECK(id[id.size() - 9] == '_');
    CHECK(id.find_first_not_of("0123456789abcdef", id.size() - 8) == std::string::npos);
  }
}

TEST_CASE("object_id: 10,000 names that share a readable part get distinct ids", "[lower][object_id]") {
  // 10,000 names over 16 bits share an id about 760 times (birthday bound
  // n^2 / 2^17); over 32 bits, about 0.01 times.
  std::set<std::string> ids;
  for (int i = 0; i < 10000; ++i) ids.insert(object_id(fmt::format("half open {}", i)));
  CHECK(ids.size() == 10000);
}

TEST_CASE("object_id: random names always give valid ids", "[lower][object_id][property]") {
  std::mt19937 random(20261127);
  std::map<std::string, std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    std::string name(random() % 40, ' ');
    for (char& c : name) c = static_cast<char>(random() % 256);
    const std::string id = object_id(name);
    INFO("name bytes: " << name.size());
    REQUIRE(valid_id(id));
    seen[name] = id;
  }
  for (const auto& [name, id] : seen) CHECK(object_id(name) == id);
}

TEST_CASE("chain names fit iptables' 28 characters for rule numbers up to 9,999,999", "[lower][object_id]") {
  const std::vector<std::string> names = {"abcdefghijklm", std::string(300, 'Z'), "half-open clients", "x$(reboot)y"};
  for (const std::string& name : names) {
    const std::string prefix = "FAULTC-" + object_id(name);
    CHECK((prefix + "-9999999").size() <= 28);
    CHECK((prefix + "-fwd").size() <= 28);
  }
  // And as lower builds them.
  auto l = lower_ok("scenario \"a name far too long for any chain name\"\nto port 80 drop for 1m\n");
  CHECK(l->r().id.size() <= 13);
  CHECK(l->r().iptables_prefix == "FAULTC-" + l->r().id);
  CHECK(l->r().nft_table == "faultc_" + l->r().id);
  CHECK(name_text(iptables_name(l->r(), l->r().chains.at(0))) == l->r().iptables_prefix + "-1");
  CHECK(name_text(nft_name(l->r(), l->r().chains.at(0))) == "rule_1");
  CHECK(ruleset::dispatch_chain(l->r(), Hook::input) == l->r().iptables_prefix + "-in");
  CHECK(ruleset::dispatch_chain(l->r(), Hook::output) == l->r().iptables_prefix + "-out");
  CHECK(ruleset::dispatch_chain(l->r(), Hook::forward) == l->r().iptables_prefix + "-fwd");
}

TEST_CASE("a scenario without a name is named after its file", "[lower][object_id]") {
  auto l = lower_ok("to port 80 drop for 1m\n", {}, "web.fault");
  CHECK(l->r().scenario_name == "web");
  CHECK(l->r().id == "web");
}

// ================================================================ to_prefixes

namespace {

using V4 = IntervalSet<std::uint32_t>;

// How many addresses of [low, high] the set holds.
std::uint64_t covered(const V4& set, std::uint64_t low, std::uint64_t high) {
  std::uint64_t n = 0;
  for (const auto& i : set.intervals()) {
    const std::uint64_t a = std::max<std::uint64_t>(i.low, low), b = std::min<std::uint64_t>(i.high, high);
    if (a <= b) n += b - a + 1;
  }
  return n;
}

// The fewest prefixes that cover exactly `set`, from the binary trie: a node
// wholly inside the set is one prefix, a node outside it none, any other
// node the sum of its halves. Shares no code with prefixes.cpp.
std::size_t minimal_prefixes(const V4& set, std::uint64_t low = 0, unsigned length = 0) {
  const std::uint64_t size = std::uint64_t{1} << (32 - length);
  const std::uint64_t n = covered(set, low, low + size - 1);
  if (n == 0) return 0;
  if (n == size) return 1;
  return minimal_prefixes(set, low, length + 1) + minimal_prefixes(set, low + size / 2, length + 1);
}

}  // namespace

TEST_CASE("to_prefixes covers random IPv4 sets exactly, disjointly and minimally", "[lower][prefixes][property]") {
  std::mt19937 random(4242);
  const std::uint32_t bases[] = {0u, 0x0A000000u /* 10.0.0.0 */, 0x0A0000F0u /* unaligned */, 0xFFFFFC00u /* top */};
  constexpr std::uint32_t kWidth = 1024;
  for (int round = 0; round < 400; ++round) {
    const std::uint32_t base = bases[round % 4];
    ir::AddressSet set;
    const int count = 1 + static_cast<int>(random() % 6);
    for (int i = 0; i < count; ++i) {
      const std::uint32_t a = static_cast<std::uint32_t>(random() % kWidth);
      const std::uint32_t b = std::min<std::uint32_t>(kWidth - 1, a + static_cast<std::uint32_t>(random() % 300));
      set.v4.add(base + a, base + b);
    }
    set.normalize();
    const auto prefixes = to_prefixes(set, ir::Family::ipv4);
    INFO("round " << round << ", base " << base << ", " << set.v4.intervals().size() << " intervals");

    std::vector<std::pair<std::uint64_t, std::uint64_t>> blocks;
    for (const auto& p : prefixes) {
      REQUIRE(p.family == ir::Family::ipv4);
      REQUIRE(p.length <= 32);
      const std::uint64_t size = std::uint64_t{1} << (32 - p.length);
      const auto value = static_cast<std::uint64_t>(p.value);
      REQUIRE(value % size == 0);  // a real prefix: no host bits set
      blocks.emplace_back(value, value + size - 1);
    }
    // Sorted and disjoint.
    for (std::size_t i = 1; i < blocks.size(); ++i) REQUIRE(blocks[i - 1].second < blocks[i].first);
    // Their union is the set: every block inside it, and as many addresses.
    std::uint64_t total = 0;
    for (const auto& [low, high] : blocks) {
      REQUIRE(covered(set.v4, low, high) == high - low + 1);
      total += high - low + 1;
    }
    REQUIRE(total == covered(set.v4, 0, 0xFFFFFFFFull));
    // And no more prefixes than the trie needs.
    REQUIRE(prefixes.size() == minimal_prefixes(set.v4));
  }
}

TEST_CASE("to_prefixes: whole families and edges", "[lower][prefixes]") {
  ir::AddressSet all;
  all.v4 = V4::everything();
  all.v6 = IntervalSet<ir::u128>::everything();
  const auto v4 = to_prefixes(all, ir::Family::ipv4);
  REQUIRE(v4.size() == 1);
  CHECK(v4[0].length == 0);
  const auto v6 = to_prefixes(all, ir::Family::ipv6);
  REQUIRE(v6.size() == 1);
  CHECK(v6[0].length == 0);
  CHECK(v6[0].value == 0);

  ir::AddressSet edges;
  const ir::u128 top = ~ir::u128{0};
  edges.v6.add(top, top);
  edges.v6.add(0, 0);
  edges.v4.add(0xFFFFFFFFu, 0xFFFFFFFFu);
  edges.normalize();
  const auto e6 = to_prefixes(edges, ir::Family::ipv6);
  REQUIRE(e6.size() == 2);
  CHECK((e6[0].value == 0 && e6[0].length == 128));
  CHECK((e6[1].value == top && e6[1].length == 128));
  const auto e4 = to_prefixes(edges, ir::Family::ipv4);
  REQUIRE(e4.size() == 1);
  CHECK((e4[0].value == 0xFFFFFFFFu && e4[0].length == 32));

  // fd00::3:10 - fd00::3:1f is one /124; ::1 - ::2 needs two.
  ir::AddressSet six;
  const ir::u128 fd00 = ir::u128{0xFD00} << 112;
  six.v6.add(fd00 + 0x30010, fd00 + 0x3001F);
  six.v6.add(1, 2);
  six.normalize();
  const auto p6 = to_prefixes(six, ir::Family::ipv6);
  REQUIRE(p6.size() == 3);
  CHECK(p6[2].length == 124);
}

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

TEST_CASE("a helper chain's name is hashed to fit 28 characters when the rule number is long", "[lower][object_id]") {
  ruleset::Ruleset r;
  r.iptables_prefix = "FAULTC-abcdefghijklm";  // the longest id, 13 characters
  ruleset::Chain rule_chain;
  rule_chain.rule_number = 9'999'999;
  CHECK(name_text(iptables_name(r, rule_chain)) == "FAULTC-abcdefghijklm-9999999");
  ruleset::Chain helper = rule_chain;
  helper.helper_role = 'a';
  helper.helper_action = 2;
  const std::string name = name_text(iptables_name(r, helper));
  CHECK(name.size() == 28);
  CHECK(name.starts_with("FAULTC-abcdefghijklm-"));
  CHECK(name != name_text(iptables_name(r, rule_chain)));
  helper.helper_role = 'd';
  CHECK(name_text(iptables_name(r, helper)) != name);  // the two helpers never share a name
  CHECK(name_text(nft_name(r, helper)) == "rule_9999999_d2");
  ruleset::Chain short_helper;
  short_helper.rule_number = 12;
  short_helper.helper_role = 'a';
  short_helper.helper_action = 1;
  CHECK(name_text(iptables_name(r, short_helper)) == "FAULTC-abcdefghijklm-12a1");
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
  original.over_limit = ruleset::Limit{100, false, 1000, 5, "fc00000001"};
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

// ---------------------------------------------------------------- two threads

namespace {

// A scenario with every kind of rule the join of chunks must get right: helper chains (a log or a random drop over several patterns),
// shared and repeating windows, negated address lists, `between` (two
// jumps per rule), both families. One statement per line.
std::vector<std::string> mixed_statements() {
  std::vector<std::string> out;
  for (int i = 0; i < 60; ++i) {
    out.push_back(fmt::format("from 10.{}.0.0/16 to port {} allow SYN, ACK; drop rest after {}s for 1m\n", i, 1000 + i, i % 7));
    out.push_back(fmt::format("inbound tcp from not {{ 10.{}.1.1, 10.{}.2.2 }} {{ log \"BAD{}: \" badflags; drop badflags }}\n",
                              i, i, i));
    out.push_back(fmt::format("outbound to db port {} drop 30% for 2m every 5m\n", 5000 + i));
    out.push_back(fmt::format("between 10.{}.9.0/24 and 10.200.{}.1 drop new, SYN 30%\n", i, i));
  }
  return out;
}

// What `lower` then `emit` make of a front half's IR (the consuming lower,
// as `--teardown` uses), or the diagnostics that stop them.
std::string compiled_text(const Lowered& l, Target target, const LowerOptions& options, bool start) {
  ir::Scenario copy = *l.front.scenario;
  auto lowered = lower(std::move(copy), l.sources, options);
  std::string out = render_text(lowered.diagnostics, l.sources);
  if (!lowered.ok()) return out;
  emit::EmitOptions emit_options;
  if (start) emit_options.start_unix = 1'790'000'000;
  auto emitted = emit::emit(*lowered.value, target, emit_options);
  out += render_text(emitted.diagnostics, l.sources);
  if (emitted.ok()) out += *emitted.value;
  return out;
}

// The same through `faultc compile`'s chunked path (compiler/driver/artifact.hpp),
// `chunk` rules at a time.
std::string chunked_text(const Lowered& l, Target target, LowerOptions options, std::size_t chunk, bool start) {
  ArtifactOptions artifact{target, options, {}, chunk};
  artifact.parallel_from = chunk;  // two threads whenever there are two chunks
  if (start) artifact.emit.start_unix = 1'790'000'000;
  ir::Scenario copy = *l.front.scenario;
  auto compiled = compile_artifact(std::move(copy), l.sources, artifact);
  std::string out = render_text(compiled.diagnostics, l.sources);
  if (compiled.ok()) out += *compiled.value;
  return out;
}

}  // namespace

// `faultc compile` lowers and prints a chunk of rules at a time, the chunks
// shared between two threads, and joins the pieces (artifact.cpp). Chunks
// down to one rule must give the same text and diagnostics byte for byte as
// `lower` then `emit` in one go: every example, for every target.
TEST_CASE("lowering and printing in chunks gives the same artifact as in one go",
          "[lower][emit][threads]") {
  std::vector<std::pair<std::string, std::string>> scenarios;  // file name, text
  for (const auto& entry : std::filesystem::directory_iterator(FAULTC_SOURCE_DIR "/examples")) {
    if (entry.path().extension() != ".fault") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    scenarios.emplace_back(entry.path().filename().string(), text.str());
  }
  std::sort(scenarios.begin(), scenarios.end());
  REQUIRE(scenarios.size() >= 10);
  for (const auto& [file, text] : scenarios) {
    for (Target target : kTargets) {
      INFO(file << ", target " << target_name(target));
      const bool restore = target == Target::iptables_restore || target == Target::ip6tables_restore;
      auto l = lower_text(text, options_for(target, restore), file);
      const std::string one_go = compiled_text(*l, target, options_for(target, restore), restore);
      for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{7}, kChunkRules}) {
        CHECK(chunked_text(*l, target, options_for(target, restore), chunk, restore) == one_go);
      }
    }
  }
}

// The same for every prefix of a mixed scenario, cut into chunks of one and
// of two rules. Also a restore file without --start, which refuses the timed rules
// (F030, a note per rule in order), and `--at`, which leaves some timings
// with no window.
TEST_CASE("lowering and printing in chunks of one and two rules gives the same artifact", "[lower][emit][threads]") {
  const std::vector<std::string> statements = mixed_statements();
  std::size_t compared = 0, chunked = 0, refused = 0;
  for (std::size_t count = 1; count <= statements.size(); count += count < 40 ? 1 : 23) {
    std::string text = "host db = { 10.0.3.10, 10.0.3.11, fd00::3:10 }\nfor 1h\n";
    for (std::size_t k = 0; k < count; ++k) text += statements[k];
    for (Target target : kTargets) {
      const bool restore = target == Target::iptables_restore || target == Target::ip6tables_restore;
      for (bool start : {true, false}) {
        if (!restore && !start) continue;
        LowerOptions options = options_for(target, start);
        auto l = lower_text(text, options, "mixed.fault");
        INFO(count << " statements, target " << target_name(target) << (start ? " with --start" : ""));
        const std::string one_go = compiled_text(*l, target, options, start);
        ++compared;
        for (std::size_t chunk : {std::size_t{1}, std::size_t{2}}) {
          CHECK(chunked_text(*l, target, options, chunk, start) == one_go);
          ++chunked;
        }
        refused += one_go.find("F030") != std::string::npos;
      }
    }
    LowerOptions at;
    at.follows_timeline = true;
    at.at_ms = 30'000;
    auto l = lower_text(text, at, "mixed.fault");
    const std::string one_go = compiled_text(*l, Target::nft, at, false);
    CHECK(chunked_text(*l, Target::nft, at, 1, false) == one_go);
  }
  CHECK(compared > 200);
  CHECK(chunked > 400);
  CHECK(refused > 50);
}
