#pragma once
// A fleet's nodes and groups, resolved: each node's addresses and
// attributes, each group's members, and a node set as written (`db1`,
// `{ east, n5 }`, `rest`) turned into node indexes.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/parse/load.hpp"

namespace faultc::fleet {

struct RosterNode {
  std::string name;
  const ast::NodeDef* def = nullptr;
  std::vector<std::string> addresses;  // as written
  std::vector<std::pair<std::string, std::string>> attributes;
};

struct RosterGroup {
  std::string name;
  const ast::GroupDef* def = nullptr;
  std::vector<std::size_t> members;  // node indexes, ascending
};

struct Roster {
  std::vector<RosterNode> nodes;
  std::vector<RosterGroup> groups;
  std::map<std::string, std::size_t, std::less<>> node_index, group_index;
};

// Reads every `node` and `group` of the program: F041 for a name given
// twice (node, group or host alike), F042 for an address that is not
// literal, F043 for a group member that is neither a node nor a group.
Result<Roster> read_roster(const Program& program, const SourceMap& sources);

// The nodes a set names, ascending. `rest` is every node not in `taken`.
// An unknown name is F043 (with a "did you mean"), pushed onto `out`.
std::vector<std::size_t> resolve(const ast::NodeSet& set, const Roster& roster, const SourceMap& sources,
                                 const std::vector<std::size_t>& taken, Diagnostics& out);

}  // namespace faultc::fleet
