#pragma once
#include <cstdint>
#include <string>

namespace faultc {

// Milliseconds as the language writes them: 240000 → "4m", 5400000 →
// "1h30m", 250 → "250ms", 0 → "0s".
std::string format_duration(std::uint64_t ms);

}  // namespace faultc
