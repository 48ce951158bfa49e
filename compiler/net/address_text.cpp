#include "compiler/net/address_text.hpp"

#include <arpa/inet.h>
#include <fmt/compile.h>
#include <fmt/format.h>

namespace faultc::emit {

namespace {
void append_address(std::string& out, const ruleset::Prefix& p) {
  if (p.family == ruleset::Family::ipv4) {
    const auto v = static_cast<std::uint32_t>(p.value);
    // Through a buffer on the stack: appending to the string piece by piece
    // costs several times more, and a set can hold a million addresses.
    char text[16];
    char* end = fmt::format_to(text, FMT_COMPILE("{}.{}.{}.{}"), v >> 24, (v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF);
    out.append(text, static_cast<std::size_t>(end - text));
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
  if (p.length != full) {
    out += '/';
    append_number(out, p.length);
  }
}

void append_prefix_with_length(std::string& out, const ruleset::Prefix& p) {
  append_address(out, p);
  out += '/';
  append_number(out, p.length);
}

void append_number(std::string& out, std::uint64_t number) {
  const fmt::format_int digits(number);
  out.append(digits.data(), digits.size());
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
