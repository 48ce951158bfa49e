#pragma once
// The front half of the pipeline as one call: load (parse + includes) →
// analyze → lint → severity policy. Every command that reads a scenario
// starts here.
#include <optional>

#include <string>
#include <vector>

#include "compiler/fleet/plan.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/parse/load.hpp"
#include "compiler/driver/severity_policy.hpp"

namespace faultc {

struct NodeCompilation;

struct Compilation {
  // Moved, never copied: an AST cannot be (and a vector of nodes must know).
  Compilation() = default;
  Compilation(Compilation&&) = default;
  Compilation& operator=(Compilation&&) = default;
  Compilation(const Compilation&) = delete;
  Compilation& operator=(const Compilation&) = delete;

  Program program;
  std::optional<ir::Scenario> scenario;  // present when analysis could build one
  Diagnostics diagnostics;               // every stage's, sorted by position
  // A fleet file (one with `node` statements) has no scenario of its own:
  // its plan, and each node's scenario compiled (driver/fleet_front.hpp),
  // whose diagnostics are in `diagnostics`, reported at the fleet file.
  std::optional<fleet::Plan> fleet;
  std::vector<NodeCompilation> nodes;
  bool ok() const { return scenario.has_value() && !has_errors(diagnostics); }
  bool fleet_ok() const { return fleet.has_value() && !has_errors(diagnostics); }
};

struct NodeCompilation {
  FileId file = 0;  // the node's scenario text, named FILE#node-NAME
  Compilation compilation;
};

// Whether the Compilation keeps the AST: every command but `compile` reads
// it after analysis; `compile` needs only the IR, and lets analysis free
// each rule's AST once analysed (a big scenario then never holds its whole
// AST and its whole IR at once). Without it, `program` keeps only comments.
enum class KeepAst : bool { no, yes };

// `include_dirs`: directories outside the root file's tree that includes
// may also read from (--include-path).
Compilation compile_front(SourceMap& sources, FileId root, const SeverityPolicy& policy = {},
                          const ReadFunction& read = read_included_file, KeepAst keep = KeepAst::yes,
                          const std::vector<std::string>& include_dirs = {});

}  // namespace faultc
