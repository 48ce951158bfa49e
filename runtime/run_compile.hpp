#pragma once
// `faultc run`'s compile: the scenario through the front end, lowered once
// for the whole run (its kernel names, which families it has) and printed
// for one backend, with the windows bound to the start of the run; and the
// plan `--dry-run` shows.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/ir/ruleset.hpp"
#include "runtime/backend.hpp"

namespace faultc::runtime {

struct Compiled {
  ir::Scenario scenario;
  ruleset::Ruleset rules;
  Artifact artifact;
  std::vector<std::string> labels;  // per rule: "file.fault:12"
  std::vector<std::string> protections;  // what no rule touches, in words (explain's protection_lines)
};

// The diagnostics go to stderr; nothing when there are errors or nothing
// to apply. The iptables files are bound to `start_s` (Unix seconds), so
// that the kernel switches every window by itself.
std::optional<Compiled> compile_for_run(const std::string& file, Backend backend, std::int64_t start_s);

// What is applied when, each rule's windows, and when it is reverted.
std::string plan(const Compiled& compiled, Backend backend);

}  // namespace faultc::runtime
