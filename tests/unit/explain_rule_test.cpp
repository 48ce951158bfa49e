// What `faultc explain` says a rule sees (compiler/explain/describe_rule):
// a rule of one hook names its direction; a rule of this host's traffic
// both ways (`with`, `between` without a direction) says what it takes of
// what the host receives and of what it sends; a protocol list is named in
// full.
#include <catch2/catch.hpp>
#include <string>

#include "compiler/explain/describe_rule.hpp"
#include "tests/unit/analyze_support.hpp"

using namespace faultc;
using namespace faultc::test::analyze_tests;

namespace {

std::string sees(std::string_view text) {
  const auto r = compile(text);
  INFO(r->text());
  REQUIRE(r->c.ok());
  return describe_rule(r->rule(0), r->scenario(), r->sources).sees;
}

}  // namespace

TEST_CASE("explain: what a rule of one or two hooks sees", "[explain]") {
  CHECK(sees("host db = 10.0.3.10\nwith db drop for 1m\n") ==
        "packets of every protocol this host receives from 10.0.3.10, and those it sends to 10.0.3.10 (IPv4 only)");
  CHECK(sees("tcp, udp with 10.0.3.10 port 5432 on eth0 drop for 1m\n") ==
        "TCP and UDP packets this host receives from 10.0.3.10 port 5432 arriving on eth0, and those it sends to "
        "10.0.3.10 port 5432 leaving by eth0 (IPv4 only)");
  CHECK(sees("between 10.0.0.1 and 10.0.3.10 drop for 1m\n") ==
        "packets of every protocol this host receives or sends between 10.0.0.1 and 10.0.3.10, both ways (IPv4 only)");
  CHECK(sees("udp between 10.0.0.1 and 10.0.3.10 on eth1 drop for 1m\n") ==
        "UDP packets this host receives or sends between 10.0.0.1 and 10.0.3.10, both ways arriving on or leaving by "
        "eth1 (IPv4 only)");
  CHECK(sees("forwarded between 10.1.0.0/16 and 10.2.0.0/16 drop for 1m\n") ==
        "forwarded packets of every protocol between 10.1.0.0/16 and 10.2.0.0/16, both ways (IPv4 only)");
  CHECK(sees("outbound icmp, tcp, udp to 10.0.0.53 drop for 1m\n") ==
        "outbound TCP, UDP and ICMP packets to 10.0.0.53 (IPv4 only)");
  CHECK(sees("tcp to port 80 on eth0 drop for 1m\n") == "inbound TCP packets to port 80 arriving on eth0");
}
