#include "compiler/driver/fleet_ansible.hpp"

#include "compiler/driver/artifact.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/emit/nft_gates.hpp"
#include "compiler/lower/object_id.hpp"

namespace faultc {

namespace {

void append(Diagnostics& to, const Diagnostics& from) { to.insert(to.end(), from.begin(), from.end()); }

// One node's artifacts, or nothing (and its diagnostics) when it has errors.
std::optional<ansible::NodeArtifacts> compile_node(Compilation& c, const SourceMap& sources,
                                                   Diagnostics& diagnostics) {
  if (!c.ok()) {
    for (const Diagnostic& d : c.diagnostics) {
      if (d.severity == Severity::error) diagnostics.push_back(d);
    }
    return std::nullopt;
  }
  ArtifactOptions options;  // the nft target's, as `faultc compile` chooses them
  options.lower.follows_timeline = true;
  // The gates and the teardown need the whole ruleset; the artifact is made
  // the way `faultc compile` makes it, so that it is the same bytes.
  auto lowered = lower(*c.scenario, sources, options.lower);
  if (!lowered.ok()) {
    append(diagnostics, lowered.diagnostics);
    return std::nullopt;
  }
  ansible::NodeArtifacts out;
  out.table = lowered.value->nft_table;
  out.gates = emit::nft_gates(*lowered.value);
  emit::EmitOptions teardown_options;
  teardown_options.teardown = true;
  auto teardown = emit::emit(*lowered.value, emit::Target::nft, teardown_options);
  auto artifact = compile_artifact(std::move(*c.scenario), sources, options);
  append(diagnostics, artifact.diagnostics);
  append(diagnostics, teardown.diagnostics);
  if (!artifact.ok() || !teardown.ok()) return std::nullopt;
  out.nft = std::move(*artifact.value);
  out.teardown = std::move(*teardown.value);
  return out;
}

}  // namespace

AnsibleCompile compile_ansible(const fleet::Plan& plan, std::vector<NodeCompilation>& nodes,
                               const SourceMap& sources, const ansible::Options& options) {
  AnsibleCompile out;
  ansible::Input input{plan, {}, object_id(plan.scenario_name), options};
  bool failed = false;
  for (NodeCompilation& node : nodes) {
    auto compiled = compile_node(node.compilation, sources, out.diagnostics);
    if (!compiled) failed = true;
    else if (!failed) input.nodes.push_back(std::move(*compiled));
  }
  if (failed || has_errors(out.diagnostics)) return out;
  out.output = ansible::write_ansible(input);
  return out;
}

}  // namespace faultc
