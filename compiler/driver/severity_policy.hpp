#pragma once
// Severity is the team's choice: per-code overrides from the command line
// (`-W W104=error`, `-W W105=off`) and `# faultc: allow CODE` comments that
// silence a code on one line. Errors (F codes) cannot be silenced or
// downgraded: they mean the scenario cannot be compiled.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/parse/load.hpp"

namespace faultc {

struct SeverityPolicy {
  std::map<Code, std::optional<Severity>> overrides;  // nullopt: off
};

// Parses one `-W CODE=LEVEL` argument (LEVEL: error, warning, note, off) into
// the policy; returns an error message when it is not one.
std::optional<std::string> add_override(SeverityPolicy& policy, const std::string& argument);

// Applies the comments' suppressions and the policy's overrides. Unknown
// codes in a comment are reported as F029 at the comment.
Diagnostics apply_policy(Diagnostics diagnostics, const SeverityPolicy& policy, const Program& program,
                         const SourceMap& sources);

}  // namespace faultc
