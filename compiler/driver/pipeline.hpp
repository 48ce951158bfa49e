#pragma once
// The front half of the pipeline as one call: load (parse + includes) →
// analyze → lint → severity policy. Every command that reads a scenario
// starts here.
#include <optional>

#include "compiler/ir/ir.hpp"
#include "compiler/parse/load.hpp"
#include "compiler/driver/severity_policy.hpp"

namespace faultc {

struct Compilation {
  Program program;
  std::optional<ir::Scenario> scenario;  // present when analysis could build one
  Diagnostics diagnostics;               // every stage's, sorted by position
  bool ok() const { return scenario.has_value() && !has_errors(diagnostics); }
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
