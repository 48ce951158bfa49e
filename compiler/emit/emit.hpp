#pragma once
// The emitters: printers of a Ruleset, one per backend. They decide nothing
// that another backend would also need (that is lower's job); they check
// only the limits of their own tool.
#include <optional>
#include <string>

#include "compiler/diagnostic.hpp"
#include "compiler/halves.hpp"
#include "compiler/ruleset.hpp"

namespace faultc::emit {

enum class Target { nft, iptables, iptables_restore, ip6tables_restore };

struct EmitOptions {
  bool teardown = false;                  // print the removal instead
  std::optional<std::int64_t> start_unix;  // `--start`: bind windows to absolute UTC times
  std::size_t parallel_from = kParallelItems;  // lists of jumps and chains this long print in two halves (halves.hpp)
};

std::optional<Target> target_from_name(std::string_view name);

// The artifact for `target`, or diagnostics for what the tool cannot take
// (over-long log prefixes, comments, unsafe text).
Result<std::string> emit(const ruleset::Ruleset& ruleset, Target target, const EmitOptions& options);

// Per backend, for their tests.
std::string emit_nft(const ruleset::Ruleset& ruleset, std::size_t parallel_from = kParallelItems);
std::string emit_nft_teardown(const ruleset::Ruleset& ruleset);

// The `*filter ... COMMIT` text for one family. `time_of(ms)` returns the
// text of the absolute time `ms` after the start (an ISO date, or a shell
// expansion the sh target defines); empty function: no time matches.
using TimeText = std::string (*)(std::uint64_t ms, void* context);
struct TimeBinding {
  TimeText text = nullptr;
  void* context = nullptr;
};
// Appended to `out` (a header, a script), so that tens of megabytes are
// written once rather than built apart and copied in.
std::string emit_iptables_restore(const ruleset::Ruleset& ruleset, ruleset::Family family, TimeBinding time,
                                  std::string out = {}, std::size_t parallel_from = kParallelItems);
std::string emit_iptables_teardown(const ruleset::Ruleset& ruleset, ruleset::Family family);
std::string emit_iptables_sh(const ruleset::Ruleset& ruleset, std::size_t parallel_from = kParallelItems);

// Limits of each tool, checked before printing.
inline constexpr std::size_t kIptablesLogPrefix = 29;
inline constexpr std::size_t kNftLogPrefix = 127;
inline constexpr std::size_t kNftComment = 128;
inline constexpr std::size_t kIptablesComment = 255;
// iptables-restore refuses a parameter (an address list) over 1023 characters.
inline constexpr std::size_t kIptablesParameter = 1023;

}  // namespace faultc::emit
