#pragma once
// The scenario's timeline for `faultc explain`: when each rule is active,
// as plain lines, or as an ASCII chart for a terminal.
#include <cstdint>
#include <optional>
#include <string>

#include "compiler/ir/ir.hpp"
#include "compiler/source/source.hpp"

namespace faultc {

// One line per rule: "rule 1 (line 5): 0s to 4m", and with `at`, which
// rules are active then.
std::string timeline_lines(const ir::Scenario& scenario, const SourceMap& sources, std::optional<std::uint64_t> at);

// The same as a chart `width` columns wide over the scenario's life: `#`
// where a rule is active for the whole column, `+` for part of it, `.`
// where it is not; with `at`, a `^` under that moment.
std::string timeline_chart(const ir::Scenario& scenario, const SourceMap& sources, std::optional<std::uint64_t> at,
                           std::size_t width = 60);

}  // namespace faultc
