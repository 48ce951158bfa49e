#pragma once
// The language's units, each its size and its word, largest first: the
// literals' reader (parse/literals.cpp) and every printer of a duration or
// an amount of bytes read them from here.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace faultc {

struct Unit {
  std::uint64_t size;  // in milliseconds, or bytes
  std::string_view word;
};

// Durations (`1h30m`, `250ms`) and a rate's period (`100/m`).
inline constexpr Unit kTimeUnits[] = {{86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}, {1, "ms"}};

// Amounts of bytes (`64kbyte`, `1mbyte/s`): powers of 1024, the units of
// iptables' hashlimit and nft's limit.
inline constexpr Unit kByteUnits[] = {
    {1024 * 1024 * 1024, "gbyte"}, {1024 * 1024, "mbyte"}, {1024, "kbyte"}, {1, "byte"}};

// The size of the unit written `word`; nothing for another word.
constexpr std::optional<std::uint64_t> unit_size(std::span<const Unit> units, std::string_view word) {
  for (const Unit& unit : units) {
    if (unit.word == word) return unit.size;
  }
  return std::nullopt;
}

}  // namespace faultc
