#include "compiler/emit/address_text.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

namespace faultc::emit {

namespace {
void append_address(std::string& out, const ruleset::Prefix& p) {
  if (p.family == ruleset::Family::ipv4) {
    const auto v = static_cast<std::uint32_t>(p.value);
    fmt::format_to(std::back_inserter(out), "{}.{}.{}.{}", v >> 24, (v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF);
    return;
  }
  char buffer[INET6_ADDRSTRLEN] = {};
  unsigned char bytes[16];
  for (int i = 0; i < 16; ++i) bytes[i] = static_cast<unsigned char>(p.value >> (120 - 8 * i));
  inet_ntop(AF_INET6, bytes, buffer, sizeof buffer);  // RFC 5952 in glibc
  out += buffer;
}
}  // namespace

void append_prefix(std::string& out, const ruleset::Prefix& p) {
  append_address(out, p);
  const unsigned full = p.family == ruleset::Family::ipv4 ? 32 : 128;
  if (p.length != full) fmt::format_to(std::back_inserter(out), "/{}", p.length);
}

void append_prefix_with_length(std::string& out, const ruleset::Prefix& p) {
  append_address(out, p);
  fmt::format_to(std::back_inserter(out), "/{}", p.length);
}

std::string prefix_text(const ruleset::Prefix& p) {
  std::string out;
  append_prefix(out, p);
  return out;
}

std::string prefix_text_with_length(const ruleset::Prefix& p) {
  std::string out;
  append_prefix_with_length(out, p);
  return out;
}

}  // namespace faultc::emit
