#include <fmt/format.h>

#include "compiler/lower.hpp"

namespace faultc {

// FNV-1a: stable across machines and builds, which std::hash is not.
std::uint32_t stable_hash(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 16777619u;
  }
  return hash;
}

std::string object_id(const std::string& name) {
  // FAULTC-<id>-<n> fits iptables' 28 characters for up to 9,999,999 rules.
  constexpr std::size_t kMax = 13;
  std::string id;
  bool underscore = false;
  for (unsigned char c : name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    const bool upper = c >= 'A' && c <= 'Z';
    if (keep || upper) {
      id += upper ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
      underscore = false;
    } else if (!underscore && !id.empty()) {
      id += '_';
      underscore = true;
    }
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  const bool lossless = id.size() <= kMax && !id.empty() && id == name;
  if (lossless) return id;
  // Lowercasing and replacing are fine as long as the result stays unique:
  // a hash of the name as written keeps "Half Open" and "half-open" apart.
  if (id.empty()) id = "scenario";
  const std::string hash = fmt::format("{:04x}", stable_hash(name) & 0xFFFF);
  if (id.size() + 1 + hash.size() > kMax) id.resize(kMax - 1 - hash.size());
  while (!id.empty() && id.back() == '_') id.pop_back();
  return fmt::format("{}_{}", id, hash);
}

}  // namespace faultc
