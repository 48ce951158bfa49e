#pragma once
// What each partition statement cuts: the directed edges (sender, receiver)
// whose packets are dropped while it is active. `A | B` cuts both ways
// between every pair of sides; `A -> B` only what A sends B; `isolate`,
// `bridge` and `majorities ring` are the same edges chosen for the writer,
// the seeded ones by a shuffle whose result the plan prints.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "compiler/fleet/roster.hpp"
#include "compiler/ir/ir.hpp"

namespace faultc::fleet {

struct Cut {
  const ast::Partition* statement = nullptr;
  std::vector<std::pair<std::size_t, std::size_t>> edges;  // (sender, receiver), sorted
  ir::Timing timing;
  std::vector<std::size_t> nodes;  // every node the statement touches, ascending
  std::string choice;              // what a seeded statement picked, in words; empty otherwise
};

// Every partition statement of the program, in order. Impossible shapes
// (a node on two sides, an empty side, `2 of` a group of one) are F044.
Result<std::vector<Cut>> read_cuts(const Program& program, const Roster& roster, const SourceMap& sources);

// The seeded order of `nodes`: a Fisher-Yates shuffle driven by
// mt19937_64, whose output the standard fixes, so that the same seed picks
// the same nodes with every compiler and library (std::shuffle's use of the
// engine is unspecified).
std::vector<std::size_t> seeded_order(std::vector<std::size_t> nodes, std::uint64_t seed);

}  // namespace faultc::fleet
