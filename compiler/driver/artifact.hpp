#pragma once
// `faultc compile`'s back half: the IR to the artifact's text, lowered and
// printed a chunk of rules at a time, the two cores taking half of the
// chunks each. Each chunk's ruleset is printed and freed before the next is
// lowered, so that the work stays in memory that is already mapped and in
// the cache, and the whole ruleset never exists (docs/performance.md,
// "Lowering and printing in chunks"). The text and the diagnostics are byte for byte those of `lower`
// then `emit` (tests/unit/artifact_test.cpp compares them, down to chunks of
// one rule).
#include <cstddef>
#include <string>

#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/driver/halves.hpp"
#include "compiler/emit/emit.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/lower/lower.hpp"

namespace faultc {

// Rules per chunk: a chunk's ruleset and text (about 1.5 MB) stay in the
// cache; 1,024 and 16,384 were slower (docs/performance.md).
inline constexpr std::size_t kChunkRules = 4096;

struct ArtifactOptions {
  emit::Target target = emit::Target::nft;
  LowerOptions lower;
  emit::EmitOptions emit;
  std::size_t chunk_rules = kChunkRules;
  // From this many rules the chunks are shared between two threads
  // (halves.hpp); tests lower it to split small scenarios.
  std::size_t parallel_from = kParallelItems;
};

// Consumes the scenario's rules: each is freed once lowered. A teardown,
// which names every object, is made from the whole ruleset.
Result<std::string> compile_artifact(ir::Scenario&& scenario, const SourceMap& sources,
                                     const ArtifactOptions& options);

}  // namespace faultc
