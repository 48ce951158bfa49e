#pragma once
// Hand-made fleet plans for the Ansible writer's tests: nodes whose
// scenarios are ordinary single-host .fault text, as fleet::plan_fleet
// makes them.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "compiler/ansible/ansible.hpp"
#include "compiler/fleet/plan.hpp"

namespace faultc::test {

// Node i (1-based) of n: 10.250.0.(10+i), cut from node n during 10s..30s
// and dropping outbound to node 1 during 40s..50s.
inline std::string node_scenario(std::size_t i, std::size_t n, const std::string& name = "split brain") {
  std::string text = fmt::format("scenario \"{}\"\n", name);
  for (std::size_t j = 1; j <= n; ++j) {
    if (j != i) text += fmt::format("host n{} = 10.250.0.{}\n", j, 10 + j);
  }
  text += "protect tcp from 10.250.0.254 to port 22\n";
  text += fmt::format("with {{ n{} }} blackhole after 10s for 20s\n", i == n ? 1 : n);
  if (i != 1) text += "outbound to { n1 } blackhole after 40s for 10s\n";
  text += "for 1m30s\n";
  return text;
}

inline fleet::Plan sample_plan(std::size_t n = 3, const std::string& name = "split brain") {
  fleet::Plan plan;
  plan.scenario_name = name;
  plan.controller = "10.250.0.254";
  plan.life_ms = 90000;
  for (std::size_t i = 1; i <= n; ++i) {
    plan.nodes.push_back({fmt::format("n{}", i), {fmt::format("10.250.0.{}", 10 + i)},
                          {{"role", "db"}, {"zone", i % 2 ? "a" : "b"}}, node_scenario(i, n, name), {}});
  }
  fleet::Phase quiet{0, 10000, std::vector<std::vector<std::size_t>>(n)};
  fleet::Phase cut{10000, 30000, std::vector<std::vector<std::size_t>>(n)};
  cut.drops[0].push_back(n - 1);
  cut.drops[n - 1].push_back(0);
  plan.phases = {quiet, cut, {30000, 90000, std::vector<std::vector<std::size_t>>(n)}};
  return plan;
}

inline const ansible::File* find_file(const ansible::Output& out, const std::string& path) {
  auto it = std::find_if(out.files.begin(), out.files.end(), [&](const ansible::File& f) { return f.path == path; });
  return it == out.files.end() ? nullptr : &*it;
}

}  // namespace faultc::test
