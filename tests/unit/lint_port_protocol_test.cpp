// W110 (compiler/lint/lint_port_protocol.cpp): a port without a protocol
// means TCP only; the warning is at the clause with the port, its help
// names `tcp` (the same meaning) and `tcp, udp` (both), after the direction
// when there is one; a rule that says TCP otherwise is left alone. A
// `protect` line is told the same.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/unit/lint_support.hpp"

namespace faultc {
namespace {

using test::lint_tests::compile;

// The W110 warnings of a scenario, copied out of its compilation.
std::vector<Diagnostic> w110(const std::string& text) {
  const auto compiled = compile(text);  // alive while its diagnostics are copied
  std::vector<Diagnostic> out;
  for (const Diagnostic* d : compiled->all(Code::W110)) out.push_back(*d);
  return out;
}

TEST_CASE("W110: a port without a protocol, at its clause, with the fix", "[lint][W110]") {
  const std::vector<Diagnostic> found = w110("outbound to 10.0.0.53 port 53 drop for 5m\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == Severity::warning);
  CHECK(found[0].message == "a port without a protocol means TCP only: this rule leaves UDP alone");
  CHECK(found[0].span.begin == 9);  // `to 10.0.0.53 port 53`
  CHECK(found[0].span.end == 29);
  CHECK(found[0].help ==
        "start the rule with `outbound tcp` to keep this meaning, or with `outbound tcp, udp` for UDP too");
  // Without a direction; the first clause with a port, `from`, `to` or `with`.
  const std::vector<Diagnostic> plain = w110("to 10.0.0.1 port 80 from port 5000-6000 drop for 1m\n");
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].span.begin == 0);
  CHECK(plain[0].help == "start the rule with `tcp` to keep this meaning, or with `tcp, udp` for UDP too");
  CHECK(w110("from port 5000 to port 80 drop for 1m\n").at(0).span.begin == 0);
  CHECK(w110("with 10.0.0.1 port 5432 drop for 1m\n").size() == 1);
  // `new` and `established` are not TCP's alone.
  CHECK(w110("to port 6379 reject new for 1m\n").size() == 1);
}

TEST_CASE("W110 near misses: a protocol, no port, or a rule that says TCP otherwise", "[lint][W110]") {
  CHECK(w110("tcp to port 80 drop for 1m\n").empty());
  CHECK(w110("udp to port 53 drop for 1m\n").empty());
  CHECK(w110("tcp, udp to port 53 drop for 1m\n").empty());
  CHECK(w110("from 10.0.0.1 drop for 1m\n").empty());
  CHECK(w110("to port 80 drop SYN for 1m\n").empty());
  CHECK(w110("to port 80 { log badflags; drop rest } for 1m\n").empty());
  CHECK(w110("to port 80 drop data 5% for 1m\n").empty());
  CHECK(w110("to port 80 half-open for 1m\n").empty());
  CHECK(w110("to port 80 reject with tcp-reset for 1m\n").empty());
  CHECK(w110("to port 80 drop for 1m  # faultc: allow W110\n").empty());
}

TEST_CASE("W110 on a `protect` line: its port means TCP only too", "[lint][W110][protect]") {
  const std::vector<Diagnostic> found = w110("protect outbound to 10.0.0.53 port 53\ndrop for 1m\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].message == "a port without a protocol means TCP only: this `protect` leaves UDP unprotected");
  CHECK(found[0].span.begin == 17);  // `to 10.0.0.53 port 53`
  CHECK(found[0].help == "start the line with `protect outbound tcp` to keep this meaning, or with "
                         "`protect outbound tcp, udp` for UDP too");
  CHECK(w110("protect to port 22\ndrop for 1m\n").at(0).help ==
        "start the line with `protect tcp` to keep this meaning, or with `protect tcp, udp` for UDP too");
  CHECK(w110("protect tcp, udp to port 53\ndrop for 1m\n").empty());
  CHECK(w110("protect from 10.0.9.0/24\ndrop for 1m\n").empty());
}

}  // namespace
}  // namespace faultc
