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

namespace {

using Piece = ActionSpace::Piece;

Piece repeated(std::uint64_t word) {
  Piece out;
  out.fill(word);
  return out;
}

// The points of a piece a pattern matches, when the piece's length and
// message are `length` and `message`.
Piece pattern_bits(const ir::Pattern& p, std::uint16_t length, const std::optional<IcmpMessageValue>& message) {
  // Bit (state << 1 | payload) of each flags byte.
  constexpr std::uint64_t kNew = 0x0303030303030303, kEstablished = 0x0C0C0C0C0C0C0C0C,
                          kPayload = 0xAAAAAAAAAAAAAAAA;
  switch (p.kind) {
    case ir::Pattern::Kind::flags: {
      Piece out{};
      for (unsigned flags = 0; flags < 256; ++flags) {
        if (p.flags.matches(static_cast<std::uint8_t>(flags))) out[flags / 8] |= std::uint64_t{0xFF} << (flags % 8 * 8);
      }
      return out;
    }
    case ir::Pattern::Kind::state_new: return repeated(kNew);
    case ir::Pattern::Kind::state_established: return repeated(kEstablished);
    case ir::Pattern::Kind::data: return repeated(kPayload);
    case ir::Pattern::Kind::icmp: {
      const bool hit = message && p.icmp.matches(message->family, message->type, message->code);
      return repeated(hit ? ~std::uint64_t{0} : 0);
    }
    case ir::Pattern::Kind::length: return repeated(p.length.contains(length) ? ~std::uint64_t{0} : 0);
  }
  return {};
}

}  // namespace

ActionSpace ActionSpace::everything(const PatternDomain& domain) {
  ActionSpace space;
  space.pieces_.assign(domain.pieces(), repeated(~std::uint64_t{0}));
  return space;
}

ActionSpace ActionSpace::of(const ir::Action& action, const PatternDomain& domain) {
  if (action.patterns.empty()) return everything(domain);
  ActionSpace space;
  space.pieces_.assign(domain.pieces(), Piece{});
  std::size_t piece = 0;
  for (std::uint16_t length : domain.lengths) {
    for (const auto& message : domain.messages) {
      Piece& out = space.pieces_[piece++];
      for (const ir::Pattern& pattern : action.patterns) {
        const Piece bits = pattern_bits(pattern, length, message);
        for (std::size_t w = 0; w < out.size(); ++w) out[w] |= bits[w];
      }
    }
  }
  return space;
}

ActionSpace& ActionSpace::operator|=(const ActionSpace& other) {
  if (pieces_.size() < other.pieces_.size()) pieces_.resize(other.pieces_.size(), Piece{});
  for (std::size_t i = 0; i < other.pieces_.size(); ++i) {
    for (std::size_t w = 0; w < Piece{}.size(); ++w) pieces_[i][w] |= other.pieces_[i][w];
  }
  return *this;
}

ActionSpace ActionSpace::minus(const ActionSpace& other) const {
  ActionSpace out = *this;
  for (std::size_t i = 0; i < out.pieces_.size(); ++i) {
    for (std::size_t w = 0; w < Piece{}.size(); ++w) out.pieces_[i][w] &= ~other.piece(i)[w];
  }
  return out;
}

bool ActionSpace::intersects(const ActionSpace& other) const {
  for (std::size_t i = 0; i < pieces_.size(); ++i) {
    for (std::size_t w = 0; w < Piece{}.size(); ++w) {
      if ((pieces_[i][w] & other.piece(i)[w]) != 0) return true;
    }
  }
  return false;
}

bool ActionSpace::subset_of(const ActionSpace& other) const {
  for (std::size_t i = 0; i < pieces_.size(); ++i) {
    for (std::size_t w = 0; w < Piece{}.size(); ++w) {
      if ((pieces_[i][w] & ~other.piece(i)[w]) != 0) return false;
    }
  }
  return true;
}

bool ActionSpace::empty() const {
  for (const Piece& p : pieces_) {
    for (std::uint64_t w : p) {
      if (w != 0) return false;
    }
  }
  return true;
}

}  // namespace faultc
