#include "compiler/emit/address_text.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

namespace faultc::emit {

namespace {
std::string address_text(const ruleset::Prefix& p) {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (p.family == ruleset::Family::ipv4) {
    const auto v = static_cast<std::uint32_t>(p.value);
    return fmt::format("{}.{}.{}.{}", v >> 24, (v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF);
  }
  unsigned char bytes[16];
  for (int i = 0; i < 16; ++i) bytes[i] = static_cast<unsigned char>(p.value >> (120 - 8 * i));
  inet_ntop(AF_INET6, bytes, buffer, sizeof buffer);  // RFC 5952 in glibc
  return buffer;
}
}  // namespace

std::string prefix_text(const ruleset::Prefix& p) {
  const unsigned full = p.family == ruleset::Family::ipv4 ? 32 : 128;
  if (p.length == full) return address_text(p);
  return fmt::format("{}/{}", address_text(p), p.length);
}

std::string prefix_text_with_length(const ruleset::Prefix& p) {
  return fmt::format("{}/{}", address_text(p), p.length);
}

}  // namespace faultc::emit
