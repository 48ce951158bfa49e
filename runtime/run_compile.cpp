#include "runtime/run_compile.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/emit/emit.hpp"
#include "compiler/explain/describe_rule.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/parse/read_file.hpp"
#include "compiler/source/duration_text.hpp"
#include "compiler/source/printable.hpp"

namespace faultc::runtime {

namespace {

// Prints the ruleset for the backend into the artifact; false when an
// emitter refused it (its diagnostics say why).
bool emit_artifact(Compiled& compiled, Backend backend, std::int64_t start_s, Diagnostics& diagnostics) {
  bool ok = true;
  auto put = [&](emit::Target target, bool teardown, std::string& slot) {
    emit::EmitOptions options;
    options.teardown = teardown;
    if (!teardown && target != emit::Target::nft) options.start_unix = start_s;
    auto emitted = emit::emit(compiled.rules, target, options);
    diagnostics.insert(diagnostics.end(), emitted.diagnostics.begin(), emitted.diagnostics.end());
    if (emitted.ok()) slot = *emitted.value;
    ok = ok && emitted.ok();
  };
  if (backend == Backend::nft) {
    put(emit::Target::nft, false, compiled.artifact.nft);
    put(emit::Target::nft, true, compiled.artifact.teardown_nft);
    return ok;
  }
  // A restore file per family that has rules: one for the other would
  // create its tables.
  bool v4 = false, v6 = false;
  for (const auto& chain : compiled.rules.chains) {
    v4 = v4 || chain.ipv4;
    v6 = v6 || chain.ipv6;
  }
  if (v4) put(emit::Target::iptables_restore, false, compiled.artifact.ipv4);
  if (v6) put(emit::Target::ip6tables_restore, false, compiled.artifact.ipv6);
  return ok;
}

// The whole ruleset at once, following the timeline: `run` needs its names
// and families, and keeps the IR for the live view (so not the driver's
// compile_artifact, which consumes the IR chunk by chunk).
std::optional<Compiled> lower_for_run(const ir::Scenario& scenario, const SourceMap& sources, Backend backend,
                                      std::int64_t start_s, Diagnostics& diagnostics) {
  LowerOptions options;
  options.follows_timeline = true;
  auto lowered = lower(scenario, sources, options);
  diagnostics.insert(diagnostics.end(), lowered.diagnostics.begin(), lowered.diagnostics.end());
  if (!lowered.ok()) return std::nullopt;
  Compiled compiled{scenario, *lowered.value, {}, {}, protection_lines(scenario, sources)};
  for (const ir::Rule& rule : compiled.scenario.rules) {
    compiled.labels.push_back(
        fmt::format("{}:{}", compiled.scenario.file_name, sources.file(rule.span.file).locate(rule.span.begin).line));
  }
  if (!emit_artifact(compiled, backend, start_s, diagnostics)) return std::nullopt;
  return compiled;
}

}  // namespace

std::optional<Compiled> compile_for_run(const std::string& file, Backend backend, std::int64_t start_s) {
  SourceMap sources;
  auto text = read_source_file(file);
  if (auto* error = std::get_if<ReadError>(&text)) {
    fmt::print(stderr, "faultc: error: {}\n", error->message);
    return std::nullopt;
  }
  const FileId id = sources.add(file, std::get<std::string>(std::move(text)));
  const Compilation c = compile_front(sources, id);
  Diagnostics diagnostics = c.diagnostics;
  std::optional<Compiled> out;
  const Diagnostics nothing = c.ok() ? check_something_to_apply(*c.scenario) : Diagnostics{};
  diagnostics.insert(diagnostics.end(), nothing.begin(), nothing.end());
  if (c.ok() && nothing.empty()) out = lower_for_run(*c.scenario, sources, backend, start_s, diagnostics);
  fmt::print(stderr, "{}", render_text(diagnostics, sources, TextStyle{isatty(2) != 0 && !std::getenv("NO_COLOR")}));
  if (!out && !has_errors(diagnostics) && c.fleet) {
    fmt::print(stderr, "faultc: error: a fleet scenario runs on its nodes through Ansible: "
                       "`faultc compile -t ansible FILE -o DIR` (docs/fleet.md)\n");
  } else if (!out && !has_errors(diagnostics)) {
    fmt::print(stderr, "faultc: error: nothing to run\n");
  }
  return out;
}

std::string plan(const Compiled& c, Backend backend) {
  std::string out;
  const auto life = c.scenario.life_ms;
  out += fmt::format("plan: scenario \"{}\" (kernel id {}), backend {}, life {}\n", printable(c.scenario.name),
                     c.rules.id, backend_name(backend), life ? format_duration(*life) : "for ever");
  out += fmt::format("  +0s        apply atomically ({})\n",
                     backend == Backend::nft ? "nft -f, table inet " + c.rules.nft_table
                                             : "iptables-restore --noflush, chains FAULTC-" + c.rules.id + "-*");
  for (std::size_t i = 0; i < c.scenario.rules.size(); ++i) {
    std::vector<std::string> spans;
    const auto windows = ir::windows(c.scenario.rules[i], c.scenario);
    for (std::size_t w = 0; w < windows.size() && w < 4; ++w) {
      spans.push_back(fmt::format("[{}, {})", format_duration(windows[w].start_ms),
                                  windows[w].end_ms == UINT64_MAX ? "end" : format_duration(windows[w].end_ms)));
    }
    if (windows.size() > 4) spans.push_back(fmt::format("... {} windows in all", windows.size()));
    out += fmt::format("  rule {:<5} {}  active {}\n", c.scenario.rules[i].number, c.labels[i], fmt::join(spans, " "));
  }
  if (life) {
    out += fmt::format("  +{:<9} revert (by this run; else the watchdog; else the kernel's own expiry)\n",
                       format_duration(*life));
  } else {
    out += "  no end: `for ever` runs until Ctrl-C or `faultc revert`\n";
  }
  return out;
}

}  // namespace faultc::runtime
