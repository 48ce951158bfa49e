#include "compiler/source/duration_text.hpp"

#include <fmt/format.h>

#include "compiler/source/units.hpp"

namespace faultc {

std::string format_duration(std::uint64_t ms) {
  if (ms == 0) return "0s";
  std::string out;
  for (const Unit& unit : kTimeUnits) {
    if (ms >= unit.size) {
      out += fmt::format("{}{}", ms / unit.size, unit.word);
      ms %= unit.size;
    }
  }
  return out;
}

}  // namespace faultc
