#include "compiler/ir/ir.hpp"

namespace faultc::ir {

std::vector<Window> windows(const Rule& rule, const Scenario& scenario) {
  return windows(rule.timing(), scenario.life_ms);
}

std::vector<Window> windows(const Timing& t, std::optional<std::uint64_t> life_ms) {
  const std::uint64_t forever = UINT64_MAX;
  const std::uint64_t life = life_ms.value_or(forever);
  if (!t.every_ms || !t.for_ms || *t.every_ms == 0) {
    const std::uint64_t end = t.for_ms ? t.after_ms + *t.for_ms : life;
    return {{t.after_ms, end}};
  }
  // Repeating windows: every period from `after`, each fully inside the life.
  std::vector<Window> out;
  for (std::uint64_t start = t.after_ms; start < life && life - start >= *t.for_ms; start += *t.every_ms) {
    out.push_back({start, start + *t.for_ms});
    if (life == forever || forever - start < *t.every_ms) break;  // `for ever` + `every` is refused (F022)
  }
  return out;
}

}  // namespace faultc::ir
