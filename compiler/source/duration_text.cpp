#include "compiler/source/duration_text.hpp"

#include <fmt/format.h>

namespace faultc {

std::string format_duration(std::uint64_t ms) {
  if (ms == 0) return "0s";
  static constexpr std::pair<std::uint64_t, const char*> kUnits[] = {
      {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}, {1, "ms"}};
  std::string out;
  for (const auto& [size, unit] : kUnits) {
    if (ms >= size) {
      out += fmt::format("{}{}", ms / size, unit);
      ms %= size;
    }
  }
  return out;
}

}  // namespace faultc
