#pragma once
// What emit.cpp asks of each backend: print a range of rules into its
// sections (PrintedRules), and the artifact's own lines around the
// sections of all ranges.
#include <span>
#include <string>

#include "compiler/emit/emit.hpp"

namespace faultc::emit {

using ruleset::Family;
using ruleset::RuleRange;
using ruleset::Ruleset;
using Inlined = std::span<const ruleset::Verdict* const>;

// nft.cpp
void print_nft_rules(const Ruleset& ruleset, RuleRange range, Inlined inlined, PrintedRules& out);
std::string assemble_nft(const Ruleset& ruleset, std::span<PrintedRules> ranges);
std::string emit_nft_teardown(const Ruleset& ruleset);

// iptables_restore.cpp. `time.text(ms)` gives the text of the absolute
// time `ms` after the start (an ISO date, or a shell expansion the sh target
// defines); no function: no time matches.
using TimeText = std::string (*)(std::uint64_t ms, void* context);
struct TimeBinding {
  TimeText text = nullptr;
  void* context = nullptr;
};
// The family's sections and hooks (at 3 * family) and whether it is used.
void print_restore_rules(const Ruleset& ruleset, RuleRange range, Family family, TimeBinding time, Inlined inlined,
                         PrintedRules& out);
// The `*filter ... COMMIT` text for one family, appended to `out`; the
// family's sections are moved into it.
void append_restore(std::string& out, const Ruleset& ruleset, Family family, std::span<PrintedRules> ranges);
std::string emit_iptables_teardown(const Ruleset& ruleset, Family family);
// The jump from a built-in chain into the scenario's dispatch chain.
std::string builtin_jump_spec(const Ruleset& ruleset, ruleset::Hook hook);

// iptables_sh.cpp
void print_sh_rules(const Ruleset& ruleset, RuleRange range, Inlined inlined, PrintedRules& out);
std::string assemble_sh(const Ruleset& ruleset, std::span<PrintedRules> ranges);

// Where a family's sections and hooks start in PrintedRules.
inline std::size_t family_base(Family family) { return family == Family::ipv4 ? 0 : 3; }

}  // namespace faultc::emit
