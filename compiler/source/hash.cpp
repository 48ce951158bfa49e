#include "compiler/source/hash.hpp"

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

}  // namespace faultc
