#include "compiler/net/address_math.hpp"

namespace faultc {

std::uint32_t ipv4_value(const ast::Address& a) {
  return (std::uint32_t{a.bytes[0]} << 24) | (std::uint32_t{a.bytes[1]} << 16) | (std::uint32_t{a.bytes[2]} << 8) |
         std::uint32_t{a.bytes[3]};
}

ir::u128 ipv6_value(const ast::Address& a) {
  ir::u128 value = 0;
  for (std::uint8_t byte : a.bytes) value = (value << 8) | byte;
  return value;
}

unsigned prefix_or_full(const ast::Address& a) {
  return a.prefix.value_or(a.family == ast::Family::ipv4 ? 32 : 128);
}

ir::u128 address_value(const ast::Address& a) {
  return a.family == ast::Family::ipv4 ? ir::u128{ipv4_value(a)} : ipv6_value(a);
}

namespace {
// Host-bit mask of a prefix in a family of `bits` bits.
ir::u128 host_mask(unsigned prefix, unsigned bits) {
  const unsigned host_bits = bits - prefix;
  if (host_bits == 0) return 0;
  if (host_bits >= 128) return ~ir::u128{0};
  return (ir::u128{1} << host_bits) - 1;
}
}  // namespace

ir::u128 network_value(const ast::Address& a) {
  const unsigned bits = a.family == ast::Family::ipv4 ? 32 : 128;
  return address_value(a) & ~host_mask(prefix_or_full(a), bits);
}

void add_address(ir::AddressSet& set, const ast::Address& a) {
  const unsigned bits = a.family == ast::Family::ipv4 ? 32 : 128;
  const ir::u128 low = network_value(a);
  const ir::u128 high = low | host_mask(prefix_or_full(a), bits);
  if (a.family == ast::Family::ipv4) {
    set.v4.add(static_cast<std::uint32_t>(low), static_cast<std::uint32_t>(high));
  } else {
    set.v6.add(low, high);
  }
}

}  // namespace faultc
