// The fleet's central property, over generated fleets: the plan's grudge
// (who drops whom in each phase) is what the compiled nodes do. For every
// phase and every ordered pair of nodes, a TCP SYN from one to the other is
// checked twice through the whole single-host pipeline (text, parse,
// analysis, lowering, the evaluator that the kernel tests hold to the
// kernel): leaving the sender and arriving at the receiver. It passes both
// exactly when the plan says the pair is not cut.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <random>
#include <string>
#include <vector>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/explain/expect_check.hpp"

namespace faultc {
namespace {

// A fleet of 3-7 nodes (some with an IPv6 address too), two roles, and
// 1-4 partitions of every shape, in windows that may overlap.
std::string random_fleet(std::uint32_t seed) {
  std::mt19937 rng(seed);
  const auto pick = [&](std::uint32_t n) { return static_cast<std::uint32_t>(rng() % n); };
  const std::uint32_t nodes = 3 + pick(5);
  std::string text = fmt::format("scenario \"generated {}\"\ncontroller 10.9.9.9\n", seed);
  for (std::uint32_t i = 0; i < nodes; ++i) {
    const std::string address =
        pick(3) == 0 ? fmt::format("{{ 10.9.0.{}, fd00:9::{} }}", i + 1, i + 1) : fmt::format("10.9.0.{}", i + 1);
    text += fmt::format("node n{} = {} role {}\n", i, address, pick(2) == 0 ? "db" : "web");
  }
  text += "group all_nodes = { ";
  for (std::uint32_t i = 0; i < nodes; ++i) text += fmt::format("{}n{}", i ? ", " : "", i);
  text += " }\n";
  const auto some = [&](std::uint32_t from, std::uint32_t to) {  // a non-empty set of nodes in [from, to)
    std::string set = "{ ";
    bool any = false;
    for (std::uint32_t i = from; i < to; ++i) {
      if (pick(2) == 0 && !(i + 1 == to && !any)) continue;
      set += fmt::format("{}n{}", any ? ", " : "", i);
      any = true;
    }
    return set + " }";
  };
  const std::uint32_t statements = 1 + pick(4);
  for (std::uint32_t k = 0; k < statements; ++k) {
    const std::string timing = fmt::format("after {}s for {}s", pick(25), 5 + pick(30));
    const std::uint32_t half = 1 + pick(nodes - 1);
    switch (pick(6)) {
      case 0: text += fmt::format("partition {} | {} {}\n", some(0, half), some(half, nodes), timing); break;
      case 1: text += fmt::format("partition {} -> {} {}\n", some(0, half), some(half, nodes), timing); break;
      case 2: text += fmt::format("partition {} | rest {}\n", some(0, half), timing); break;
      case 3: text += fmt::format("isolate {} of all_nodes seed {} {}\n", 1 + pick(nodes - 1), pick(100), timing); break;
      case 4: text += fmt::format("bridge all_nodes seed {} {}\n", pick(100), timing); break;
      default: text += fmt::format("majorities ring all_nodes seed {} {}\n", pick(100), timing); break;
    }
  }
  return text + "for 1m\n";
}

// One expect line per phase and ordered pair, at each end of the path.
std::string expect_lines(const fleet::Plan& plan) {
  std::string out;
  for (const fleet::Phase& phase : plan.phases) {
    const std::uint64_t at = (phase.from_ms + phase.to_ms) / 2;
    for (std::size_t s = 0; s < plan.nodes.size(); ++s) {
      for (std::size_t r = 0; r < plan.nodes.size(); ++r) {
        if (s == r) continue;
        const auto& drops = phase.drops[r];
        const bool cut = std::find(drops.begin(), drops.end(), s) != drops.end();
        const std::string& from = plan.nodes[s].addresses.front();
        const std::string& to = plan.nodes[r].addresses.front();
        const char* verdict = cut ? "dropped" : "allowed";
        out += fmt::format("at {} expect outbound tcp from {} port 40000 to {} port 5000 flags SYN new is {} at {}ms\n",
                           plan.nodes[s].name, from, to, verdict, at);
        out += fmt::format("at {} expect inbound tcp from {} port 40000 to {} port 5000 flags SYN new is {} at {}ms\n",
                           plan.nodes[r].name, from, to, verdict, at);
      }
    }
  }
  return out;
}

}  // namespace

TEST_CASE("fleet: every node does what the plan's grudge says, in every phase", "[fleet][property]") {
  std::size_t checked = 0, cut = 0;
  for (std::uint32_t seed = 1; seed <= 80; ++seed) {
    const std::string fleet_text = random_fleet(seed);
    SourceMap first_sources;
    Compilation first = compile_front(first_sources, first_sources.add("fleet.fault", fleet_text));
    INFO(fleet_text);
    INFO(render_text(first.diagnostics, first_sources));
    REQUIRE(first.fleet_ok());
    const std::string with_expects = fleet_text + expect_lines(*first.fleet);
    SourceMap sources;
    Compilation c = compile_front(sources, sources.add("fleet.fault", with_expects));
    INFO(render_text(c.diagnostics, sources));
    REQUIRE(c.fleet_ok());
    for (const NodeCompilation& node : c.nodes) {
      auto report = check_expects(*node.compilation.scenario, sources);
      REQUIRE(report.ok());
      for (const ExpectOutcome& o : report.value->outcomes) {
        INFO(sources.text(o.expect.span));
        CHECK(o.passed);
        ++checked;
        cut += o.expect.verdict == ast::Verdict::dropped;
      }
    }
  }
  WARN(fmt::format("{} packets checked, {} of them cut", checked, cut));
  CHECK(cut > 0);
  CHECK(checked > cut);
}

}  // namespace faultc
