#include "compiler/fleet/fleet.hpp"

#include <algorithm>
#include <set>
#include <variant>

#include "compiler/fleet/cuts.hpp"
#include "compiler/fleet/lint_fleet.hpp"
#include "compiler/fleet/node_scenario.hpp"
#include "compiler/fleet/roster.hpp"

namespace faultc::fleet {

namespace {

template <typename T>
const T* first_of(const Program& program) {
  for (const auto& file : program.files) {
    for (const auto& s : file.statements) {
      if (const auto* found = std::get_if<T>(&s)) return found;
    }
  }
  return nullptr;
}

// The grudge at each change: from 0 to the life (or the last window's end
// for `for ever`), a phase per stretch in which the set of active cuts
// stays the same, equal neighbours merged.
std::vector<Phase> phases_of(const std::vector<Cut>& cuts, std::size_t nodes, std::optional<std::uint64_t> life) {
  std::vector<std::vector<ir::Window>> windows;
  std::set<std::uint64_t> bounds{0};
  for (const Cut& cut : cuts) {
    windows.push_back(ir::windows(cut.timing, life));
    for (const auto& w : windows.back()) {
      if (w.end_ms == UINT64_MAX) continue;
      bounds.insert(w.start_ms);
      bounds.insert(w.end_ms);
    }
  }
  const std::uint64_t end = life ? *life : (bounds.size() > 1 ? *bounds.rbegin() : 0);
  bounds.insert(end);
  std::vector<Phase> phases;
  for (auto it = bounds.begin(); it != bounds.end() && *it < end; ++it) {
    Phase phase{*it, *std::next(it), std::vector<std::vector<std::size_t>>(nodes)};
    for (std::size_t c = 0; c < cuts.size(); ++c) {
      const bool active = std::any_of(windows[c].begin(), windows[c].end(),
                                      [&](const ir::Window& w) { return w.start_ms <= *it && *it < w.end_ms; });
      if (!active) continue;
      for (const auto& [sender, receiver] : cuts[c].edges) phase.drops[receiver].push_back(sender);
    }
    for (auto& d : phase.drops) {
      std::sort(d.begin(), d.end());
      d.erase(std::unique(d.begin(), d.end()), d.end());
    }
    if (!phases.empty() && phases.back().drops == phase.drops) {
      phases.back().to_ms = phase.to_ms;
    } else {
      phases.push_back(std::move(phase));
    }
  }
  return phases;
}

}  // namespace

bool is_fleet(const Program& program) { return first_of<ast::NodeDef>(program) != nullptr; }

Result<Plan> plan_fleet(const Program& program, const SourceMap& sources) {
  Result<Plan> result;
  Result<Roster> roster = read_roster(program, sources);
  result.diagnostics = std::move(roster.diagnostics);
  Result<std::vector<Cut>> cuts = read_cuts(program, *roster.value, sources);
  result.diagnostics.insert(result.diagnostics.end(), cuts.diagnostics.begin(), cuts.diagnostics.end());

  Plan plan;
  const auto* scenario = first_of<ast::Scenario>(program);
  plan.scenario_name = scenario != nullptr ? scenario->name : "fleet";
  const auto* life = first_of<ast::Life>(program);
  if (life != nullptr && life->duration) plan.life_ms = life->duration->ms;
  const auto* controller = first_of<ast::Controller>(program);
  if (controller != nullptr) {
    // A node's name stands for its (first) address: Ansible's inventory
    // and the playbooks take addresses.
    plan.controller = std::string(sources.text(controller->address.span));
    if (const auto node = roster.value->node_index.find(*plan.controller); node != roster.value->node_index.end()) {
      plan.controller = roster.value->nodes[node->second].addresses.front();
    }
  }

  FleetParts parts{program, sources, *roster.value, *cuts.value, plan.scenario_name, controller, plan.life_ms, {}};
  for (const auto& file : program.files) {
    for (const auto& s : file.statements) {
      if (const auto* at = std::get_if<ast::At>(&s)) {
        parts.ats.emplace_back(at, resolve(at->nodes, *roster.value, sources, {}, result.diagnostics));
      }
    }
  }
  lint_fleet(parts, result.diagnostics);
  if (has_errors(result.diagnostics)) return result;

  for (std::size_t n = 0; n < roster.value->nodes.size(); ++n) plan.nodes.push_back(node_scenario(parts, n));
  plan.phases = phases_of(*cuts.value, plan.nodes.size(), plan.life_ms);
  for (const Cut& cut : *cuts.value) {
    if (!cut.choice.empty()) plan.choices.push_back(cut.choice);
  }
  result.value = std::move(plan);
  return result;
}

}  // namespace faultc::fleet
