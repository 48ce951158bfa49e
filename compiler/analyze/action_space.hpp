#pragma once
// The packets one action of a rule can see. Every action of a rule shares
// the rule's selector (addresses, ports, protocol, interface), so actions
// differ only in their patterns: TCP flags (8 bits), connection state (new,
// established, related, invalid), payload (empty or not), the packet's
// length (0-65535) and its ICMP message (family, type, code). A set over
// that domain is exact, and union and subset on it are the set algebra the
// shadowing check needs.
//
// Lengths and messages are too many to enumerate, but a rule's patterns
// only tell apart what they name: the domain of a rule (PatternDomain) cuts
// the lengths at each pattern's ends and keeps, of the messages, each one a
// pattern names, one other code of each type named without it, and one
// other type per family. Every packet then behaves, for every pattern of the
// rule, as the representative of its piece does, so a set of pieces is as
// exact as a set of packets.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "compiler/ir/ir.hpp"

namespace faultc {

struct IcmpMessageValue {
  ir::Family family = ir::Family::ipv4;
  std::uint8_t type = 0, code = 0;
};

struct PacketTraits {
  std::uint8_t flags = 0;
  enum class State : std::uint8_t { new_, established, related, invalid } state = State::new_;
  bool payload = false;
  std::uint16_t length = 0;                 // the representative of its piece
  std::optional<IcmpMessageValue> icmp;     // absent: the rule names no message
  std::size_t piece = 0;                    // the (length, message) piece, in its domain
};

// The pieces a rule's patterns cut lengths and ICMP messages into, each by
// one representative: one piece each when no pattern names either.
struct PatternDomain {
  std::vector<std::uint16_t> lengths{0};
  std::vector<std::optional<IcmpMessageValue>> messages{std::nullopt};

  // The domain of these actions' patterns, for the families a rule matches.
  static PatternDomain of(std::span<const ir::Action> actions, bool ipv4, bool ipv6);
  static PatternDomain of(const ir::Rule& rule);
  std::size_t pieces() const { return lengths.size() * messages.size(); }
};

class ActionSpace {
 public:
  // Of a piece: flags x state x payload, 8 bits per flags byte (index()).
  static constexpr std::size_t kPieceSize = 256 * 4 * 2;

  static ActionSpace everything(const PatternDomain& domain);
  // The union of its patterns, or everything.
  static ActionSpace of(const ir::Action& action, const PatternDomain& domain);

  bool contains(const PacketTraits& packet) const {
    const std::size_t i = index(packet);
    return packet.piece < pieces_.size() && ((pieces_[packet.piece][i / 64] >> (i % 64)) & 1) != 0;
  }

  // An empty space (default) joins any domain.
  ActionSpace& operator|=(const ActionSpace& other);
  ActionSpace minus(const ActionSpace& other) const;
  bool intersects(const ActionSpace& other) const;
  bool subset_of(const ActionSpace& other) const;
  bool empty() const;

  // The bits of one piece: the 8 points of flags byte f are bits 8f to 8f+7
  // (state << 1 | payload), so a pattern of state or payload is one byte
  // repeated, and one of flags whole bytes. Words, not a std::bitset, for
  // that: an action's space is built a word at a time, not a point at a time.
  using Piece = std::array<std::uint64_t, kPieceSize / 64>;

 private:
  static std::size_t index(const PacketTraits& p) {
    return (std::size_t{p.flags} << 3) | (static_cast<std::size_t>(p.state) << 1) | (p.payload ? 1 : 0);
  }
  const Piece& piece(std::size_t i) const {
    static const Piece none{};
    return i < pieces_.size() ? pieces_[i] : none;
  }
  std::vector<Piece> pieces_;  // one per piece of the domain; none: the empty set
};

// Calls `f(PacketTraits)` for every point of the domain.
template <typename F>
void for_each_packet_traits(const PatternDomain& domain, F&& f) {
  std::size_t piece = 0;
  for (std::uint16_t length : domain.lengths) {
    for (const auto& message : domain.messages) {
      for (unsigned flags = 0; flags < 256; ++flags) {
        for (unsigned state = 0; state < 4; ++state) {
          for (bool payload : {false, true}) {
            f(PacketTraits{static_cast<std::uint8_t>(flags), static_cast<PacketTraits::State>(state), payload,
                           length, message, piece});
          }
        }
      }
      ++piece;
    }
  }
}

}  // namespace faultc
