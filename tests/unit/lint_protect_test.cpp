// The lints around the protected control path: W106 (SSH) silenced by a
// `protect` line that spares the sessions of this host's SSH server, and
// W111 (a rule every packet of which a `protect` line spares).
#include <catch2/catch.hpp>

#include "tests/unit/lint_support.hpp"

using namespace faultc;
using namespace faultc::test::lint_tests;

TEST_CASE("W106: a protected port 22 silences it; other protections do not", "[lint][W106][protect]") {
  for (const char* spared : {"protect tcp to port 22\n", "protect to port { 22, 2222 }\n",
                             "protect inbound tcp from 10.0.9.0/24 to port 22\n", "protect outbound tcp from port 22\n",
                             "protect tcp from port 1024-65535 to port 22\n"}) {
    expect_none(std::string(spared) + "inbound tcp drop for 1m\noutbound drop for 1m\n", Code::W106);
  }
  // Another port, another protocol, the host as a client, a client port range
  // too narrow for every session, a forwarded selector: still reported.
  for (const char* not_ssh : {"protect tcp to port 2222\n", "protect udp to port 22\n",
                              "protect outbound tcp to port 22\n", "protect tcp from port 50000 to port 22\n",
                              "protect forwarded tcp to port 22\n"}) {
    const auto r = compile(std::string(not_ssh) + "inbound tcp drop for 1m\n");
    INFO(not_ssh << r->text());
    CHECK(r->all(Code::W106).size() == 1);
  }
  // The fix is the first thing its help says.
  const auto r = compile("inbound tcp drop for 1m\n");
  const Diagnostic& d = expect_one(*r, Code::W106, 1, 13, "SSH session");
  CHECK_THAT(d.help, Catch::StartsWith("add the line `protect tcp to port 22`"));
}

TEST_CASE("W111: a rule every packet of which a protect line spares", "[lint][W111][protect]") {
  const auto r = compile("protect from 10.0.9.0/24\nfrom 10.0.9.7 drop for 1m\n");
  const Diagnostic& d = expect_one(*r, Code::W111, 2, 1, "every packet this rule sees is protected");
  CHECK(d.notes.size() == 1);
  // The replies: an outbound rule to port 22's clients, from port 22.
  expect_one(*compile("protect tcp to port 22\noutbound tcp from port 22 drop for 1m\n"), Code::W111, 2, 1,
             "protected");
  // A direction the protection has, a protocol within it, a narrower interface.
  expect_one(*compile("protect inbound on eth0 from 10.0.9.0/24\ninbound udp on eth0 from 10.0.9.0/25 drop for 1m\n"),
             Code::W111, 2, 1, "protected");
  // `with` and protocol lists: every flow of the rule is one of the line's.
  expect_one(*compile("protect with 10.0.0.5\nwith 10.0.0.5 drop for 1m\n"), Code::W111, 2, 1, "protected");
  expect_one(*compile("protect tcp, udp to port 53\nudp to port 53 drop for 1m\n"), Code::W111, 2, 1, "protected");
  // The inbound half as written, the outbound half as the replies.
  expect_one(*compile("protect inbound between 10.0.0.1 and 10.0.0.2\nbetween 10.0.0.1 and 10.0.0.2 drop for 1m\n"),
             Code::W111, 2, 1, "protected");
  // `not`: the rule's addresses inside the protected complement.
  expect_one(*compile("protect from not 10.0.0.0/8\nfrom 192.0.2.0/24 drop for 1m\n"), Code::W111, 2, 1, "protected");
}

TEST_CASE("W111 near misses: some packet still reaches the rule", "[lint][W111][protect]") {
  expect_none("protect from 10.0.9.0/24\nfrom 10.0.0.0/16 drop for 1m\n", Code::W111);  // wider
  expect_none("protect tcp from 10.0.9.0/24\nfrom 10.0.9.7 drop for 1m\n", Code::W111);  // every protocol
  expect_none("protect inbound from 10.0.9.0/24\noutbound from 10.0.9.7 drop for 1m\n", Code::W111);  // not a reply
  expect_none("protect on eth0 from 10.0.9.0/24\nfrom 10.0.9.7 drop for 1m\n", Code::W111);  // any interface
  expect_none("protect from 10.0.9.0/24\nfrom { 10.0.9.7, fd00::7 } drop for 1m\n", Code::W111);  // IPv6 too
  expect_none("protect tcp to port 22\ntcp to port 22-23 drop for 1m\n", Code::W111);
  expect_none("protect tcp to port 53\ntcp, udp to port 53 drop for 1m\n", Code::W111);  // UDP too
  expect_none("protect udp from 10.0.0.5\nwith 10.0.0.5 drop for 1m\n", Code::W111);  // every protocol
  expect_none("protect inbound from 10.0.0.1\nbetween 10.0.0.1 and 10.0.0.2 drop for 1m\n",
              Code::W111);  // 10.0.0.2 to 10.0.0.1 is neither a flow nor a reply
  // Two protections that cover it only together: not reported (one at a time).
  expect_none("protect from 10.0.9.0/25\nprotect from 10.0.9.128/25\nfrom 10.0.9.0/24 drop for 1m\n", Code::W111);
}
