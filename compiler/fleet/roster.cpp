#include "compiler/fleet/roster.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "compiler/diagnostics/spell.hpp"

namespace faultc::fleet {

namespace {

void add_unique(std::vector<std::size_t>& into, const std::vector<std::size_t>& more) {
  into.insert(into.end(), more.begin(), more.end());
  std::sort(into.begin(), into.end());
  into.erase(std::unique(into.begin(), into.end()), into.end());
}

std::vector<std::string_view> known_names(const Roster& roster) {
  std::vector<std::string_view> names;
  for (const auto& n : roster.nodes) names.push_back(n.name);
  for (const auto& g : roster.groups) names.push_back(g.name);
  return names;
}

// A node's address: a literal, or a set of literals (a node with several
// addresses, or both families). Names are refused: a node is where names
// begin.
bool literal_addresses(const ast::AddrItem& item, const SourceMap& sources, std::vector<std::string>& out) {
  switch (item.kind) {
    case ast::AddrItem::Kind::literal: out.emplace_back(sources.text(item.span)); return true;
    case ast::AddrItem::Kind::name: return false;
    case ast::AddrItem::Kind::set:
      for (const auto& element : item.items()) {
        if (!literal_addresses(element, sources, out)) return false;
      }
      return true;
  }
  return false;
}

// Every definition's name with where it stands, for F041.
void check_unique(const Program& program, Diagnostics& out) {
  std::map<std::string, Span, std::less<>> seen;
  const auto define = [&](const std::string& name, Span at) {
    const auto [it, fresh] = seen.emplace(name, at);
    if (fresh) return;
    Diagnostic d = make_diagnostic(Code::F041, at, fmt::format("`{}` is defined twice", name),
                                   "nodes, groups and hosts share one namespace: give each its own name");
    d.notes.push_back({it->second, "first defined here"});
    out.push_back(std::move(d));
  };
  for (const auto& file : program.files) {
    for (const auto& s : file.statements) {
      if (const auto* n = std::get_if<ast::NodeDef>(&s)) define(n->name, n->name_span);
      if (const auto* g = std::get_if<ast::GroupDef>(&s)) define(g->name, g->name_span);
      if (const auto* h = std::get_if<ast::HostDef>(&s)) define(h->name, h->name_span);
    }
  }
}

}  // namespace

std::vector<std::size_t> resolve(const ast::NodeSet& set, const Roster& roster, const SourceMap& sources,
                                 const std::vector<std::size_t>& taken, Diagnostics& out) {
  std::vector<std::size_t> nodes;
  if (set.rest) {
    for (std::size_t i = 0; i < roster.nodes.size(); ++i) {
      if (!std::binary_search(taken.begin(), taken.end(), i)) nodes.push_back(i);
    }
    return nodes;
  }
  for (const Span& at : set.names) {
    const std::string_view name = sources.text(at);
    if (const auto n = roster.node_index.find(name); n != roster.node_index.end()) {
      add_unique(nodes, {n->second});
    } else if (const auto g = roster.group_index.find(name); g != roster.group_index.end()) {
      add_unique(nodes, roster.groups[g->second].members);
    } else {
      std::string help;
      if (auto close = closest_match(name, known_names(roster))) help = fmt::format("did you mean `{}`?", *close);
      out.push_back(make_diagnostic(Code::F043, at, fmt::format("no node or group is named `{}`", name), help));
    }
  }
  return nodes;
}

Result<Roster> read_roster(const Program& program, const SourceMap& sources) {
  Result<Roster> result;
  Roster roster;
  check_unique(program, result.diagnostics);
  for (const auto& file : program.files) {
    for (const auto& s : file.statements) {
      const auto* n = std::get_if<ast::NodeDef>(&s);
      if (n == nullptr || roster.node_index.contains(n->name)) continue;
      RosterNode node{n->name, n, {}, {}};
      if (!literal_addresses(n->address, sources, node.addresses)) {
        result.diagnostics.push_back(make_diagnostic(
            Code::F042, n->address.span, "a node's address must be written as an address or a `{ set }` of them",
            "a node is where the fleet's names begin: write its IP address, as in `node db1 = 10.0.1.1`"));
      }
      for (const auto& a : n->attributes) node.attributes.emplace_back(sources.text(a.key), sources.text(a.value));
      roster.node_index.emplace(node.name, roster.nodes.size());
      roster.nodes.push_back(std::move(node));
    }
  }
  // Groups in order: a group may name the groups before it.
  for (const auto& file : program.files) {
    for (const auto& s : file.statements) {
      const auto* g = std::get_if<ast::GroupDef>(&s);
      if (g == nullptr || roster.group_index.contains(g->name) || roster.node_index.contains(g->name)) continue;
      RosterGroup group{g->name, g, {}};
      if (g->members) {
        if (g->members->rest) {
          result.diagnostics.push_back(make_diagnostic(Code::F043, g->members->span,
                                                       "`rest` means the nodes a partition's other sides leave; "
                                                       "a group names its members",
                                                       "list the nodes, or select them by attribute"));
        } else {
          group.members = resolve(*g->members, roster, sources, {}, result.diagnostics);
        }
      } else {
        for (std::size_t i = 0; i < roster.nodes.size(); ++i) {
          const auto& attributes = roster.nodes[i].attributes;
          const bool all = std::all_of(g->attributes.begin(), g->attributes.end(), [&](const ast::Attribute& a) {
            return std::find(attributes.begin(), attributes.end(),
                             std::pair<std::string, std::string>(sources.text(a.key), sources.text(a.value))) !=
                   attributes.end();
          });
          if (all) group.members.push_back(i);
        }
      }
      roster.group_index.emplace(group.name, roster.groups.size());
      roster.groups.push_back(std::move(group));
    }
  }
  result.value = std::move(roster);
  return result;
}

}  // namespace faultc::fleet
