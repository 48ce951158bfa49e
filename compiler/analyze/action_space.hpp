#pragma once
// The packets one action of a rule can see. Every action of a rule shares
// the rule's selector (addresses, ports, protocol, interface), so actions
// differ only in their patterns, whose dimensions are small and finite:
// TCP flags (8 bits), connection state (new, established, related,
// invalid) and payload (empty or not). A set over that domain is exact, and
// union and subset on it are the set algebra the shadowing check needs.
#include <bitset>
#include <cstdint>

#include "compiler/ir/ir.hpp"

namespace faultc {

struct PacketTraits {
  std::uint8_t flags = 0;
  enum class State : std::uint8_t { new_, established, related, invalid } state = State::new_;
  bool payload = false;
};

class ActionSpace {
 public:
  static constexpr std::size_t kSize = 256 * 4 * 2;

  static ActionSpace everything();
  static ActionSpace of(const ir::Action& action);  // the union of its patterns, or everything

  static bool pattern_matches(const ir::Pattern& pattern, const PacketTraits& packet);
  bool contains(const PacketTraits& packet) const { return bits_[index(packet)]; }

  ActionSpace& operator|=(const ActionSpace& other) {
    bits_ |= other.bits_;
    return *this;
  }
  ActionSpace minus(const ActionSpace& other) const {
    ActionSpace out;
    out.bits_ = bits_ & ~other.bits_;
    return out;
  }
  bool intersects(const ActionSpace& other) const { return (bits_ & other.bits_).any(); }
  bool subset_of(const ActionSpace& other) const { return (bits_ & ~other.bits_).none(); }
  bool empty() const { return bits_.none(); }

 private:
  static std::size_t index(const PacketTraits& p) {
    return (std::size_t{p.flags} << 3) | (static_cast<std::size_t>(p.state) << 1) | (p.payload ? 1 : 0);
  }
  std::bitset<kSize> bits_;
};

// Calls `f(PacketTraits)` for every point of the domain.
template <typename F>
void for_each_packet_traits(F&& f) {
  for (unsigned flags = 0; flags < 256; ++flags) {
    for (unsigned state = 0; state < 4; ++state) {
      for (bool payload : {false, true}) {
        f(PacketTraits{static_cast<std::uint8_t>(flags), static_cast<PacketTraits::State>(state), payload});
      }
    }
  }
}

}  // namespace faultc
