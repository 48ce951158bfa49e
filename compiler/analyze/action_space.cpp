#include "compiler/analyze/action_space.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace faultc {

namespace {

// Where a length pattern's range starts, and where the next piece starts
// after it: the pieces are the runs between these cuts.
std::vector<std::uint16_t> length_pieces(std::span<const ir::Action> actions) {
  std::set<std::uint32_t> cuts{0};
  for (const ir::Action& action : actions) {
    for (const ir::Pattern& p : action.patterns) {
      if (p.kind != ir::Pattern::Kind::length) continue;
      cuts.insert(p.length.low);
      if (p.length.high < 65535) cuts.insert(p.length.high + 1u);
    }
  }
  return {cuts.begin(), cuts.end()};
}

// The first value in 0-255 not in `named`, if any.
std::optional<std::uint8_t> unnamed(const std::set<std::uint8_t>& named) {
  for (unsigned v = 0; v < 256; ++v) {
    if (!named.contains(static_cast<std::uint8_t>(v))) return static_cast<std::uint8_t>(v);
  }
  return std::nullopt;
}

// Each (type, code) a pattern names; for each type, one code no pattern of
// it names (as a pattern of the bare type covers it); one type none names.
std::vector<std::optional<IcmpMessageValue>> message_pieces(std::span<const ir::Action> actions, bool ipv4,
                                                            bool ipv6) {
  std::map<ir::Family, std::map<std::uint8_t, std::set<std::uint8_t>>> named;  // family -> type -> codes
  for (const ir::Action& action : actions) {
    for (const ir::Pattern& p : action.patterns) {
      if (p.kind != ir::Pattern::Kind::icmp) continue;
      auto& codes = named[p.icmp.family][p.icmp.type];
      if (p.icmp.code) codes.insert(*p.icmp.code);
    }
  }
  if (named.empty()) return {std::nullopt};
  std::vector<std::optional<IcmpMessageValue>> out;
  for (ir::Family family : {ir::Family::ipv4, ir::Family::ipv6}) {
    if (!(family == ir::Family::ipv4 ? ipv4 : ipv6)) continue;
    std::set<std::uint8_t> types;
    for (const auto& [type, codes] : named[family]) {
      types.insert(type);
      for (std::uint8_t code : codes) out.push_back(IcmpMessageValue{family, type, code});
      if (auto other = unnamed(codes)) out.push_back(IcmpMessageValue{family, type, *other});
    }
    if (auto other = unnamed(types)) out.push_back(IcmpMessageValue{family, *other, 0});
  }
  return out;
}

}  // namespace

PatternDomain PatternDomain::of(std::span<const ir::Action> actions, bool ipv4, bool ipv6) {
  PatternDomain domain;
  domain.lengths = length_pieces(actions);
  domain.messages = message_pieces(actions, ipv4, ipv6);
  return domain;
}

PatternDomain PatternDomain::of(const ir::Rule& rule) {
  return of(rule.actions, rule.selector.ipv4, rule.selector.ipv6);
}

ActionSpace ActionSpace::everything(const PatternDomain& domain) {
  ActionSpace space;
  space.pieces_.resize(domain.pieces());
  for (Piece& p : space.pieces_) p.set();
  return space;
}

bool ActionSpace::pattern_matches(const ir::Pattern& pattern, const PacketTraits& packet) {
  switch (pattern.kind) {
    case ir::Pattern::Kind::flags: return pattern.flags.matches(packet.flags);
    case ir::Pattern::Kind::state_new: return packet.state == PacketTraits::State::new_;
    case ir::Pattern::Kind::state_established: return packet.state == PacketTraits::State::established;
    case ir::Pattern::Kind::data: return packet.payload;
    case ir::Pattern::Kind::icmp:
      return packet.icmp && pattern.icmp.matches(packet.icmp->family, packet.icmp->type, packet.icmp->code);
    case ir::Pattern::Kind::length: return pattern.length.contains(packet.length);
  }
  return false;
}

ActionSpace ActionSpace::of(const ir::Action& action, const PatternDomain& domain) {
  if (action.patterns.empty()) return everything(domain);
  ActionSpace space;
  space.pieces_.resize(domain.pieces());
  for_each_packet_traits(domain, [&](const PacketTraits& packet) {
    for (const ir::Pattern& pattern : action.patterns) {
      if (pattern_matches(pattern, packet)) {
        space.pieces_[packet.piece].set(index(packet));
        return;
      }
    }
  });
  return space;
}

ActionSpace& ActionSpace::operator|=(const ActionSpace& other) {
  if (pieces_.size() < other.pieces_.size()) pieces_.resize(other.pieces_.size());
  for (std::size_t i = 0; i < other.pieces_.size(); ++i) pieces_[i] |= other.pieces_[i];
  return *this;
}

ActionSpace ActionSpace::minus(const ActionSpace& other) const {
  ActionSpace out = *this;
  for (std::size_t i = 0; i < out.pieces_.size(); ++i) out.pieces_[i] &= ~other.piece(i);
  return out;
}

bool ActionSpace::intersects(const ActionSpace& other) const {
  for (std::size_t i = 0; i < pieces_.size(); ++i) {
    if ((pieces_[i] & other.piece(i)).any()) return true;
  }
  return false;
}

bool ActionSpace::subset_of(const ActionSpace& other) const {
  for (std::size_t i = 0; i < pieces_.size(); ++i) {
    if ((pieces_[i] & ~other.piece(i)).any()) return false;
  }
  return true;
}

bool ActionSpace::empty() const {
  return std::none_of(pieces_.begin(), pieces_.end(), [](const Piece& p) { return p.any(); });
}

}  // namespace faultc
