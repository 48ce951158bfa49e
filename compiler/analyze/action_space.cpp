#include "compiler/analyze/action_space.hpp"

namespace faultc {

ActionSpace ActionSpace::everything() {
  ActionSpace space;
  space.bits_.set();
  return space;
}

bool ActionSpace::pattern_matches(const ir::Pattern& pattern, const PacketTraits& packet) {
  switch (pattern.kind) {
    case ir::Pattern::Kind::flags: return pattern.flags.matches(packet.flags);
    case ir::Pattern::Kind::state_new: return packet.state == PacketTraits::State::new_;
    case ir::Pattern::Kind::state_established: return packet.state == PacketTraits::State::established;
    case ir::Pattern::Kind::data: return packet.payload;
  }
  return false;
}

ActionSpace ActionSpace::of(const ir::Action& action) {
  if (action.patterns.empty()) return everything();
  ActionSpace space;
  for_each_packet_traits([&](const PacketTraits& packet) {
    for (const ir::Pattern& pattern : action.patterns) {
      if (pattern_matches(pattern, packet)) {
        space.bits_.set(index(packet));
        return;
      }
    }
  });
  return space;
}

}  // namespace faultc
