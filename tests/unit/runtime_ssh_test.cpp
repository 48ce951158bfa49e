// What `faultc run` says on a remote shell (runtime/ssh_reminder.hpp): the
// scenario's protections, and a warning when the SSH session it runs in is
// not among them while a rule may act on it. Nothing of SSH_CONNECTION is
// echoed but the numbers read from it.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>

#include "runtime/ssh_reminder.hpp"

using namespace faultc::runtime;

namespace {

Compiled compiled(const std::string& text) {
  char path[] = "/tmp/faultc-ssh-test-XXXXXX.fault";
  const int fd = mkstemps(path, 6);
  REQUIRE(fd >= 0);
  close(fd);
  std::ofstream(path) << text;
  auto c = compile_for_run(path, Backend::nft, 0);
  std::remove(path);
  REQUIRE(c);
  return std::move(*c);
}

}  // namespace

TEST_CASE("SSH_CONNECTION: four fields of addresses and ports, or nothing", "[runtime][ssh]") {
  const auto v4 = parse_ssh_connection("10.0.9.5 50000 10.0.0.1 22");
  REQUIRE(v4);
  CHECK(v4->client == 0x0a000905);
  CHECK(v4->server_port == 22);
  CHECK(v4->client_port == 50000);
  const auto v6 = parse_ssh_connection("fd00:9::5 50000 fd00::1 2222");
  REQUIRE(v6);
  CHECK(v6->family == faultc::ir::Family::ipv6);
  CHECK(v6->server_port == 2222);
  for (const char* bad : {"", "10.0.9.5 50000 10.0.0.1", "10.0.9.5 50000 10.0.0.1 22 x", "10.0.9.5 x 10.0.0.1 22",
                          "10.0.9.5 50000 10.0.0.1 0", "10.0.9.5 50000 10.0.0.1 65536", "10.0.9.5 50000 fd00::1 22",
                          "\x1b]8;;x\x07 1 2 3", "fe80::1%eth0 50000 fe80::2 22"}) {
    CHECK_FALSE(parse_ssh_connection(bad));
  }
}

TEST_CASE("faultc run on a remote shell: a reminder, and a warning for an unprotected session", "[runtime][ssh]") {
  const Compiled open = compiled("inbound drop for 1m  # faultc: allow W106\n");
  CHECK(ssh_reminder(open, nullptr).empty());  // not a remote shell
  const auto lines = ssh_reminder(open, "10.0.9.5 50000 10.0.0.1 22");
  REQUIRE(lines.size() == 2);
  CHECK_THAT(lines[0], Catch::StartsWith("remote shell: no rule of this scenario touches\n  loopback"));
  CHECK(lines[1] == "warning: this SSH session (port 22 of this host) is not protected, and rule 1 may act on its "
                    "packets: add `protect tcp to port 22` to the scenario to keep it");
  // The replies count too.
  const auto replies = ssh_reminder(compiled("outbound drop for 1m  # faultc: allow W106\n"), "10.0.9.5 50000 10.0.0.1 2222");
  REQUIRE(replies.size() == 2);
  CHECK_THAT(replies[1], Catch::Contains("rule 1 may act on its replies: add `protect tcp to port 2222`"));
  // Protected: the reminder names the line, and there is no warning.
  const auto safe = ssh_reminder(compiled("protect tcp to port 22\ninbound drop for 1m\noutbound drop for 1m\n"),
                                 "10.0.9.5 50000 10.0.0.1 22");
  REQUIRE(safe.size() == 1);
  CHECK_THAT(safe[0], Catch::Contains("line 1: `protect tcp to port 22`"));
  // No rule can touch the session: nothing to warn about.
  CHECK(ssh_reminder(compiled("udp drop for 1m\n"), "10.0.9.5 50000 10.0.0.1 22").size() == 1);
  // An unreadable SSH_CONNECTION is said to be so, and never echoed.
  const auto hostile = ssh_reminder(open, "\x1b[2J\x1b]0;pwned\x07 1 2 3");
  REQUIRE(hostile.size() == 2);
  CHECK_THAT(hostile[1], Catch::StartsWith("warning: SSH_CONNECTION is not four fields"));
  for (const std::string& line : hostile) CHECK(line.find('\x1b') == std::string::npos);
}
