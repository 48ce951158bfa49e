#include "compiler/driver/artifact.hpp"

#include <algorithm>
#include <vector>


namespace faultc {

namespace {

// What one chunk left once its ruleset is freed.
struct ChunkResult {
  std::vector<Span> timed;
  emit::LimitFindings limits;
  emit::PrintedRules printed;
};

bool stops_printing(const emit::LimitFindings& limits) {
  return limits.negation || std::any_of(limits.findings.begin(), limits.findings.end(), [](const auto& finding) {
           return finding.diagnostic.severity == Severity::error;
         });
}

void append(Diagnostics& to, Diagnostics from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

Result<std::string> whole_teardown(ir::Scenario&& scenario, const SourceMap& sources, const ArtifactOptions& options) {
  Result<std::string> result;
  auto lowered = lower(std::move(scenario), sources, options.lower);
  result.diagnostics = std::move(lowered.diagnostics);
  if (!lowered.ok()) return result;
  auto emitted = emit::emit(*lowered.value, options.target, options.emit);
  append(result.diagnostics, std::move(emitted.diagnostics));
  result.value = std::move(emitted.value);
  return result;
}

}  // namespace

Result<std::string> compile_artifact(ir::Scenario&& scenario, const SourceMap& sources,
                                     const ArtifactOptions& options) {
  if (options.emit.teardown) return whole_teardown(std::move(scenario), sources, options);
  Result<std::string> result;
  result.diagnostics = check_lower_options(scenario, sources, options.lower);
  if (has_errors(result.diagnostics)) return result;

  const std::size_t rules = scenario.rules.size();
  const std::size_t size = std::max<std::size_t>(options.chunk_rules, 1);
  const std::size_t chunks = std::max<std::size_t>((rules + size - 1) / size, 1);
  std::vector<ChunkResult> done(chunks);
  const auto work = [&](std::size_t first, std::size_t last) {
    for (std::size_t k = first; k < last; ++k) {
      LoweredChunk lowered = lower_chunk(scenario, sources, options.lower, k * size,
                                               std::min(rules, (k + 1) * size));
      ChunkResult& chunk = done[k];
      chunk.timed = std::move(lowered.timed);
      const ruleset::RuleRange all = ruleset::all_rules(lowered.rules);
      chunk.limits = emit::check_limits(lowered.rules, all, options.target);
      // Refused (here or by lowering): the text would be thrown away.
      if (stops_printing(chunk.limits) || (!chunk.timed.empty() && !options.lower.follows_timeline)) continue;
      const auto inlined = ruleset::inlined_verdicts(lowered.rules, emit::comment_limit(options.target));
      chunk.printed = emit::print_rules(lowered.rules, all, options.target, options.emit, inlined);
    }
  };
  if (chunks > 1 && rules >= options.parallel_from) {
    run_halves([&] { work(0, chunks / 2); }, [&] { work(chunks / 2, chunks); });
  } else {
    work(0, chunks);
  }
  // The rules are all lowered and emptied: their array goes before the
  // artifact's text is joined.
  scenario.rules = std::vector<ir::Rule>();

  std::vector<Span> timed;
  std::vector<emit::LimitFindings> limits;
  std::vector<emit::PrintedRules> printed;
  limits.reserve(chunks);
  printed.reserve(chunks);
  for (ChunkResult& chunk : done) {
    timed.insert(timed.end(), chunk.timed.begin(), chunk.timed.end());
    limits.push_back(std::move(chunk.limits));
    printed.push_back(std::move(chunk.printed));
  }
  append(result.diagnostics, timeline_diagnostics(std::move(timed), options.lower));
  if (has_errors(result.diagnostics)) return result;
  append(result.diagnostics, emit::join_limits(std::move(limits)));
  if (has_errors(result.diagnostics)) return result;
  // The artifact's own lines need only the scenario's names: a chunk of no rules has them.
  const ruleset::Ruleset names = lower_chunk(scenario, sources, options.lower, 0, 0).rules;
  result.value = emit::assemble(names, printed, options.target, options.emit);
  return result;
}

}  // namespace faultc
