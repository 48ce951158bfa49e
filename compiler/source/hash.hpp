#pragma once
// A hash that is the same on every machine and build (std::hash is not):
// ids and chain names derived from it must be reproducible.
#include <cstdint>
#include <string_view>

namespace faultc {

// 32-bit FNV-1a.
std::uint32_t stable_hash(std::string_view text);

}  // namespace faultc
