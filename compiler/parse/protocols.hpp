#pragma once
// The protocols a rule names: one, or a list of them in a byte.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <initializer_list>

namespace faultc::ast {

enum class Protocol : std::uint8_t { tcp, udp, icmp };

// The protocols a selector names (`tcp, udp`): a bit per Protocol, so that
// a list costs a byte. Empty: none written, which means every protocol.
class Protocols {
 public:
  constexpr Protocols() = default;
  constexpr explicit Protocols(Protocol p) : bits_(bit(p)) {}
  constexpr bool empty() const { return bits_ == 0; }
  constexpr bool has(Protocol p) const { return (bits_ & bit(p)) != 0; }
  constexpr bool only(Protocol p) const { return bits_ == bit(p); }
  constexpr void add(Protocol p) { bits_ = static_cast<std::uint8_t>(bits_ | bit(p)); }
  constexpr std::size_t size() const { return static_cast<std::size_t>(std::popcount(bits_)); }
  // Calls f(protocol) for each one named, in the canonical order tcp, udp,
  // icmp (the order `faultc fmt` prints).
  template <typename F>
  constexpr void for_each(F&& f) const {
    for (Protocol p : {Protocol::tcp, Protocol::udp, Protocol::icmp}) {
      if (has(p)) f(p);
    }
  }
  friend constexpr bool operator==(Protocols, Protocols) = default;

 private:
  static constexpr std::uint8_t bit(Protocol p) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(p)); }
  std::uint8_t bits_ = 0;
};

}  // namespace faultc::ast
