// Gate chains (ruleset::Chain::gated): a timed rule of many jumps and many
// windows enters its chain through one chain that tests each window once,
// so that its artifact grows as jumps + windows, not jumps x windows. The
// decision is lower's; every printer, the teardown, the shell script's
// revert and the runtime's names and counters follow it.
#include <regex>

#include "runtime/counters.hpp"
#include "runtime/object_names.hpp"
#include "tests/unit/lowered.hpp"

using namespace faultc;
using namespace faultc::test;

namespace {

// Eight jumps a window (two hooks, two ways, two protocols, one family) and
// 882 windows in the minute: 7,056 windowed jumps without a gate.
constexpr const char* kBig =
    "host a = 10.0.0.1\n"
    "host b = 10.0.0.2\n"
    "icmp, udp between a and b drop for 30ms every 68ms\n"
    "for 1m\n";
constexpr std::size_t kBigJumps = 8, kBigWindows = 882;

LowerOptions timeline() {
  LowerOptions o;
  o.follows_timeline = true;
  return o;
}

std::size_t count_lines(const std::string& text, const std::string& part) {
  const std::vector<std::string> lines = lines_of(text);
  return static_cast<std::size_t>(
      std::count_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(part) != std::string::npos; }));
}

// The lines of nft chain `name`, between its header and its closing brace.
std::vector<std::string> nft_chain(const std::string& text, const std::string& name) {
  std::vector<std::string> out;
  bool inside = false;
  for (const std::string& line : lines_of(text)) {
    if (line == "\tchain " + name + " {") {
      inside = true;
    } else if (inside && line == "\t}") {
      break;
    } else if (inside) {
      out.push_back(line);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("gate_pays: a gate only where it prints fewer lines than every jump in every window", "[lower][gate]") {
  CHECK_FALSE(gate_pays(1, 1000));  // one jump: its windows are the gate
  CHECK_FALSE(gate_pays(1000, 1));  // one window: nothing repeats
  CHECK_FALSE(gate_pays(2, 2));
  CHECK_FALSE(gate_pays(2, 4));  // 8 lines either way
  CHECK(gate_pays(2, 5));
  CHECK(gate_pays(3, 3));
  CHECK(gate_pays(kBigJumps, kBigWindows));
}

TEST_CASE("a rule of many jumps and windows is gated; one of one jump, one window or --at is not", "[lower][gate]") {
  auto big = lower_ok(kBig, timeline());
  REQUIRE(big->r().chains.size() == 1);
  CHECK(big->r().chains[0].gated);
  CHECK(big->r().jumps.size() == kBigJumps);
  CHECK(big->r().windows(big->r().jumps[0]).size() == kBigWindows);

  auto one_jump = lower_ok("from 10.0.9.0/24 drop for 10s every 1m\nfor 1h\n", timeline());
  CHECK(one_jump->r().jumps.size() == 1);
  CHECK_FALSE(one_jump->r().chains[0].gated);

  auto one_window = lower_ok("icmp, udp between 10.0.0.1 and 10.0.0.2 drop after 5s for 30s\nfor 1m\n", timeline());
  CHECK(one_window->r().jumps.size() == kBigJumps);
  CHECK_FALSE(one_window->r().chains[0].gated);

  LowerOptions at = timeline();
  at.at_ms = 10;  // inside the first window: one window, what is left of it
  auto at_offset = lower_ok(kBig, at);
  REQUIRE(at_offset->r().chains.size() == 1);
  CHECK_FALSE(at_offset->r().chains[0].gated);
}

TEST_CASE("nft: a gated rule prints its jumps once and its windows once, in its gate chain", "[lower][gate][emit]") {
  auto l = lower_ok(kBig, timeline());
  const std::string text = emitted(l->r(), Target::nft);
  // Each jump once, with no window test, into the gate chain.
  CHECK(count_lines(text, "counter jump gate_1 comment \"main.fault:3\"") == kBigJumps);
  const std::vector<std::string> gate = nft_chain(text, "gate_1");
  CHECK(gate.size() == kBigWindows);
  // The rule's one drop is inlined: the gate's lines drop, each in its
  // window, and no other line does (the dead-man: the sets' timeouts alone
  // decide when anything is dropped).
  for (const std::string& line : gate) {
    INFO(line);
    CHECK(line.find("meta nfproto @t_") != std::string::npos);
    CHECK(line.ends_with("counter drop comment \"main.fault:3 rule 1\""));
  }
  CHECK(count_lines(text, " drop comment") == kBigWindows);
  CHECK(count_lines(text, "counter") == kBigJumps + kBigWindows + 4);  // and 4 protections
}

TEST_CASE("nft: a gated rule with a chain enters it from each window of its gate", "[lower][gate][emit]") {
  auto l = lower_ok(
      "tcp, udp with 10.0.0.7 { log \"X: \"; drop 50% } for 1s every 10s\n"
      "for 1m\n",
      timeline());
  REQUIRE(l->r().chains[0].gated);
  const std::string text = emitted(l->r(), Target::nft);
  const std::vector<std::string> gate = nft_chain(text, "gate_1");
  CHECK(gate.size() == 6);
  for (const std::string& line : gate) CHECK(line.find("@t_") != std::string::npos);
  CHECK(count_lines(text, "jump rule_1 ") == 6);   // only from the gate
  CHECK(count_lines(text, "jump gate_1 ") == 4);   // two hooks, two protocols
  CHECK(nft_chain(text, "rule_1").size() == 2);
}

TEST_CASE("iptables: gate lines carry -m time; the teardown and the script's revert remove the gate chain",
          "[lower][gate][emit]") {
  auto l = lower_ok(kBig, options_for(Target::iptables_restore, true));
  emit::EmitOptions start;
  start.start_unix = 1'790'000'000;
  const std::string restore = emitted(l->r(), Target::iptables_restore, start);
  const std::string gate = name_text(ruleset::iptables_gate_name(l->r(), l->r().chains[0]));
  CHECK(gate == l->r().iptables_prefix + "-1g");
  CHECK(count_lines(restore, ":" + gate + " - [0:0]") == 1);
  CHECK(count_lines(restore, "-j " + gate) == kBigJumps);
  CHECK(count_lines(restore, "-A " + gate + " -m time --datestart ") == kBigWindows);
  CHECK(count_lines(restore, "-m time --datestart") == kBigWindows);  // the jumps test none

  emit::EmitOptions teardown;
  teardown.teardown = true;
  const std::string removal = emitted(l->r(), Target::iptables_restore, teardown);
  CHECK(count_lines(removal, "-F " + gate) == 1);
  CHECK(count_lines(removal, "-X " + gate) == 1);

  // The script's revert finds its chains with one sed pattern: the gate's
  // name among them, and a hashed one cut at 28 characters.
  const std::string script = emitted(l->r(), Target::iptables);
  const std::size_t from = script.find("'s/^:(") + 4, to = script.find("/\\1/p'");
  REQUIRE(to != std::string::npos);
  const std::regex chains(script.substr(from, to - from));
  CHECK(std::regex_match(":" + gate + " - [0:0]", chains));
  CHECK(std::regex_match(":" + l->r().iptables_prefix + "-1 - [0:0]", chains));
  CHECK(std::regex_match(":" + l->r().iptables_prefix + "-0badf00 - [0:0]", chains));
  CHECK_FALSE(std::regex_match(":" + l->r().iptables_prefix + "-mine - [0:0]", chains));
}

TEST_CASE("gate chain names fit iptables' 28 characters and are faultc's", "[lower][gate][names]") {
  ruleset::Ruleset r;
  r.id = "half_ope_b2cc";  // 13 characters, the longest id
  r.iptables_prefix = "FAULTC-" + r.id;
  ruleset::Chain chain;
  for (std::size_t rule : {std::size_t{1}, std::size_t{999'999}, std::size_t{1'000'000}, std::size_t{9'999'999}}) {
    chain.rule_number = rule;
    const std::string name = name_text(ruleset::iptables_gate_name(r, chain));
    INFO(name);
    CHECK(name.size() <= 28);
    CHECK(runtime::is_faultc_chain(name, r.id));
    CHECK(name != name_text(ruleset::iptables_name(r, chain)));
  }
  chain.rule_number = 12;
  CHECK(name_text(ruleset::iptables_gate_name(r, chain)) == "FAULTC-half_ope_b2cc-12g");
  CHECK(name_text(ruleset::nft_gate_name(r, chain)) == "gate_12");
  CHECK_FALSE(runtime::is_faultc_chain("FAULTC-half_ope_b2cc-g", r.id));
  CHECK_FALSE(runtime::is_faultc_chain("FAULTC-half_ope_b2cc-12gg", r.id));
}

TEST_CASE("status counts a gated rule's packets on its gate's lines, not on its jumps", "[lower][gate][runtime]") {
  std::map<std::size_t, runtime::RuleCounters> nft;
  runtime::count_nft(
      "table inet faultc_x {\n"
      "\tchain input {\n"
      "\t\tip saddr 10.0.0.1 counter packets 9 bytes 900 jump gate_3 comment \"x.fault:4\"\n"
      "\t}\n"
      "\tchain gate_3 {\n"
      "\t\tmeta nfproto @t_1s counter packets 4 bytes 400 jump rule_3 comment \"x.fault:4\"\n"
      "\t\tmeta nfproto != @t_2s meta nfproto @t_3s counter packets 1 bytes 100 jump rule_3 comment \"x.fault:4\"\n"
      "\t}\n"
      "\tchain gate_4 {\n"
      "\t\tmeta nfproto @t_1s counter packets 2 bytes 200 drop comment \"x.fault:5 rule 4\"\n"
      "\t}\n"
      "\tchain rule_3 {\n"
      "\t\tcounter packets 5 bytes 500 drop comment \"x.fault:4\"\n"
      "\t}\n"
      "}\n",
      nft);
  CHECK(nft[3].seen_packets == 5);
  CHECK(nft[3].dropped_packets == 5);
  CHECK(nft[4].seen_packets == 2);
  CHECK(nft[4].dropped_packets == 2);

  std::map<std::size_t, runtime::RuleCounters> ipt;
  runtime::count_iptables(
      "[9:900] -A FAULTC-x-in -s 10.0.0.1/32 -m comment --comment \"x.fault:4\" -j FAULTC-x-3g\n"
      "[4:400] -A FAULTC-x-3g -m time --datestart 2026-01-01T00:00:00 -m comment --comment \"x.fault:4\" -j FAULTC-x-3\n"
      "[1:100] -A FAULTC-x-3g -m time --datestart 2026-01-01T00:00:02 -m comment --comment \"x.fault:4\" -j FAULTC-x-3\n"
      "[5:500] -A FAULTC-x-3 -m comment --comment \"x.fault:4\" -j DROP\n"
      "[2:200] -A FAULTC-x-0badf00d -m time --datestart 2026-01-01T00:00:00 -m comment --comment \"x.fault:5 rule "
      "4\" -j DROP\n",
      "x", ipt);
  CHECK(ipt[3].seen_packets == 5);
  CHECK(ipt[3].dropped_packets == 5);
  CHECK(ipt[4].seen_packets == 2);
  CHECK(ipt[4].dropped_packets == 2);
}
