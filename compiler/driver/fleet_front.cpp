#include "compiler/driver/fleet_front.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "compiler/fleet/fleet.hpp"

namespace faultc {

namespace {

// The stretch of a node's text that holds `offset`: origins follow each
// other a line apart, so at most one does.
const fleet::Origin* origin_at(std::uint32_t offset, const fleet::Node& node) {
  const auto origin = std::find_if(node.origins.begin(), node.origins.end(), [&](const fleet::Origin& o) {
    return o.begin <= offset && offset <= o.end;
  });
  return origin == node.origins.end() ? nullptr : &*origin;
}

// Whether the span's text was copied from the fleet file as written.
bool written_by_user(Span span, const fleet::Node& node) {
  const fleet::Origin* origin = origin_at(span.begin, node);
  return origin != nullptr && origin->verbatim;
}

}  // namespace

Span fleet_span(Span span, const fleet::Node& node) {
  const fleet::Origin* origin = origin_at(span.begin, node);
  if (origin == nullptr) return node.origins.empty() ? span : node.origins.front().from;
  if (!origin->verbatim) return origin->from;
  const std::uint32_t begin = origin->from.begin + (span.begin - origin->begin);
  const std::uint32_t end = origin->from.begin + (std::max(span.end, span.begin) - origin->begin);
  return Span{origin->from.file, std::min(begin, origin->from.end), std::min(end, origin->from.end)};
}

namespace {

void map_to_fleet(Diagnostic& d, const fleet::Node& node, FileId node_file) {
  if (d.span.file == node_file) d.span = fleet_span(d.span, node);
  for (Note& note : d.notes) {
    if (note.span && note.span->file == node_file) note.span = fleet_span(*note.span, node);
  }
}

// A node's diagnostics at the fleet file, each once: the same finding on
// several nodes gets a note naming them.
// A definition is "unused" (W101) only when no node uses it: every node
// declares every node and group, and uses a few.
void add_node_diagnostics(Diagnostics& into, std::vector<std::pair<Diagnostic, std::string>> found,
                          std::size_t node_count) {
  using Key = std::tuple<FileId, std::uint32_t, std::uint32_t, Code, std::string>;
  std::map<Key, std::size_t> first;
  std::vector<std::pair<Diagnostic, std::vector<std::string>>> merged;
  for (auto& [d, node] : found) {
    const Key key{d.span.file, d.span.begin, d.span.end, d.code, d.message};
    const auto [it, fresh] = first.emplace(key, merged.size());
    if (fresh) merged.push_back({std::move(d), {}});
    merged[it->second].second.push_back(std::move(node));
  }
  for (auto& [d, nodes] : merged) {
    if (d.code == Code::W101 && nodes.size() < node_count) continue;
    d.notes.push_back({std::nullopt, fmt::format("in the scenario of node{} {}", nodes.size() > 1 ? "s" : "",
                                                 fmt::join(nodes, ", "))});
    into.push_back(std::move(d));
  }
}

}  // namespace

std::string node_source_name(const std::string& file, const std::string& node) { return file + "#node-" + node; }

std::vector<NodeCompilation> compile_plan_nodes(const fleet::Plan& plan, SourceMap& sources, const std::string& file) {
  std::vector<NodeCompilation> nodes;
  for (const fleet::Node& node : plan.nodes) {
    const FileId id = sources.add(node_source_name(file, node.name), node.scenario);
    nodes.push_back({id, compile_front(sources, id)});
  }
  return nodes;
}

void compile_fleet_nodes(Compilation& c, SourceMap& sources, Diagnostics& diagnostics) {
  Result<fleet::Plan> plan = fleet::plan_fleet(c.program, sources);
  diagnostics.insert(diagnostics.end(), plan.diagnostics.begin(), plan.diagnostics.end());
  if (!plan.value) return;
  c.nodes = compile_plan_nodes(*plan.value, sources, sources.file(c.program.root).name());
  std::vector<std::pair<Diagnostic, std::string>> found;
  for (std::size_t i = 0; i < c.nodes.size(); ++i) {
    const fleet::Node& node = plan.value->nodes[i];
    // A node no cut or `at` touches has no rule: a bystander, not a
    // mistake (F032 is for a single host's file).
    std::erase_if(c.nodes[i].compilation.diagnostics, [](const Diagnostic& d) { return d.code == Code::F032; });
    for (Diagnostic d : c.nodes[i].compilation.diagnostics) {
      if (d.code == Code::W101 && !written_by_user(d.span, node)) continue;
      map_to_fleet(d, node, c.nodes[i].file);
      found.emplace_back(std::move(d), node.name);
    }
  }
  add_node_diagnostics(diagnostics, std::move(found), plan.value->nodes.size());
  c.fleet = std::move(plan.value);
}

}  // namespace faultc
