// The emitters: what `emit` prints for a Ruleset, on every target. Verdicts
// as RETURN/return and on jumps; multiport splitting; windows as nft gate
// sets and iptables time matches; the incident's one-liner as exact
// iptables-restore and nft text; deterministic output; the value a backend
// changes (W107). Hostile text is emit_hostile_test.cpp's. Every scenario goes
// through compile_front → lower → emit exactly as `faultc compile` does
// (tests/unit/lowered.hpp).
#include "compiler/emit/emit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/parse/input_limits.hpp"
#include "compiler/source/text_safety.hpp"
#include "tests/unit/lowered.hpp"

using namespace faultc;
using namespace faultc::test;

// ================================================================ verdicts and matches

TEST_CASE("allow is RETURN and return, never ACCEPT or accept", "[emit]") {
  auto l = lower_ok("to port 1234 allow SYN; allow new; drop rest for 1m\n");
  for (Target t : kTargets) {
    const std::string text = emitted(l->r(), t);
    INFO(target_name(t) << ":\n" << text);
    CHECK_THAT(text, !Catch::Contains("ACCEPT"));
    CHECK_THAT(without_comments(text), !Catch::Contains("accept\n"));
    CHECK_THAT(without_comments(text), !Catch::Contains(" accept "));
  }
  CHECK_THAT(emitted(l->r(), Target::nft), Catch::Contains("counter return comment"));
  CHECK_THAT(emitted(l->r(), Target::iptables_restore), Catch::Contains("-j RETURN"));
}

TEST_CASE("multiport takes at most 15 ports: longer lists are split", "[emit]") {
  std::string ports;
  for (int p = 1; p <= 20; ++p) ports += fmt::format("{}{}", p == 1 ? "" : ", ", 1000 + 2 * p);
  auto l = lower_ok(fmt::format("to port {{ {} }} drop for 1m\n", ports));
  const std::string ip4 = emitted(l->r(), Target::iptables_restore);
  std::size_t jumps = 0;
  for (const std::string& line : lines_of(ip4)) {
    if (line.starts_with("-A FAULTC-main-in ") && !line.ends_with("-j RETURN")) ++jumps;  // not the protections
  }
  CHECK(jumps == 2);
  CHECK_THAT(ip4,
             Catch::Contains("--dports 1002,1004,1006,1008,1010,1012,1014,1016,1018,1020,1022,1024,1026,1028,1030 "));
  CHECK_THAT(ip4, Catch::Contains("--dports 1032,1034,1036,1038,1040 "));
  // nft: one set.
  CHECK_THAT(emitted(l->r(), Target::nft), Catch::Contains("tcp dport { 1002, 1004, "));
}

TEST_CASE("windows: nft gate sets and iptables time matches bound to --start", "[time][emit]") {
  auto l = lower_ok(
      "outbound to 10.0.3.10 port 5432 drop for 2m\n"
      "outbound to 10.0.3.10 port 5432 reject with tcp-reset after 2m for 1m\n",
      options_for(Target::nft));
  const std::string nft = emitted(l->r(), Target::nft);
  CHECK_THAT(nft, Catch::Contains("\tset t_2m {\n\t\ttype nf_proto\n\t\tflags timeout\n"
                                  "\t\telements = { ipv4 timeout 2m, ipv6 timeout 2m }\n\t}\n"));
  // A rule of one plain drop carries its verdict on the jump; no chain.
  CHECK_THAT(nft, Catch::Contains("ip daddr 10.0.3.10 tcp dport 5432 meta nfproto @t_2m counter drop comment "
                                  "\"main.fault:1 rule 1\""));
  CHECK_THAT(nft, !Catch::Contains("chain rule_1 {"));
  CHECK_THAT(nft,
             Catch::Contains(
                 "ip daddr 10.0.3.10 tcp dport 5432 meta nfproto != @t_2m meta nfproto @t_3m counter jump rule_2"));
  emit::EmitOptions start;
  start.start_unix = 1767225600;  // 2026-01-01T00:00:00Z
  const std::string ip4 = emitted(l->r(), Target::iptables_restore, start);
  CHECK_THAT(ip4, Catch::Contains("-m time --datestart 2026-01-01T00:00:00 --datestop 2026-01-01T00:01:59 "));
  CHECK_THAT(ip4, Catch::Contains("-m time --datestart 2026-01-01T00:02:00 --datestop 2026-01-01T00:02:59 "));
}

TEST_CASE("rules of one final verdict carry it on their jumps and need no chain", "[emit]") {
  constexpr const char* kRules =
      "scenario \"main\"\n"
      "tcp from 10.0.0.5 to port 1234 drop for 1m\n"             // 1: inlined
      "to port 81 reject for 1m\n"                               // 2: inlined
      "tcp to port 82 reject with tcp-reset for 1m\n"            // 3: -p tcp must be on its line
      "to port 83 drop 30% for 1m\n"                             // 4: a random drop matches sometimes
      "to port 84 allow SYN; drop rest for 1m\n"                 // 5: two lines
      "from not { 10.0.0.1, 10.0.0.3 } to port 85 drop for 1m\n";  // 6: iptables needs RETURN guards
  auto l = lower_ok(kRules, options_for(Target::iptables_restore));
  const auto inlined = ruleset::inlined_verdicts(l->r(), emit::kNftComment);
  REQUIRE(inlined.size() == 6);
  CHECK(inlined[0] != nullptr);
  CHECK(inlined[1] != nullptr);
  for (std::size_t chain : {2u, 3u, 4u, 5u}) {
    INFO("rule " << chain + 1);
    CHECK(inlined[chain] == nullptr);
  }
  const std::string nft = emitted(l->r(), Target::nft);
  CHECK_THAT(nft, Catch::Contains("ip saddr 10.0.0.5 tcp dport 1234 meta nfproto @t_1m counter drop comment "
                                  "\"main.fault:2 rule 1\"\n"));
  CHECK_THAT(nft, Catch::Contains("tcp dport 81 meta nfproto @t_1m counter reject with icmpx type port-unreachable comment "
                                  "\"main.fault:3 rule 2\"\n"));
  CHECK_THAT(nft, !Catch::Contains("chain rule_1 {") && !Catch::Contains("chain rule_2 {") &&
                      Catch::Contains("chain rule_3 {") && Catch::Contains("chain rule_6 {"));
  const std::string ip4 = emitted(l->r(), Target::iptables_restore);
  CHECK_THAT(ip4, Catch::Contains("-A FAULTC-main-in -s 10.0.0.5/32 -p tcp -m tcp --dport 1234 -m comment --comment "
                                  "\"main.fault:2 rule 1\" -j DROP\n"));
  CHECK_THAT(ip4, !Catch::Contains(":FAULTC-main-1 ") && !Catch::Contains("-A FAULTC-main-1 ") &&
                      Catch::Contains(":FAULTC-main-3 "));
  emit::EmitOptions teardown;
  teardown.teardown = true;
  const std::string removal = emitted(l->r(), Target::iptables_restore, teardown);
  CHECK_THAT(removal, !Catch::Contains("-X FAULTC-main-1\n") && Catch::Contains("-X FAULTC-main-3\n"));
  // The comment names the rule too; where that would not fit the tool's
  // limit, the rule keeps its chain rather than losing its counters.
  // (Lowering cuts file names so that every comment fits: the name is
  // set after lowering to reach this.)
  auto short_name = lower_ok("to port 80 drop for 1m\n");
  ruleset::Ruleset long_name = short_name->r();
  long_name.comment_file = std::string(128 - 8, 'f') + ".fault";
  CHECK(ruleset::inlined_verdicts(long_name, emit::kNftComment)[0] == nullptr);
  CHECK(ruleset::inlined_verdicts(long_name, emit::kIptablesComment)[0] != nullptr);
  CHECK_THAT(emitted(long_name, Target::nft), Catch::Contains("counter jump rule_1"));
}

// iptables cannot say `! -s a,b`: the chain RETURNs the list first. The
// jumps of a `tcp, udp` rule carry the same negated list, so one set of
// guards serves them all; `with not { a, b }` (two sides) is refused by
// analysis (F031, analyze_matches_test.cpp).
TEST_CASE("a protocol list shares one set of RETURN guards", "[emit][negation]") {
  auto l = lower_ok("scenario \"main\"\ntcp, udp from not { 10.0.0.1, 10.0.0.3 } to port 53 drop for 1m\n"
                    "expose loopback\n",  // its protection is a RETURN too
                    options_for(Target::iptables_restore));
  REQUIRE(l->r().jumps.size() == 4);  // 2 protocols x 2 families (IPv6: every address)
  const std::string ip4 = emitted(l->r(), Target::iptables_restore);
  CHECK_THAT(ip4, Catch::Contains("-A FAULTC-main-in -p tcp -m tcp --dport 53 -m comment --comment \"main.fault:2\" "
                                  "-j FAULTC-main-1\n"));
  CHECK_THAT(ip4, Catch::Contains("-A FAULTC-main-in -p udp -m udp --dport 53 -m comment --comment \"main.fault:2\" "
                                  "-j FAULTC-main-1\n"));
  std::size_t guards = 0;
  for (const std::string& line : lines_of(ip4)) guards += line.find("-j RETURN") != std::string::npos;
  CHECK(guards == 1);
}

// Printers measure comments one by one only when the longest a comment of
// the ruleset can be exceeds their tool's limit: that bound must hold for
// the largest line and rule numbers.
TEST_CASE("no comment is longer than longest_comment", "[emit]") {
  auto l = lower_ok("to port 80 drop for 1m\n");
  const ruleset::Ruleset& r = l->r();
  const std::size_t longest = fmt::formatted_size("{}", ruleset::Comment{r.comment_file, UINT32_MAX, SIZE_MAX});
  CHECK(ruleset::longest_comment(r) == longest);
  CHECK(fmt::formatted_size("{}", ruleset::comment(r, r.jumps.front(), true)) < longest);
}

// ================================================================ the incident

TEST_CASE("the incident one-liner as exact iptables-restore text", "[incident][emit]") {
  auto l = lower_ok(exposed_incident(), options_for(Target::iptables_restore), "incident.fault");
  CHECK(without_comments(emitted(l->r(), Target::iptables_restore)) ==
        "*filter\n"
        ":FAULTC-incident-in - [0:0]\n"
        ":FAULTC-incident-1 - [0:0]\n"
        "-A FAULTC-incident-in -s 10.0.0.5/32 -p tcp -m tcp --dport 1234 -m comment --comment \"incident.fault:3\" "
        "-j FAULTC-incident-1\n"
        "-A FAULTC-incident-1 -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG SYN -m comment --comment "
        "\"incident.fault:3\" -j RETURN\n"
        "-A FAULTC-incident-1 -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG ACK -m comment --comment "
        "\"incident.fault:3\" -j RETURN\n"
        "-A FAULTC-incident-1 -m comment --comment \"incident.fault:3\" -j DROP\n"
        "-I INPUT 1 -m comment --comment \"faultc incident\" -j FAULTC-incident-in\n"
        "COMMIT\n");
  emit::EmitOptions start;
  start.start_unix = 1767225600;
  CHECK_THAT(emitted(l->r(), Target::iptables_restore, start),
             Catch::Contains("-A FAULTC-incident-in -s 10.0.0.5/32 -p tcp -m tcp --dport 1234 -m time --datestart "
                             "2026-01-01T00:00:00 --datestop 2026-01-01T00:03:59 -m comment --comment "
                             "\"incident.fault:3\" -j FAULTC-incident-1\n"));
  CHECK(without_comments(emitted(l->r(), Target::ip6tables_restore)) == "*filter\nCOMMIT\n");
  emit::EmitOptions teardown;
  teardown.teardown = true;
  CHECK(without_comments(emitted(l->r(), Target::iptables_restore, teardown)) ==
        "*filter\n"
        "-D INPUT -m comment --comment \"faultc incident\" -j FAULTC-incident-in\n"
        "-F FAULTC-incident-in\n"
        "-F FAULTC-incident-1\n"
        "-X FAULTC-incident-in\n"
        "-X FAULTC-incident-1\n"
        "COMMIT\n");
}

TEST_CASE("the incident one-liner as exact nft text", "[incident][emit]") {
  auto l = lower_ok(exposed_incident(), options_for(Target::nft), "incident.fault");
  CHECK(without_comments(emitted(l->r(), Target::nft)) ==
        "table inet faultc_incident {}\n"
        "delete table inet faultc_incident\n"
        "table inet faultc_incident {\n"
        "\tset t_4m {\n"
        "\t\ttype nf_proto\n"
        "\t\tflags timeout\n"
        "\t\telements = { ipv4 timeout 4m, ipv6 timeout 4m }\n"
        "\t}\n"
        "\n"
        "\tchain input {\n"
        "\t\ttype filter hook input priority -10; policy accept;\n"
        "\t\tip saddr 10.0.0.5 tcp dport 1234 meta nfproto @t_4m counter jump rule_1 comment \"incident.fault:3\"\n"
        "\t}\n"
        "\n"
        "\tchain rule_1 {\n"
        "\t\ttcp flags & (fin|syn|rst|psh|ack|urg) == syn counter return comment \"incident.fault:3\"\n"
        "\t\ttcp flags & (fin|syn|rst|psh|ack|urg) == ack counter return comment \"incident.fault:3\"\n"
        "\t\tcounter drop comment \"incident.fault:3\"\n"
        "\t}\n"
        "}\n");
  emit::EmitOptions teardown;
  teardown.teardown = true;
  CHECK(without_comments(emitted(l->r(), Target::nft, teardown)) ==
        "table inet faultc_incident {}\ndelete table inet faultc_incident\n");
}

TEST_CASE("output is byte-identical for identical input", "[emit][determinism]") {
  const char* text =
      "scenario \"Determinism: check\"\n"
      "host db = { 10.0.3.10, 10.0.3.11, fd00::3:10 }\n"
      "outbound to db port 5432 drop 30% for 2m\n"
      "outbound to db port 5432 reject with tcp-reset after 2m for 1m\n"
      "to port { 80, 443, 8000-8080 } limit 1mbyte/s burst 64kbyte for 3m\n"
      "inbound tcp { log \"BADFLAGS: \" badflags; drop badflags } for 3m\n";
  for (Target t : kTargets) {
    emit::EmitOptions o;
    if (t == Target::iptables_restore || t == Target::ip6tables_restore) o.start_unix = 1767225600;
    const std::string a = emitted(lower_ok(text, options_for(t, true))->r(), t, o);
    const std::string b = emitted(lower_ok(text, options_for(t, true))->r(), t, o);
    CHECK(a == b);
  }
}

// ================================================================ W107

namespace {
constexpr const char* kSmallByteBurst = "to port 80 limit 1mbyte/s burst 64kbyte for 15m\n";
}  // namespace

TEST_CASE("W107: iptables raises a byte burst below one second of the rate, and says so", "[emit][W107]") {
  for (Target t : {Target::iptables, Target::iptables_restore, Target::ip6tables_restore}) {
    INFO(target_name(t));
    auto l = lower_ok(kSmallByteBurst, options_for(t));
    const auto result = emit_for(l->r(), t);
    INFO(render_text(result.diagnostics, l->sources));
    REQUIRE(result.ok());  // a warning: the artifact is still made
    REQUIRE(count_code(result.diagnostics, Code::W107) == 1);
    const Diagnostic& d = result.diagnostics.front();
    CHECK(d.severity == Severity::warning);
    CHECK(l->sources.file(0).locate(d.span.begin).line == 1);
    CHECK(l->sources.file(0).locate(d.span.begin).column == 12);
    CHECK_THAT(d.message, Catch::Contains("the burst is raised from 65536 to 1048576 bytes"));
    CHECK_THAT(*result.value, Catch::Contains("--hashlimit-above 1048576b/s --hashlimit-burst 1048576b "));
  }
}

TEST_CASE("W107 near misses: nft takes the burst as written; a burst of a second's bytes; a packet rate",
          "[emit][W107]") {
  auto small = lower_ok(kSmallByteBurst, options_for(Target::nft));
  const auto nft = emit_for(small->r(), Target::nft);
  REQUIRE(nft.ok());
  CHECK(count_code(nft.diagnostics, Code::W107) == 0);
  CHECK_THAT(*nft.value, Catch::Contains("limit rate over 1048576 bytes/second burst 65536 bytes "));
  for (const char* text : {"to port 80 limit 1mbyte/s burst 1mbyte for 15m\n", "to port 80 limit 100/s for 15m\n"}) {
    for (Target t : kTargets) {
      INFO(text << target_name(t));
      const auto result = emit_for(lower_ok(text, options_for(t))->r(), t);
      CHECK(result.ok());
      CHECK(count_code(result.diagnostics, Code::W107) == 0);
    }
  }
}
