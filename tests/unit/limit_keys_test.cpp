// Limits with patterns (`limit new 20/s`) and per source or per connection
// (`... per source`), through each stage: the grammar and its context words,
// analysis (F038, the expiry bound of F034), lowering into nft's dynamic
// sets and hashlimit's modes, and the evaluator's buckets with their words.
#include <catch2/catch.hpp>
#include <string>

#include "compiler/analyze/target_ranges.hpp"
#include "compiler/explain/eval_json.hpp"
#include "tests/unit/eval_support.hpp"
#include "tests/unit/lint_support.hpp"
#include "tests/unit/lowered.hpp"

using namespace faultc;
using test::lower_ok;
using test::emitted;
using test::Target;
using test::eval_tests::Kind;
using test::eval_tests::load;

namespace {

// The errors of a file that must not compile, as `check` prints them.
std::string errors_of(std::string_view text) {
  const auto r = test::lint_tests::compile(text);
  CHECK(has_errors(r->c.diagnostics));
  return r->text();
}

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("limit: patterns before the rate, keys after the burst", "[limit][parse]") {
  const auto r = test::lint_tests::compile(
      "host source = 10.0.0.9\n"  // a context word, not reserved
      "tcp from source to port 80 limit new, SYN 20/s burst 5 per source for 1m\n"
      "udp limit 1/s per connection for 1m\n");
  INFO(r->text());
  REQUIRE(r->c.scenario);
  CHECK_FALSE(has_errors(r->c.diagnostics));
  const ir::Action& limit = r->c.scenario->rules[0].actions[0];
  REQUIRE(limit.rate);
  CHECK(limit.patterns.size() == 2);
  CHECK(limit.rate->burst == 5);
  CHECK(limit.rate->per == ast::LimitPer::source);
  CHECK(r->c.scenario->rules[1].actions[0].rate->per == ast::LimitPer::connection);
  CHECK_THAT(errors_of("tcp limit SYN 20/s per sorce for 1m\n"),
             Catch::Contains("expected `source` or `connection` after `per`") && Catch::Contains("source"));
  CHECK_THAT(errors_of("tcp limit SYN for 1m\n"), Catch::Contains("expected a rate like 100/s"));
  CHECK_THAT(errors_of("tcp limit 20/s SYN for 1m\n"), Catch::Contains("error[F001]"));
}

TEST_CASE("limit: per connection needs ports (F038); a bucket's expiry fits hashlimit (F034)", "[limit][analyze]") {
  for (const char* text : {"icmp limit 10/s per connection for 1m\n", "limit 10/s per connection for 1m\n"}) {
    INFO(text);
    CHECK_THAT(errors_of(text), Catch::Contains("error[F038]: a limit per connection needs a TCP or UDP rule"));
  }
  // Ports or TCP patterns make the rule TCP: no refusal.
  test::lint_tests::expect_none("to port 80 limit 10/s per connection for 1m\n", Code::F038);
  test::lint_tests::expect_none("limit SYN 10/s per connection for 1m\n", Code::F038);
  test::lint_tests::expect_none("icmp limit 10/s per source for 1m\n", Code::F038);
  // 16 bytes/s refills 64 MiB in 48.5 days (inside 49.7), 128 MiB in 97.
  test::lint_tests::expect_none("to port 80 limit 16byte/s burst 64mbyte per source for 1m\n", Code::F034);
  CHECK_THAT(errors_of("to port 80 limit 16byte/s burst 128mbyte per source for 1m\n"),
             Catch::Contains("error[F034]: a bucket of this limit per source takes 8388609s to refill"));
  test::lint_tests::expect_none("to port 80 limit 16byte/s burst 128mbyte for 1m\n", Code::F034);
  // The expiry: the time to refill from empty, whole seconds, at least one.
  ir::Rate rate;
  rate.amount = 20;
  rate.burst = 5;
  CHECK(target_ranges::bucket_expiry_ms(rate) == 1000);
  rate.amount = 1;
  rate.period_ms = 60'000;
  CHECK(target_ranges::bucket_expiry_ms(rate) == 300'000);
  rate.bytes = true;
  rate.amount = 1000;
  rate.period_ms = 1000;
  rate.burst = 1500;
  CHECK(target_ranges::bucket_expiry_ms(rate) == 3000);  // nft's bucket: rate + burst
}

TEST_CASE("limit: nft keeps a set per family, iptables a hashlimit mode", "[limit][emit]") {
  const auto l = lower_ok("tcp to port 80 limit new 20/s burst 5 per source for 10m\n"
                          "tcp from 10.0.0.0/8 to port 81 limit 1/m per connection for 10m\n"
                          "to port 82 limit SYN, ACK 5/s for 10m\n");
  const std::string nft = emitted(l->r(), Target::nft);
  // Rule 1 reaches both families: a line and a set each; rule 2 IPv4 only.
  CHECK(count(nft, "flags dynamic,timeout") == 3);
  CHECK_THAT(nft, Catch::Contains("\t\ttype ipv4_addr\n\t\tsize 65536\n\t\tflags dynamic,timeout\n\t\ttimeout 1s\n"));
  CHECK_THAT(nft, Catch::Contains("type ipv4_addr . inet_service . ipv4_addr . inet_service"));
  CHECK_THAT(nft, Catch::Contains("timeout 5m\n"));  // 5 packets at 1/m
  CHECK_THAT(nft, Catch::Contains("{ ip6 saddr limit rate over 20/second burst 5 packets } counter drop"));
  CHECK_THAT(nft, Catch::Contains("{ ip saddr . th sport . ip daddr . th dport limit rate over 1/minute"));
  CHECK(count(nft, "ip6 saddr . th sport") == 0);
  // The sets come before the chains that update them.
  CHECK(nft.find("type ipv6_addr") < nft.find("chain input"));
  const std::string v4 = emitted(l->r(), Target::iptables_restore);
  CHECK_THAT(v4, Catch::Contains("--hashlimit-mode srcip --hashlimit-htable-max 65536 --hashlimit-htable-expire 1000"));
  CHECK_THAT(v4, Catch::Contains("--hashlimit-mode srcip,srcport,dstip,dstport --hashlimit-htable-max 65536 "
                                 "--hashlimit-htable-expire 300000"));
  // A limit with several patterns acts once: the helper chains.
  CHECK(l->r().chains.size() == 5);
  CHECK(count(v4, "--hashlimit-above 5/sec") == 1);
}

TEST_CASE("limit: a limit counts only its patterns' packets", "[limit][eval]") {
  auto s = load("tcp to port 80 { limit new 20/s burst 5 per source; drop data } for 10m\n");
  const auto syn = s->at("tcp from 192.0.2.10 to port 80 flags SYN new");
  CHECK(syn.kind == Kind::rate_limited);
  CHECK(syn.otherwise == eval::Fate::allowed);
  REQUIRE(syn.hazards.size() == 1);
  CHECK(syn.hazards[0].bucket == "source 192.0.2.10");
  CHECK(expect_holds(ir::Verdict::allowed, syn));  // a fresh bucket: within the burst
  CHECK_FALSE(expect_holds(ir::Verdict::dropped, syn));
  // Not a new SYN: the limit does not count it; the next action decides.
  const auto data = s->at("tcp from 192.0.2.10 to port 80 flags PSH+ACK established data");
  CHECK(data.kind == Kind::dropped);
  CHECK(data.hazards.empty());
  CHECK(s->kind("tcp from 192.0.2.10 to port 80 flags ACK established") == Kind::allowed);
}

TEST_CASE("limit: the words name the packet's bucket", "[limit][eval][text]") {
  auto s = load("tcp to port 80 limit new 20/s burst 5 per source for 10m\n"
                "udp to port 53 limit 10/s per connection for 10m\n");
  const auto v = s->at("tcp from 2001:db8::7 to port 80 flags SYN new");
  CHECK(verdict_summary(v) ==
        "over a rate limit: dropped over the rate of the bucket of source 2001:db8::7; under it, allowed");
  CHECK(failure_reason(ir::Verdict::dropped, v, s->scenario(), s->sources) ==
        "`limit new 20/s burst 5 per source` (its `new`; rule 1, main.fault:1:22) drops the packets over the rate "
        "of the bucket of source 2001:db8::7; that bucket starts full, as a source's first packets find it: one "
        "packet alone is within the burst, so the limit does not drop it; no rule drops or rejects it");
  const auto lines = trace_lines(v, s->scenario(), s->sources);
  REQUIRE_FALSE(lines.empty());
  CHECK_THAT(lines[0], Catch::Contains("dropped over the rate of the bucket of source 2001:db8::7 by"));
  const auto u = s->at("udp from 192.0.2.1 port 5353 to 192.0.2.2 port 53");
  REQUIRE(u.hazards.size() == 1);
  CHECK(u.hazards[0].bucket == "connection 192.0.2.1 port 5353 -> 192.0.2.2 port 53");
  CHECK_THAT(verdict_json(u, s->scenario(), s->sources),
             Catch::Contains(R"("bucket":"connection 192.0.2.1 port 5353 -> 192.0.2.2 port 53")"));
  // A limit of one bucket names none.
  auto one = load("to port 443 limit 100/s for 1m\n");
  const auto o = one->at("to port 443");
  CHECK(o.hazards.at(0).bucket.empty());
  CHECK_THAT(verdict_json(o, one->scenario(), one->sources), !Catch::Contains("bucket"));
}
