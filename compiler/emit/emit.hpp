#pragma once
// The emitters: printers of a Ruleset, one per backend. They decide nothing
// that another backend would also need (that is lower's job); they check
// only the limits of their own tool.
#include <array>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/ir/ruleset.hpp"

namespace faultc::emit {

enum class Target { nft, iptables, iptables_restore, ip6tables_restore };

struct EmitOptions {
  bool teardown = false;                  // print the removal instead
  std::optional<std::int64_t> start_unix;  // `--start`: bind windows to absolute UTC times
};

std::optional<Target> target_from_name(std::string_view name);

// The artifact for `target`, or diagnostics for what the tool cannot take
// (over-long log prefixes, comments, unsafe text).
Result<std::string> emit(const ruleset::Ruleset& ruleset, Target target, const EmitOptions& options);

// ---- The same in pieces, for a ruleset that is lowered and printed chunk
// by chunk (compiler/driver/artifact.hpp): each range of rules is checked
// and printed apart, and the pieces are joined in order.
// Joined, they are byte for byte what one range of all the rules gives.

// What the tool's limits find in a range of rules.
struct LimitFindings {
  struct Finding {
    Diagnostic diagnostic;
    // A log prefix's position: reported once, however many lines print it.
    std::optional<std::uint32_t> once;
  };
  std::vector<Finding> findings;
  // A comment too long or unsafe: reported once, for the first line with
  // one, and nothing after it is reported.
  bool stops = false;
  // The first rule whose negated address list iptables cannot print.
  std::optional<Diagnostic> negation;
};
LimitFindings check_limits(const ruleset::Ruleset& ruleset, ruleset::RuleRange range, Target target);
// The findings of consecutive ranges as those of one.
Diagnostics join_limits(std::vector<LimitFindings> ranges);

// What a range of rules prints: its part of each section of the artifact
// that rules add to, and what the artifact's own lines depend on.
struct PrintedRules {
  // nft: the jumps from each hook (input, output, forward), the chains, and
  // the sets of limits per source or per connection (4).
  // iptables-restore and the shell target, per family (IPv4 at 0, IPv6 at
  // 3): the chain declarations, the jumps, the chains.
  std::array<std::string, 6> sections;
  // nft: the hooks its jumps use. iptables: the same per family (as sections).
  std::array<bool, 6> hooks{};
  std::array<bool, 2> families{};  // some chain is reached in IPv4, in IPv6
  // nft: the moments its jumps' gates expire; shell: the seconds after the
  // start its time matches name.
  std::set<std::uint64_t> moments;
};
// The comment limit of `target`'s tool (inlined_verdicts).
std::size_t comment_limit(Target target);
// `inlined`: inlined_verdicts(ruleset, comment_limit(target)). The range
// must have passed check_limits.
PrintedRules print_rules(const ruleset::Ruleset& ruleset, ruleset::RuleRange range, Target target,
                         const EmitOptions& options, std::span<const ruleset::Verdict* const> inlined);
// The artifact: its own lines around the ranges' sections, in order. Each
// section is freed once copied, so that the text is held about once.
// `ruleset` gives the names (any chunk of the scenario will do).
std::string assemble(const ruleset::Ruleset& ruleset, std::span<PrintedRules> ranges, Target target,
                     const EmitOptions& options);

// Limits of each tool, checked before printing.
inline constexpr std::size_t kIptablesLogPrefix = 29;
inline constexpr std::size_t kNftLogPrefix = 127;
// iptables-restore refuses a parameter (an address list) over 1023 characters.
inline constexpr std::size_t kIptablesParameter = 1023;

}  // namespace faultc::emit
