#pragma once
// The lower stage: IR → backend-neutral Ruleset (ruleset.hpp). Every
// decision the backends share is made here once: object names, the family
// split, one line per action pattern, the jumps and their windows, and
// which windows an artifact can carry.
#include <cstddef>
#include <optional>
#include <vector>

#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/ir/ruleset.hpp"

namespace faultc {

struct LowerOptions {
  // `--at OFFSET`: the artifact holds the rules active at this offset into
  // the scenario, and its dead-man counts the rest of the life from there.
  std::optional<std::uint64_t> at_ms;
  // The artifact switches windows itself (the iptables shell target, or a
  // restore file bound to absolute times with `--start`).
  bool follows_timeline = false;
  std::optional<std::int32_t> priority;  // `--priority`, over the file's `priority`
};

// The nft base chains' default hook priority: just before the `filter`
// priority (0) that hand-written tables and most tools use, so a fault acts
// first; `priority N` moves it (e.g. -300 to run before raw-priority tables).
inline constexpr std::int32_t kDefaultPriority = -10;

// Whether a timed rule of `jumps` jumps and `windows` windows enters its
// chain through a gate chain (ruleset::Chain::gated): when that prints
// fewer lines, its J jumps and W window tests plus the gate chain's own two
// (nft's header and closing brace), than the J x W lines of every jump in
// every window. A rule of one jump or one window never has one.
bool gate_pays(std::size_t jumps, std::size_t windows);

// `sources` gives the line numbers every emitted rule's comment carries.
Result<ruleset::Ruleset> lower(const ir::Scenario& scenario, const SourceMap& sources, const LowerOptions& options);
// The same, consuming the IR: each rule's parts are freed once it is
// lowered, so that a million rules never hold the whole IR and the whole
// ruleset at once (`faultc compile`, which needs the IR no more).
Result<ruleset::Ruleset> lower(ir::Scenario&& scenario, const SourceMap& sources, const LowerOptions& options);

// ---- Lowering in chunks, for `faultc compile`, which prints each chunk
// before lowering the next (compiler/driver/artifact.hpp): the same decisions as
// `lower`, made where each needs them.

// F032 for a scenario without a rule, which only a file of definitions
// gets past analysis with: `compile` and `run` have nothing to apply.
Diagnostics check_something_to_apply(const ir::Scenario& scenario);
// What `lower` finds before any rule: F030 for an `--at` past the end (and
// F032, as above).
Diagnostics check_lower_options(const ir::Scenario& scenario, const SourceMap& sources, const LowerOptions& options);

// The rules [first, last) lowered as a scenario of those rules alone
// (chains and window lists numbered from 0), and the spans of those whose
// windows the artifact must switch. Each rule is freed once lowered. Calls
// on disjoint ranges may run at once.
struct LoweredChunk {
  ruleset::Ruleset rules;
  std::vector<Span> timed;
};
LoweredChunk lower_chunk(ir::Scenario& scenario, const SourceMap& sources, const LowerOptions& options,
                         std::size_t first, std::size_t last);

// F030 for the rules, in order, whose windows a static artifact cannot
// switch; nothing when the artifact follows the timeline.
Diagnostics timeline_diagnostics(std::vector<Span> timed, const LowerOptions& options);




}  // namespace faultc
