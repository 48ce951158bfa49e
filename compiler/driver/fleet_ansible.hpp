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
#include "compiler/fleet/plan.hpp"
#include "compiler/source/source.hpp"

namespace faultc {

struct AnsibleCompile {
  Diagnostics diagnostics;  // every node's, in node order
  std::optional<ansible::Output> output;  // absent when a node has errors
};

// Node NAME's scenario is added to `sources` as `FILE#node-NAME`, the name
// its diagnostics and its artifact's comments carry.
AnsibleCompile compile_ansible(const fleet::Plan& plan, SourceMap& sources, const std::string& file,
                               const ansible::Options& options = {});

// The name a node's scenario has in the SourceMap.
std::string node_source_name(const std::string& file, const std::string& node);

}  // namespace faultc
