#include "runtime/revert_suggestion.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "compiler/diagnostics/spell.hpp"
#include "compiler/source/printable.hpp"

namespace faultc::runtime {

std::string not_active_message(const std::string& name, const std::vector<RunState>& states,
                               const std::set<std::string>& kernel_ids) {
  std::vector<std::string> known;
  for (const RunState& s : states) {
    known.push_back(s.name);
    known.push_back(s.id);
  }
  known.insert(known.end(), kernel_ids.begin(), kernel_ids.end());
  std::string message = fmt::format("no active scenario is named \"{}\" or has that kernel id", printable(name));
  if (known.empty()) return message + "; no faultc scenario is active (`faultc status`)";
  // The nearest by the diagnostics' edit distance (a swap of two letters is
  // one edit), within a third of the name: a scenario name can be long.
  std::string best;
  std::size_t best_distance = SIZE_MAX;
  for (const std::string& candidate : known) {
    const std::size_t d = edit_distance(name, candidate);
    if (d < best_distance) best_distance = d, best = candidate;
  }
  std::vector<std::string> active;
  for (const RunState& s : states) active.push_back(fmt::format("\"{}\" ({})", printable(s.name), s.id));
  for (const std::string& id : kernel_ids) {
    if (std::none_of(states.begin(), states.end(), [&](const RunState& s) { return s.id == id; })) {
      active.push_back(fmt::format("{} (no state file)", id));
    }
  }
  if (best_distance <= std::max<std::size_t>(2, name.size() / 3)) {
    return message +
           fmt::format("; did you mean `faultc revert {}`? (active: {})", printable(best), fmt::join(active, ", "));
  }
  return message + fmt::format("; active: {}", fmt::join(active, ", "));
}

}  // namespace faultc::runtime
