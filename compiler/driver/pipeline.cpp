#include "compiler/driver/pipeline.hpp"

#include <algorithm>

#include "compiler/analyze/analyze.hpp"
#include "compiler/driver/fleet_front.hpp"
#include "compiler/fleet/fleet.hpp"
#include "compiler/lint/lint.hpp"

namespace faultc {

Compilation compile_front(SourceMap& sources, FileId root, const SeverityPolicy& policy, const ReadFunction& read,
                          KeepAst keep, const std::vector<std::string>& include_dirs) {
  Compilation c;
  auto loaded = load_program(sources, root, read, include_dirs);
  c.program = std::move(*loaded.value);
  // Kept aside: analysis may take the program.
  const std::map<FileId, Span> included_at = c.program.included_at;
  Diagnostics diagnostics = std::move(loaded.diagnostics);
  // Semantic checks on a file with syntax errors would report the holes the
  // errors left; stop at the syntax.
  if (!has_errors(diagnostics) && fleet::is_fleet(c.program)) {
    compile_fleet_nodes(c, sources, diagnostics);
  } else if (!has_errors(diagnostics)) {
    Diagnostics ast_findings = lint_ast(c.program, sources);
    auto analyzed = keep == KeepAst::yes ? analyze(c.program, sources) : analyze(std::move(c.program), sources);
    diagnostics.insert(diagnostics.end(), analyzed.diagnostics.begin(), analyzed.diagnostics.end());
    if (analyzed.value) {
      Diagnostics warnings = lint(*analyzed.value, std::move(ast_findings));
      // With analysis errors, "never used" is mostly an echo of them (a
      // misspelled name leaves the real one unused): leave it out.
      if (has_errors(analyzed.diagnostics)) {
        std::erase_if(warnings, [](const Diagnostic& d) { return d.code == Code::W101; });
      }
      diagnostics.insert(diagnostics.end(), warnings.begin(), warnings.end());
    }
    if (analyzed.value) c.scenario = std::move(analyzed.value);
  }
  diagnostics = apply_policy(std::move(diagnostics), policy, c.program, sources);
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.span.file, a.span.begin) < std::tie(b.span.file, b.span.begin);
  });
  add_include_notes(diagnostics, included_at, sources);
  c.diagnostics = std::move(diagnostics);
  return c;
}

}  // namespace faultc
