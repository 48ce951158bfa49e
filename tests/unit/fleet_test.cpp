// The fleet stage: what each shape cuts, the seeded choices, each node's
// scenario text, diagnostics placed in the fleet file, and the canonical
// layout of the fleet statements.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/fleet/cuts.hpp"
#include "format_support.hpp"

namespace faultc {
namespace {

const std::string kNodes =
    "scenario \"s\"\ncontroller 10.9.9.9\n"
    "node a = 10.0.0.1 role db zone x\nnode b = 10.0.0.2 role db zone x\nnode c = 10.0.0.3 role db zone y\n"
    "node d = 10.0.0.4 role db zone y\nnode e = 10.0.0.5 role web zone y\n";

struct Compiled {
  SourceMap sources;
  Compilation c;
  explicit Compiled(const std::string& text) { c = compile_front(sources, sources.add("fleet.fault", text)); }
  std::string diagnostics() const { return render_text(c.diagnostics, sources); }
};

// "a>c" for each ordered pair the first phase cuts (sender > receiver).
std::vector<std::string> first_cut(const fleet::Plan& plan) {
  std::vector<std::string> out;
  for (const fleet::Phase& phase : plan.phases) {
    bool any = false;
    for (std::size_t r = 0; r < phase.drops.size(); ++r) {
      for (const std::size_t s : phase.drops[r]) out.push_back(plan.nodes[s].name + ">" + plan.nodes[r].name), any = true;
    }
    if (any) break;
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("fleet: a split cuts both ways between its sides, a one-way cut one way", "[fleet]") {
  Compiled both(kNodes + "group east = zone x\npartition east | { c } for 10s\nfor 1m\n");
  INFO(both.diagnostics());
  REQUIRE(both.c.fleet_ok());
  CHECK(first_cut(*both.c.fleet) == std::vector<std::string>{"a>c", "b>c", "c>a", "c>b"});

  Compiled one(kNodes + "partition { a } -> { c, d } for 10s\nfor 1m\n");
  REQUIRE(one.c.fleet_ok());
  CHECK(first_cut(*one.c.fleet) == std::vector<std::string>{"a>c", "a>d"});

  Compiled rest(kNodes + "partition { a, b } | rest for 10s\nfor 1m\n");
  REQUIRE(rest.c.fleet_ok());
  CHECK(first_cut(*rest.c.fleet).size() == 2 * 2 * 3);
}

TEST_CASE("fleet: the node's scenario is ordinary single-host text, both ends of a cut dropping", "[fleet]") {
  Compiled f(kNodes + "group east = zone x\npartition east -> { c } after 5s for 10s\n"
                      "at a tcp to port 5432 drop for 20s\nfor 1m\n");
  REQUIRE(f.c.fleet_ok());
  const auto& nodes = f.c.fleet->nodes;
  const std::string& a = nodes[0].scenario;
  const std::string& c = nodes[2].scenario;
  CHECK_THAT(a, Catch::Contains("scenario \"s on a\"\n"));
  CHECK_THAT(a, Catch::Contains("host east = { a, b }\n"));
  CHECK_THAT(a, Catch::Contains("protect tcp from 10.9.9.9 to port 22\n"));
  CHECK_THAT(a, Catch::Contains("outbound to c blackhole after 5s for 10s\n"));
  CHECK_THAT(a, Catch::Contains("tcp to port 5432 drop for 20s\n"));
  CHECK_THAT(c, Catch::Contains("from { a, b } blackhole after 5s for 10s\n"));
  CHECK_THAT(c, !Catch::Contains("5432"));
  CHECK(nodes[4].scenario.find("blackhole") == std::string::npos);  // e: a bystander
}

TEST_CASE("fleet: bridge and majorities ring have their shapes", "[fleet]") {
  Compiled bridge(kNodes + "group dbs = role db\nbridge { a, b, c, d, e } seed 3 for 10s\nfor 1m\n");
  REQUIRE(bridge.c.fleet_ok());
  const fleet::Phase& p = bridge.c.fleet->phases.front();
  // Exactly one node drops nothing and is dropped by nobody: the bridge.
  std::size_t free_nodes = 0;
  for (std::size_t n = 0; n < 5; ++n) {
    const bool dropped = std::any_of(p.drops.begin(), p.drops.end(), [&](const auto& d) {
      return std::find(d.begin(), d.end(), n) != d.end();
    });
    free_nodes += p.drops[n].empty() && !dropped;
  }
  CHECK(free_nodes == 1);

  Compiled ring(kNodes + "majorities ring { a, b, c, d, e } for 10s\nfor 1m\n");
  REQUIRE(ring.c.fleet_ok());
  for (const auto& drops : ring.c.fleet->phases.front().drops) CHECK(drops.size() == 2);  // each sees 3 of 5
}

TEST_CASE("fleet: a seeded choice is the same everywhere and printed", "[fleet]") {
  // mt19937_64's output is fixed by the standard, and the shuffle is ours.
  CHECK(fleet::seeded_order({0, 1, 2, 3, 4}, 7) == fleet::seeded_order({0, 1, 2, 3, 4}, 7));
  CHECK(fleet::seeded_order({0, 1, 2, 3, 4}, 7) != fleet::seeded_order({0, 1, 2, 3, 4}, 8));
  Compiled f(kNodes + "group dbs = role db\nisolate 2 of dbs seed 7 for 10s\nfor 1m\n");
  REQUIRE(f.c.fleet_ok());
  REQUIRE(f.c.fleet->choices.size() == 1);
  CHECK_THAT(f.c.fleet->choices.front(), Catch::StartsWith("isolate 2 of dbs: isolates "));
}

TEST_CASE("fleet: mistakes are reported at the fleet file's text", "[fleet]") {
  Compiled unknown(kNodes + "partition a | f for 10s\nfor 1m\n");
  CHECK_THAT(unknown.diagnostics(), Catch::Contains("fleet.fault:8:15: error[F043]: no node or group is named `f`"));
  Compiled twice(kNodes + "partition { a, b } | { b } for 10s\nfor 1m\n");
  CHECK_THAT(twice.diagnostics(), Catch::Contains("error[F044]: node `b` is on two sides of the partition"));
  // A single-host mistake inside an `at`: at its own line and column, with the nodes it is on.
  Compiled inner(kNodes + "at { a, b } {\n    from nowhere drop for 10s\n}\nfor 1m\n");
  const std::string text = inner.diagnostics();
  CHECK_THAT(text, Catch::Contains("fleet.fault:9:10: error["));
  CHECK_THAT(text, Catch::Contains("in the scenario of nodes a, b"));
  Compiled expect(kNodes + "partition a | b for 10s\nexpect from 10.0.0.2 is dropped at 5s\nfor 1m\n");
  CHECK_THAT(expect.diagnostics(), Catch::Contains("error[F045]"));
}

TEST_CASE("fleet: the fleet statements have a canonical layout", "[fleet][format]") {
  const std::string canonical = kNodes +
                                "group east = role db and zone x\n"
                                "group west = { c, d }\n"
                                "partition east | west | { e } after 10s for 20s\n"
                                "partition east -> west for 5s\n"
                                "isolate one of west seed 7 for 10s\n"
                                "bridge { a, b, c } for 10s\n"
                                "majorities ring { a, b, c, d } seed 3 after 1m for 10s\n"
                                "at a tcp to port 5432 drop for 20s\n"
                                "at { a, b } {\n"
                                "    # comment kept\n"
                                "    outbound udp to port 53 drop for 10s  # and this one\n"
                                "    expect outbound udp to 10.0.0.53 port 53 is dropped at 5s\n"
                                "}\n"
                                "for 2m\n";
  CHECK(test::format_tests::fmt_ok(canonical) == canonical);
  const std::string loose =
      kNodes + "group   east=role db   and zone x\npartition   east|{c,d}   for 5s\nat {a,b}{\n  from c drop for 5s\n}\nfor 1m\n";
  const std::string once = test::format_tests::fmt_ok(loose);
  CHECK_THAT(once, Catch::Contains("group east = role db and zone x\npartition east | { c, d } for 5s\n"
                                   "at { a, b } {\n    from c drop for 5s\n}\n"));
  CHECK(test::format_tests::fmt_ok(once) == once);
}

}  // namespace faultc
