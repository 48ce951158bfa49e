#pragma once
// A fleet scenario's plan: what `fleet::plan_fleet` makes of a file with
// `node` statements. Each node gets an ordinary single-host scenario, as
// .fault text, so that every single-host stage (analysis, lint, lowering,
// the backends, explain, expect) serves the fleet unchanged; the plan
// carries that text, the nodes' addresses for an inventory, and the grudge
// timeline `faultc plan` prints.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/source/source.hpp"

namespace faultc::fleet {

// Where a stretch of a node's scenario text came from: a statement copied
// as written (`verbatim`: each byte maps to the same byte of `from`), or a
// line made from a fleet statement (every byte maps to that statement).
// Diagnostics of the node's scenario are reported at the fleet file's text.
struct Origin {
  std::uint32_t begin = 0, end = 0;  // in the node's scenario text
  Span from;
  bool verbatim = false;
};

struct Node {
  std::string name;
  std::vector<std::string> addresses;  // as written, first one first (an inventory's ansible_host)
  std::vector<std::pair<std::string, std::string>> attributes;  // `role db`, in order
  std::string scenario;  // the node's single-host .fault text
  std::vector<Origin> origins;  // in text order, covering every generated line
};

// Who drops whom during one span of time: drops[i] holds the indexes of the
// nodes whose packets node i drops (Jepsen's grudge).
struct Phase {
  std::uint64_t from_ms = 0, to_ms = 0;
  std::vector<std::vector<std::size_t>> drops;
};

struct Plan {
  std::string scenario_name;
  std::optional<std::string> controller;  // the control node's address, as written
  std::optional<std::uint64_t> life_ms;    // the scenario's `for`; none for `for ever`
  std::vector<Node> nodes;                 // in declaration order
  std::vector<Phase> phases;               // in time order, each a change of the grudge
  // What each seeded choice picked, for the plan: "isolate one of west
  // seed 7: n3".
  std::vector<std::string> choices;
};

}  // namespace faultc::fleet
