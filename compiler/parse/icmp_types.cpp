#include "compiler/parse/icmp_types.hpp"

#include <array>

namespace faultc {

namespace {

using M = IcmpMessage;

// RFC 792 and RFC 4443 (types, destination unreachable codes), RFC 4861
// (neighbour discovery). The unreachable names match `reject with`'s kinds:
// host-unreachable is ICMPv6's "address unreachable", admin-prohibited its
// "communication administratively prohibited".
constexpr std::array<IcmpName, 16> kNames = {{
    {"echo-request", M{8, {}}, M{128, {}}},
    {"echo-reply", M{0, {}}, M{129, {}}},
    {"destination-unreachable", M{3, {}}, M{1, {}}},
    {"net-unreachable", M{3, 0}, M{1, 0}},
    {"host-unreachable", M{3, 1}, M{1, 3}},
    {"port-unreachable", M{3, 3}, M{1, 4}},
    {"admin-prohibited", M{3, 13}, M{1, 1}},
    {"frag-needed", M{3, 4}, {}},
    {"packet-too-big", {}, M{2, {}}},
    {"time-exceeded", M{11, {}}, M{3, {}}},
    {"parameter-problem", M{12, {}}, M{4, {}}},
    {"redirect", M{5, {}}, M{137, {}}},
    {"router-solicitation", {}, M{133, {}}},
    {"router-advertisement", {}, M{134, {}}},
    {"neighbour-solicitation", {}, M{135, {}}},
    {"neighbour-advertisement", {}, M{136, {}}},
}};

}  // namespace

std::span<const IcmpName> icmp_names() { return kNames; }

const IcmpName& icmp_name(std::uint8_t index) { return kNames.at(index); }

std::optional<std::uint8_t> icmp_name_index(std::string_view word) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i].word == word) return static_cast<std::uint8_t>(i);
  }
  return std::nullopt;
}

std::string_view icmp_type_word(ast::Family family, std::uint8_t type) {
  for (const IcmpName& name : kNames) {
    const auto& m = name.in(family);
    if (m && m->type == type && !m->code) return name.word;
  }
  return {};
}

std::string_view icmp_exact_word(ast::Family family, std::uint8_t type, std::uint8_t code) {
  for (const IcmpName& name : kNames) {
    const auto& m = name.in(family);
    if (m && m->type == type && m->code == code) return name.word;
  }
  return {};
}

IcmpWords icmp_words(ast::Family family, std::uint8_t type, std::uint8_t code) {
  if (const auto exact = icmp_exact_word(family, type, code); !exact.empty()) return {exact, std::nullopt};
  const std::string_view bare = icmp_type_word(family, type);
  if (bare.empty()) return {};
  return {bare, code == 0 ? std::nullopt : std::optional(code)};
}

std::string_view icmp_family_words(ast::Family family) {
  return family == ast::Family::ipv4 ? "IPv4 (ICMP)" : "IPv6 (ICMPv6)";
}

}  // namespace faultc
