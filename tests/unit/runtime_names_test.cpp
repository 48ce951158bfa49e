// What the runtime trusts before it acts as root (runtime/object_names.hpp,
// runtime/state.hpp, runtime/counters.hpp): ids, exact chain names, state
// files parsed strictly, and what a counted line did.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "runtime/counters.hpp"
#include "runtime/object_names.hpp"
#include "runtime/state.hpp"
#include "runtime/timeline.hpp"

using namespace faultc::runtime;

TEST_CASE("kernel ids: only what object_id makes", "[runtime][names]") {
  for (const char* ok : {"half_open", "half_ope_b2cc", "a", "x1", "outage"}) CHECK(valid_id(ok));
  for (const char* bad : {"", "zeta; delete table inet operator", "a(", "../outside/x", "A", "_a", "a__b", "a b",
                          "a-b", "a\nb", "abcdefghijklmnopqrstuvwxyz0123456"}) {
    CHECK_FALSE(valid_id(bad));
  }
}

TEST_CASE("faultc chains are matched exactly, never by prefix", "[runtime][names]") {
  for (const char* ours : {"FAULTC-foo-in", "FAULTC-foo-out", "FAULTC-foo-fwd", "FAULTC-foo-12", "FAULTC-foo-3a1",
                           "FAULTC-foo-3d12", "FAULTC-foo-0badf00d"}) {
    CHECK(is_faultc_chain(ours, "foo"));
    CHECK(faultc_chain_id(ours) == std::optional<std::string>("foo"));
  }
  for (const char* theirs : {"FAULTC-foo-mine", "FAULTC-foo-in2", "FAULTC-foo-", "FAULTC-foo-bar-in", "FAULTC-foo-01",
                             "FAULTC-foo-abc", "FAULTC-fo-in"}) {
    CHECK_FALSE(is_faultc_chain(theirs, "foo"));
  }
  CHECK_FALSE(faultc_chain_id("FAULTC-foo-mine"));
  // A hash cut at iptables' 28 characters (a 13-character id).
  CHECK(is_faultc_chain("FAULTC-half_ope_b2cc-0badf00", "half_ope_b2cc"));
  CHECK(is_faultc_dispatch_chain("FAULTC-foo-in", "foo"));
  CHECK_FALSE(is_faultc_dispatch_chain("FAULTC-foo-1", "foo"));
}

namespace {
const std::string good =
    "name=outage\nid=outage\nbackend=nft\nfile=/tmp/o.fault\nrunner_pid=1234\nwatchdog_pid=0\n"
    "started_ms=1700000000000\ndeadline_ms=0\n";
std::string with(const std::string& key, const std::string& value) {
  std::string text = good;
  const std::size_t at = text.find(key + "=");
  const std::size_t end = text.find('\n', at);
  return text.replace(at, end - at, key + "=" + value);
}
}  // namespace

TEST_CASE("state files are parsed strictly", "[runtime][state]") {
  const ParsedState ok = parse_state(good, "outage");
  REQUIRE(ok.state);
  CHECK(ok.state->runner_pid == 1234);
  CHECK(ok.state->watchdog_pid == 0);
  CHECK(ok.state->runner_start == 0);  // not recorded: a file from before the field
  const ParsedState started = parse_state(good + "runner_start=4242\nwatchdog_start=0\n", "outage");
  REQUIRE(started.state);
  CHECK(started.state->runner_start == 4242);
  // Each attack or corruption is refused with a reason.
  for (const std::string& bad :
       {with("id", "zeta; delete table inet operator"), with("id", "a("), with("id", "other"),
        with("runner_pid", "1"), with("runner_pid", "-5"), with("runner_pid", "12x"), with("runner_pid", "99999999"),
        with("watchdog_pid", "1"), with("watchdog_pid", " 7"), with("backend", "bash"), with("started_ms", "soon"),
        good + "id=outage\n", good + "command=rm -rf /\n", good + "runner_start=soon\n",
        std::string("id=outage\n")}) {
    INFO(bad);
    const ParsedState parsed = parse_state(bad, "outage");
    CHECK_FALSE(parsed.state);
    CHECK_FALSE(parsed.error.empty());
  }
}

TEST_CASE("counted lines: dropped, rejected and rate-limited apart", "[runtime][counters]") {
  CHECK(outcome_of("counter packets 3 bytes 180 drop comment \"x.fault:2\"") == Outcome::dropped);
  CHECK(outcome_of("numgen random mod 1000000 < 300000 counter packets 3 bytes 180 drop") == Outcome::dropped);
  CHECK(outcome_of("counter packets 3 bytes 180 reject with tcp reset") == Outcome::rejected);
  CHECK(outcome_of("limit rate over 1048576 bytes/second burst 65536 bytes counter packets 3 bytes 9 drop") ==
        Outcome::limited);
  CHECK(outcome_of("[3:180] -A FAULTC-x-1 -m comment --comment \"x.fault:2\" -j DROP") == Outcome::dropped);
  CHECK(outcome_of("[3:180] -A FAULTC-x-1 -j REJECT --reject-with tcp-reset") == Outcome::rejected);
  CHECK(outcome_of("[3:180] -A FAULTC-x-1 -m hashlimit --hashlimit-above 1048576b/s -j DROP") == Outcome::limited);
  CHECK_FALSE(outcome_of("counter packets 3 bytes 180 return"));
  // The label comment may say anything.
  CHECK_FALSE(outcome_of("counter packets 3 bytes 180 return comment \"reject drop.fault:2\""));
}

TEST_CASE("countdowns round up: never 0s while time is left", "[runtime][timeline]") {
  CHECK(countdown(1) == "1s");
  CHECK(countdown(999) == "1s");
  CHECK(countdown(1000) == "1s");
  CHECK(countdown(1001) == "2s");
  CHECK(countdown(59'500) == "1m");
  CHECK(countdown(0) == "0s");
  CHECK(countdown(-5) == "0s");
}

TEST_CASE("a pid is ours only when it is a faultc runner or watchdog that started when recorded", "[runtime][state]") {
  CHECK(process_start(getpid()) > 0);
  CHECK(process_start(0) == 0);
  // This process is never signalled by itself, and a test binary is no faultc.
  CHECK_FALSE(is_our_process(getpid(), Role::runner, "outage"));
  CHECK_FALSE(is_our_process(getppid(), Role::runner, "outage"));
  CHECK_FALSE(is_our_process(1, Role::watchdog, "outage"));
}
