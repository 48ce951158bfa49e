#pragma once
// `faultc compile -t ansible`'s compiler half: each node of a fleet plan
// compiled as the single-host scenario it is (front end, then the nft
// artifact exactly as `faultc compile -t nft` makes it, its teardown and
// its gates), then the Ansible files (compiler/ansible/). An error in any
// node's scenario fails the whole compile: a fleet is armed whole or not.
#include <optional>
#include <string>

#include "compiler/ansible/ansible.hpp"
#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/fleet/plan.hpp"
#include "compiler/source/source.hpp"

namespace faultc {

struct AnsibleCompile {
  Diagnostics diagnostics;  // every node's, in node order
  std::optional<ansible::Output> output;  // absent when a node has errors
};

// `nodes`: each node's compiled scenario, in the plan's order
// (compile_plan_nodes, or the fleet Compilation's); their IR is consumed.
// Only the artifacts' own diagnostics are added: the front end's are the
// Compilation's.
AnsibleCompile compile_ansible(const fleet::Plan& plan, std::vector<NodeCompilation>& nodes,
                               const SourceMap& sources, const ansible::Options& options = {});

}  // namespace faultc
