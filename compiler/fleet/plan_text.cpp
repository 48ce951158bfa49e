#include "compiler/fleet/plan_text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "compiler/source/duration_text.hpp"
#include "compiler/source/json_escape.hpp"
#include "compiler/source/printable.hpp"

namespace faultc::fleet {

namespace {

std::string span_text(const Phase& p, const Plan& plan) {
  const bool open_end = !plan.life_ms && p.to_ms == p.from_ms;
  return open_end ? fmt::format("from {}", format_duration(p.from_ms))
                  : fmt::format("{} to {}", format_duration(p.from_ms), format_duration(p.to_ms));
}

bool drops(const Phase& p, std::size_t receiver, std::size_t sender) {
  return std::binary_search(p.drops[receiver].begin(), p.drops[receiver].end(), sender);
}

// A matrix: a row per sender, a column per receiver; `x` where the
// receiver never gets the sender's packets, `.` where they pass.
void matrix(std::string& out, const Phase& p, const Plan& plan) {
  std::size_t width = 4;
  for (const auto& n : plan.nodes) width = std::max(width, n.name.size());
  out += fmt::format("    {:<{}}", "from\\to", width + 1);
  for (const auto& n : plan.nodes) out += fmt::format(" {:>{}}", n.name, width);
  out += '\n';
  for (std::size_t s = 0; s < plan.nodes.size(); ++s) {
    out += fmt::format("    {:<{}}", plan.nodes[s].name, width + 1);
    for (std::size_t r = 0; r < plan.nodes.size(); ++r) {
      out += fmt::format(" {:>{}}", r == s ? "-" : drops(p, r, s) ? "x" : ".", width);
    }
    out += '\n';
  }
}

}  // namespace

std::string plan_text(const Plan& plan, bool scenarios) {
  std::string out = fmt::format("fleet \"{}\": {} nodes, {}\n", printable(plan.scenario_name), plan.nodes.size(),
                                plan.life_ms ? "for " + format_duration(*plan.life_ms) : std::string("for ever"));
  out += plan.controller ? fmt::format("controller {}: SSH from it is protected on every node\n",
                                      printable(*plan.controller))
                         : std::string("no controller: nothing protects SSH to the nodes\n");
  out += "\nnodes\n";
  for (const auto& n : plan.nodes) {
    std::vector<std::string> attributes;
    for (const auto& [key, value] : n.attributes) attributes.push_back(printable(key + " " + value));
    std::vector<std::string> addresses;
    for (const auto& a : n.addresses) addresses.push_back(printable(a));
    out += fmt::format("  {}  {}{}{}\n", printable(n.name), fmt::join(addresses, ", "), attributes.empty() ? "" : "  ",
                       fmt::join(attributes, ", "));
  }
  if (!plan.choices.empty()) {
    out += "\nseeded choices\n";
    for (const auto& c : plan.choices) out += fmt::format("  {}\n", printable(c));
  }
  out += "\nwho drops whom (row: the sender; column: the node that drops its packets; x: dropped)\n";
  for (const Phase& p : plan.phases) {
    const bool none = std::all_of(p.drops.begin(), p.drops.end(), [](const auto& d) { return d.empty(); });
    out += fmt::format("  {}:{}\n", span_text(p, plan), none ? " every node reaches every node" : "");
    if (!none) matrix(out, p, plan);
  }
  if (scenarios) {
    for (const auto& n : plan.nodes) {
      out += fmt::format("\nnode {} (nodes/{}.fault)\n{}", printable(n.name), printable(n.name),
                         printable_lines(n.scenario));
    }
  }
  return out;
}

std::string plan_json(const Plan& plan) {
  std::vector<std::string> nodes, phases;
  for (const auto& n : plan.nodes) {
    std::vector<std::string> addresses;
    for (const auto& a : n.addresses) addresses.push_back(json_string(a));
    nodes.push_back(fmt::format("{{\"name\":{},\"addresses\":[{}]}}", json_string(n.name), fmt::join(addresses, ",")));
  }
  for (const Phase& p : plan.phases) {
    std::vector<std::string> grudge;
    for (std::size_t r = 0; r < p.drops.size(); ++r) {
      std::vector<std::string> senders;
      for (const std::size_t s : p.drops[r]) senders.push_back(json_string(plan.nodes[s].name));
      grudge.push_back(fmt::format("{}:[{}]", json_string(plan.nodes[r].name), fmt::join(senders, ",")));
    }
    phases.push_back(fmt::format("{{\"from_ms\":{},\"to_ms\":{},\"drops\":{{{}}}}}", p.from_ms, p.to_ms,
                                 fmt::join(grudge, ",")));
  }
  std::vector<std::string> choices;
  for (const auto& c : plan.choices) choices.push_back(json_string(c));
  return fmt::format(
      "{{\"scenario\":{},\"life_ms\":{},\"controller\":{},\"nodes\":[{}],\"choices\":[{}],\"phases\":[{}]}}\n",
      json_string(plan.scenario_name), plan.life_ms ? std::to_string(*plan.life_ms) : "null",
      plan.controller ? json_string(*plan.controller) : "null", fmt::join(nodes, ","), fmt::join(choices, ","),
      fmt::join(phases, ","));
}

}  // namespace faultc::fleet
