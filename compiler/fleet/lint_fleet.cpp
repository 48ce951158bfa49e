#include "compiler/fleet/lint_fleet.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <variant>

namespace faultc::fleet {

namespace {

void expects_name_a_node(const FleetParts& parts, Diagnostics& out) {
  for (const auto& file : parts.program.files) {
    for (std::size_t i = 0; i < file.statements.size(); ++i) {
      const auto* e = std::get_if<ast::Expect>(&file.statements[i]);
      if (e != nullptr && !held_by_at(parts, file, i)) {
        out.push_back(make_diagnostic(Code::F045, e->span, "in a fleet, an `expect` line names the node it is checked on",
                                      "write `at NODE expect ...`"));
      }
    }
  }
}

void groups(const FleetParts& parts, Diagnostics& out) {
  const Roster& roster = parts.roster;
  if (roster.groups.empty()) return;
  std::vector<bool> grouped(roster.nodes.size(), false);
  for (const auto& g : roster.groups) {
    for (const std::size_t n : g.members) grouped[n] = true;
    if (g.members.empty()) {
      out.push_back(make_diagnostic(Code::W113, g.def->name_span, fmt::format("group `{}` has no node", g.name),
                                    "no node has all of its attributes; check their spelling"));
    }
  }
  for (std::size_t n = 0; n < roster.nodes.size(); ++n) {
    if (grouped[n]) continue;
    out.push_back(make_diagnostic(Code::W112, roster.nodes[n].def->name_span,
                                  fmt::format("node `{}` is in no group", roster.nodes[n].name),
                                  "a partition between groups leaves it alone; give it a role or add it to a group"));
  }
}

// The controller as a node: named, or sharing an address with one.
std::optional<std::size_t> controller_node(const FleetParts& parts) {
  const std::string_view text = parts.sources.text(parts.controller->address.span);
  for (std::size_t n = 0; n < parts.roster.nodes.size(); ++n) {
    const auto& node = parts.roster.nodes[n];
    if (node.name == text || std::find(node.addresses.begin(), node.addresses.end(), text) != node.addresses.end()) {
      return n;
    }
  }
  return std::nullopt;
}

void controller(const FleetParts& parts, Diagnostics& out) {
  if (parts.controller == nullptr) {
    if (parts.roster.nodes.empty()) return;
    const Span at = parts.roster.nodes.front().def->span;
    out.push_back(make_diagnostic(Code::W115, at, "no `controller`: nothing keeps the nodes reachable over SSH",
                                  "add `controller ADDRESS` (where Ansible runs): every node then protects SSH from it"));
    return;
  }
  const auto node = controller_node(parts);
  if (!node) return;
  for (const Cut& cut : parts.cuts) {
    if (!std::binary_search(cut.nodes.begin(), cut.nodes.end(), *node)) continue;
    Diagnostic d = make_diagnostic(
        Code::W114, cut.statement->span,
        fmt::format("this cut reaches the controller, node `{}`", parts.roster.nodes[*node].name),
        "SSH from the controller stays protected, but its other traffic is cut: leave it out if that is not meant");
    d.notes.push_back({parts.controller->span, "the controller"});
    out.push_back(std::move(d));
  }
}

bool windows_meet(const std::vector<ir::Window>& a, const std::vector<ir::Window>& b) {
  return std::any_of(a.begin(), a.end(), [&](const ir::Window& x) {
    return std::any_of(b.begin(), b.end(),
                       [&](const ir::Window& y) { return x.start_ms < y.end_ms && y.start_ms < x.end_ms; });
  });
}

void overlaps(const FleetParts& parts, Diagnostics& out) {
  std::vector<std::vector<ir::Window>> windows;
  for (const Cut& cut : parts.cuts) windows.push_back(ir::windows(cut.timing, parts.life_ms));
  for (std::size_t j = 1; j < parts.cuts.size(); ++j) {
    for (std::size_t i = 0; i < j; ++i) {
      const Cut &a = parts.cuts[i], &b = parts.cuts[j];
      std::vector<std::size_t> shared;
      std::set_intersection(a.nodes.begin(), a.nodes.end(), b.nodes.begin(), b.nodes.end(),
                            std::back_inserter(shared));
      if (shared.empty() || !windows_meet(windows[i], windows[j])) continue;
      Diagnostic d = make_diagnostic(Code::W116, b.statement->span,
                                     fmt::format("this partition overlaps an earlier one on node `{}`",
                                                 parts.roster.nodes[shared.front()].name),
                                     "while both hold, a node drops what either cuts: give them separate windows "
                                     "(`after`, `for`) if one shape at a time is meant");
      d.notes.push_back({a.statement->span, "the earlier partition"});
      out.push_back(std::move(d));
      break;
    }
  }
}

}  // namespace

void lint_fleet(const FleetParts& parts, Diagnostics& out) {
  expects_name_a_node(parts, out);
  groups(parts, out);
  controller(parts, out);
  overlaps(parts, out);
}

}  // namespace faultc::fleet
