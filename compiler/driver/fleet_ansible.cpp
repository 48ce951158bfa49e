#include "compiler/driver/fleet_ansible.hpp"

#include "compiler/driver/pipeline.hpp"
#include "compiler/emit/emit.hpp"
#include "compiler/emit/nft_gates.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/lower/object_id.hpp"

namespace faultc {

namespace {

using ruleset::Ruleset;

void append(Diagnostics& to, const Diagnostics& from) { to.insert(to.end(), from.begin(), from.end()); }

// nft: the artifact, its teardown and its gates, printed from the one
// lowered ruleset (the same bytes as compile_artifact's, which `faultc
// compile -t nft` prints: tests/unit/artifact_test.cpp).
bool nft_artifacts(const Ruleset& lowered, ansible::NodeArtifacts& out, Diagnostics& diagnostics) {
  out.table = lowered.nft_table;
  out.gates = emit::nft_gates(lowered);
  emit::EmitOptions teardown_options;
  teardown_options.teardown = true;
  auto artifact = emit::emit(lowered, emit::Target::nft, emit::EmitOptions{});
  auto teardown = emit::emit(lowered, emit::Target::nft, teardown_options);
  append(diagnostics, artifact.diagnostics);
  append(diagnostics, teardown.diagnostics);
  if (!artifact.ok() || !teardown.ok()) return false;
  out.nft = std::move(*artifact.value);
  out.teardown = std::move(*teardown.value);
  return true;
}

// iptables: `faultc compile -t iptables-restore --start START` and `-t
// ip6tables-restore`, and their `--teardown`s, printed from the one
// lowered ruleset (the same bytes as compile_artifact's,
// tests/unit/artifact_test.cpp).
bool iptables_artifacts(const Ruleset& lowered, std::int64_t start, ansible::NodeArtifacts& out,
                        Diagnostics& diagnostics) {
  out.table = lowered.iptables_prefix;
  emit::EmitOptions rules;
  rules.start_unix = start;
  emit::EmitOptions teardown;
  teardown.teardown = true;
  std::string* const to[] = {&out.rules4, &out.teardown4, &out.rules6, &out.teardown6};
  const emit::Target targets[] = {emit::Target::iptables_restore, emit::Target::ip6tables_restore};
  bool ok = true;
  for (std::size_t i = 0; i < 4; ++i) {
    auto text = emit::emit(lowered, targets[i / 2], i % 2 ? teardown : rules);
    append(diagnostics, text.diagnostics);
    if (!text.ok()) ok = false;
    else *to[i] = std::move(*text.value);
  }
  return ok;
}

// One node's artifacts, or nothing (and its diagnostics) when it has errors.
std::optional<ansible::NodeArtifacts> compile_node(Compilation& c, const SourceMap& sources,
                                                   const ansible::Options& options, Diagnostics& diagnostics) {
  if (!c.ok()) {
    for (const Diagnostic& d : c.diagnostics) {
      if (d.severity == Severity::error) diagnostics.push_back(d);
    }
    return std::nullopt;
  }
  LowerOptions lower_options;
  lower_options.follows_timeline = true;  // nft's gates, iptables' time matches from --start
  auto lowered = lower(*c.scenario, sources, lower_options);
  if (!lowered.ok()) {
    append(diagnostics, lowered.diagnostics);
    return std::nullopt;
  }
  ansible::NodeArtifacts out;
  const bool ok = options.backend == ansible::Backend::iptables
                      ? iptables_artifacts(*lowered.value, options.start_unix.value_or(0), out, diagnostics)
                      : nft_artifacts(*lowered.value, out, diagnostics);
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace

AnsibleCompile compile_ansible(const fleet::Plan& plan, std::vector<NodeCompilation>& nodes,
                               const SourceMap& sources, const ansible::Options& options) {
  AnsibleCompile out;
  ansible::Input input{plan, {}, object_id(plan.scenario_name), options};
  bool failed = false;
  for (NodeCompilation& node : nodes) {
    auto compiled = compile_node(node.compilation, sources, options, out.diagnostics);
    if (!compiled) failed = true;
    else if (!failed) input.nodes.push_back(std::move(*compiled));
  }
  if (failed || has_errors(out.diagnostics)) return out;
  out.output = ansible::write_ansible(input);
  return out;
}

}  // namespace faultc
