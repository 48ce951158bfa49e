// The protected control path (issue 23 item 6): `protect SELECTOR` and
// `expose loopback|neighbour-discovery` through analysis, lowering, the
// printers of every target and the evaluator.
#include <catch2/catch.hpp>

#include "compiler/explain/describe_rule.hpp"
#include "tests/unit/eval_support.hpp"
#include "tests/unit/lowered.hpp"

using namespace faultc;
using Kind = eval::Verdict::Kind;
using faultc::test::eval_tests::load;
namespace lowered = faultc::test;

namespace {

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("protect: every target puts the protections first in each hook it uses", "[protect][emit]") {
  auto l = lowered::lower_ok("protect tcp to port 22\ndrop for 1m\noutbound drop for 1m\n");
  const std::string nft = lowered::emitted(l->r(), lowered::Target::nft);
  INFO(nft);
  // input: loopback, neighbour discovery, the line and its replies; the
  // same in output (the replies leave from port 22).
  CHECK_THAT(nft, Catch::Contains("\t\ttype filter hook input priority -10; policy accept;\n"
                                  "\t\tiifname \"lo\" counter return comment \"faultc protects loopback\"\n"
                                  "\t\ticmpv6 type { 133, 134, 135, 136, 137 } counter return comment \"faultc "
                                  "protects neighbour discovery\"\n"
                                  "\t\ttcp dport 22 counter return comment \"main.fault:1 protect\"\n"
                                  "\t\ttcp sport 22 counter return comment \"main.fault:1 protect replies\"\n"));
  CHECK_THAT(nft, Catch::Contains("\t\toifname \"lo\" counter return comment \"faultc protects loopback\"\n"));
  CHECK_THAT(nft, !Catch::Contains("chain forward"));  // no rule there: no chain, no protection
  CHECK(count_of(nft, "accept;") == 2);                // the policies only: never an accept verdict
  const std::string v4 = lowered::emitted(l->r(), lowered::Target::iptables_restore);
  INFO(v4);
  CHECK_THAT(v4, Catch::Contains("-A FAULTC-main-in -i lo -m comment --comment \"faultc protects loopback\" -j RETURN\n"
                                 "-A FAULTC-main-in -p tcp -m tcp --dport 22 -m comment --comment \"main.fault:1 "
                                 "protect\" -j RETURN\n"));
  CHECK_THAT(v4, Catch::Contains("-A FAULTC-main-out -o lo "));
  CHECK_THAT(v4, !Catch::Contains("icmpv6"));
  CHECK_THAT(v4, !Catch::Contains("ACCEPT"));
  const std::string v6 = lowered::emitted(l->r(), lowered::Target::ip6tables_restore);
  INFO(v6);
  for (int type = 133; type <= 137; ++type) {
    CHECK_THAT(v6, Catch::Contains(fmt::format("-A FAULTC-main-in -p ipv6-icmp -m icmp6 --icmpv6-type {} -m comment "
                                               "--comment \"faultc protects neighbour discovery\" -j RETURN\n",
                                               type)));
  }
  // Before the first jump of the chain.
  CHECK(v6.find("--icmpv6-type 137") < v6.find("-A FAULTC-main-in -m comment --comment \"main.fault:2 rule 1\""));
}

TEST_CASE("protect: a direction and its replies; addresses per family", "[protect][lower]") {
  auto l = lowered::lower_ok("protect outbound to { 10.0.0.1, fd00::1 } port 53\nexpose loopback\n"
                             "expose neighbour-discovery\ndrop for 1m\n");
  const auto& p = l->r().protections;
  REQUIRE(p.size() == 4);  // IPv4 and IPv6, each out and back; no defaults
  CHECK(p[0].hook == ruleset::Hook::output);
  CHECK_FALSE(p[0].mirror);
  CHECK(p[2].hook == ruleset::Hook::input);
  CHECK(p[2].mirror);
  REQUIRE(p[2].match.source);
  CHECK(p[2].match.source->prefixes[0].value == 0x0a000001);
  REQUIRE(p[2].match.source_ports);
  CHECK(p[2].match.source_ports->ranges[0].low == 53);
  CHECK_FALSE(p[2].match.destination_ports);
  // An interface: the replies leave by the one the packets arrived on.
  auto i = lowered::lower_ok("protect inbound tcp on eth1 to port 22\ndrop for 1m\n");
  const auto& q = i->r().protections;
  REQUIRE(q.size() == 14);  // loopback 2, neighbour discovery 5 a hook, the line and its replies
  CHECK(*q[12].match.in_interface == "eth1");
  CHECK(*q[13].match.out_interface == "eth1");
}

TEST_CASE("protect: the rule selector's flows, each at its own hook, and their replies", "[protect][lower]") {
  const auto selectors = [](const char* text) {
    auto l = lowered::lower_ok(text);
    std::vector<ruleset::Protection> out;
    for (const auto& p : l->r().protections) {
      if (p.kind == ruleset::Protection::Kind::selector) out.push_back(p);
    }
    return out;
  };
  // `with` is its own mirror: received from the peer's port, sent to it.
  const auto with = selectors("protect with 10.0.0.5 port 5432\ndrop for 1m\n");
  REQUIRE(with.size() == 2);
  CHECK(with[0].hook == ruleset::Hook::input);
  CHECK(with[0].match.protocol == ir::Protocol::tcp);  // a port without a protocol: TCP
  REQUIRE((with[0].match.source && with[0].match.source_ports));
  CHECK(with[0].match.source_ports->ranges[0].low == 5432);
  CHECK(with[1].hook == ruleset::Hook::output);
  REQUIRE((with[1].match.destination && with[1].match.destination_ports));
  CHECK_FALSE((with[0].mirror || with[1].mirror));
  // A protocol list: a line per protocol, at every hook, with the replies.
  const auto dns = selectors("protect tcp, udp to port 53\ndrop for 1m\n");
  REQUIRE(dns.size() == 12);
  CHECK(dns[0].match.protocol == ir::Protocol::tcp);
  CHECK(dns[1].match.protocol == ir::Protocol::udp);
  // `between` without a direction: both ways at every hook, its own replies.
  const auto between = selectors("protect between 10.0.0.1 and 10.0.0.2\ndrop for 1m\n");
  REQUIRE(between.size() == 6);
  for (const auto& p : between) CHECK_FALSE(p.mirror);
}

TEST_CASE("protect: the evaluator follows the flows of `with` and protocol lists", "[protect][eval]") {
  auto s = load("protect with 10.0.0.5\nprotect tcp, udp to port 53\ndrop for 1m\noutbound drop for 1m\n");
  CHECK(s->kind("tcp from 10.0.0.5 to port 80") == Kind::allowed);
  CHECK(s->kind("outbound udp to 10.0.0.5 port 9") == Kind::allowed);
  CHECK(s->kind("tcp from 10.0.0.6 to port 80") == Kind::dropped);
  CHECK(s->kind("udp from 192.0.2.9 to port 53") == Kind::allowed);
  CHECK(s->kind("outbound udp from 10.0.0.1 port 53 to 192.0.2.9") == Kind::allowed);  // a reply
  CHECK(s->kind("icmp from 192.0.2.9") == Kind::dropped);
}

TEST_CASE("protect: `between` is its own mirror: no line twice in a hook", "[protect][lower]") {
  const auto count = [](const char* text, ruleset::Hook hook) {
    auto l = lowered::lower_ok(text);
    std::size_t n = 0;
    for (const auto& p : l->r().protections) n += p.kind == ruleset::Protection::Kind::selector && p.hook == hook;
    return n;
  };
  CHECK(count("protect between 10.0.0.1 and 10.0.0.2\ndrop for 1m\n", ruleset::Hook::input) == 2);
  CHECK(count("protect forwarded between 10.0.0.1 and 10.0.0.2\nforwarded drop for 1m\n", ruleset::Hook::forward) == 2);
  CHECK(count("protect inbound between 10.0.0.1 and 10.0.0.2\ndrop for 1m\n", ruleset::Hook::output) == 2);
  // With a port, the replies differ: both.
  CHECK(count("protect between 10.0.0.1 and 10.0.0.2 to port 22\ndrop for 1m\n", ruleset::Hook::input) == 4);
}

TEST_CASE("protect: the evaluator spares the packets and their replies, and says why", "[protect][eval]") {
  auto s = load("protect tcp to port 22\ndrop for 1m\noutbound drop for 1m\n");
  const auto ssh = s->at("tcp from 192.0.2.9 port 50000 to port 22");
  CHECK(ssh.kind == Kind::allowed);
  REQUIRE(ssh.protected_by);
  CHECK(ssh.protected_by->kind == ruleset::Protection::Kind::selector);
  CHECK(ssh.trace.empty());
  const auto reply = s->at("outbound tcp from 10.0.0.1 port 22 to 192.0.2.9 port 50000");
  CHECK(reply.kind == Kind::allowed);
  REQUIRE(reply.protected_by);
  CHECK(reply.protected_by->reply);
  const auto lines = trace_lines(reply, s->scenario(), s->sources);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "protected: `protect tcp to port 22` (main.fault:1:1), as a reply to the packets it names; no "
                    "rule sees it");
  CHECK(s->kind("tcp to port 80") == Kind::dropped);
  CHECK(s->kind("udp to port 22") == Kind::dropped);
  // Loopback, both ways, by default.
  const auto lo = s->at("tcp to port 5432 on lo");
  CHECK(lo.kind == Kind::allowed);
  REQUIRE(lo.protected_by);
  CHECK(lo.protected_by->kind == ruleset::Protection::Kind::loopback);
  CHECK(s->kind("outbound tcp to port 5432 on lo") == Kind::allowed);
  // Neighbour discovery: ICMPv6 of types 133-137 only, as an expect line
  // names them.
  CHECK(s->kind("icmp from fe80::1 to ff02::1") == Kind::dropped);  // an echo request: not discovery
  CHECK(s->kind("icmp from fe80::1 to ff02::1 neighbour-solicitation") == Kind::allowed);
  CHECK(s->kind("icmp from fe80::1 to ff02::1 router-solicitation") == Kind::allowed);
  CHECK(s->kind("icmp from fe80::1 to ff02::1 redirect") == Kind::allowed);
  CHECK(s->kind("icmp from fe80::1 to ff02::1 packet-too-big") == Kind::dropped);
  eval::Packet nd = s->packet("icmp from fe80::1 to ff02::1 neighbour-advertisement");
  CHECK(eval::evaluate(s->rules, nd, 0).kind == Kind::allowed);
  nd.family = ir::Family::ipv4;  // ICMP type 136 of IPv4 is nothing of the kind
  nd.source = nd.destination = 0x0a000001;
  CHECK(eval::evaluate(s->rules, nd, 0).kind == Kind::dropped);
  CHECK(s->kind("icmp from 10.0.0.1 redirect") == Kind::dropped);  // ICMP's redirect (type 5)
  // Exposed: the rules act on them.
  auto x = load("expose loopback\nexpose neighbour-discovery\ndrop for 1m\n");
  CHECK(x->kind("tcp to port 5432 on lo") == Kind::dropped);
  CHECK(x->kind("icmp from fe80::1 to ff02::1 neighbour-solicitation") == Kind::dropped);
}

TEST_CASE("protect: a default packet is not one a `protect` line names", "[protect][eval]") {
  // 192.0.2.1 is the first documentation address a default packet takes.
  auto s = load("protect from 192.0.2.1\ndrop for 1m\n");
  CHECK(s->kind("tcp to port 80") == Kind::dropped);
  CHECK(s->kind("tcp from 192.0.2.1 to port 80") == Kind::allowed);
}

TEST_CASE("protect: what analysis refuses", "[protect][analyze]") {
  using faultc::test::eval_tests::Loaded;
  const auto errors = [](std::string_view text) {
    SourceMap sources;
    const FileId id = sources.add("main.fault", std::string(text));
    return compile_front(sources, id).diagnostics;
  };
  const auto has = [](const Diagnostics& d, Code code, std::string_view text) {
    return std::any_of(d.begin(), d.end(),
                       [&](const Diagnostic& x) { return x.code == code && x.message.find(text) != std::string::npos; });
  };
  CHECK(has(errors("protect\ndrop for 1m\n"), Code::F039, "covers every packet"));
  CHECK(has(errors("protect outbound\ndrop for 1m\n"), Code::F039, "covers every outbound packet"));
  CHECK(has(errors("protect from not { 10.0.0.1, 10.0.0.9 }\ndrop for 1m\n"), Code::F039, "negate one address"));
  CHECK(has(errors("expose loopback\nexpose loopback\ndrop for 1m\n"), Code::F039, "given twice"));
  CHECK(has(errors("protect icmp to port 22\ndrop for 1m\n"), Code::F024, "ICMP has no ports"));
  CHECK(has(errors("expose ssh\ndrop for 1m\n"), Code::F001, "`loopback` or `neighbour-discovery`"));
  CHECK_FALSE(has_errors(errors("protect icmp\nprotect from not 10.0.0.1\ndrop for 1m\n")));
}

TEST_CASE("protect: explain lists what is protected", "[protect][explain]") {
  auto s = load("protect tcp to port 22\nexpose loopback\ndrop for 1m\n");
  const std::vector<std::string> lines = protection_lines(s->scenario(), s->sources);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "loopback (`lo`), both ways: exposed (`expose loopback`, line 2): the rules act on it");
  CHECK(lines[1] == "IPv6 neighbour discovery (ICMPv6 types 133-137), sent and received: protected by default "
                    "(`expose neighbour-discovery` gives it up)");
  CHECK(lines[2] == "line 1: `protect tcp to port 22`: all TCP packets to port 22, and the replies to them");
}
