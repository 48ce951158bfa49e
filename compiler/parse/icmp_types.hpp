#pragma once
// The ICMP and ICMPv6 message names a pattern or a packet may write
// (`drop frag-needed`, `expect icmp echo-request is allowed`), each with its
// type, and code where the name fixes one, in either family. A name without
// a family's entry does not exist there: `frag-needed` is IPv4's (ICMPv6
// says `packet-too-big`). Written once here: the grammar's rule per name
// (grammar.hpp) reads the same words, and tests/unit/words_test.cpp checks
// that each parses back to its entry.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "compiler/parse/ast.hpp"

namespace faultc {

// One family's message: its type, and its code when the name fixes one.
struct IcmpMessage {
  std::uint8_t type = 0;
  std::optional<std::uint8_t> code;
};

struct IcmpName {
  std::string_view word;
  std::optional<IcmpMessage> v4, v6;

  const std::optional<IcmpMessage>& in(ast::Family family) const { return family == ast::Family::ipv4 ? v4 : v6; }
};

// The table, indexed by ast::Pattern::icmp_name and ast::Packet::icmp_name.
std::span<const IcmpName> icmp_names();
const IcmpName& icmp_name(std::uint8_t index);
std::optional<std::uint8_t> icmp_name_index(std::string_view word);

// The name of a type in one family, for every code (`destination-unreachable`
// for IPv4's 3); empty when the table has none.
std::string_view icmp_type_word(ast::Family family, std::uint8_t type);
// The name that fixes exactly this type and code (`frag-needed` for 3/4).
std::string_view icmp_exact_word(ast::Family family, std::uint8_t type, std::uint8_t code);

// A concrete message as a packet writes it: the name that fixes its code,
// else its type's name and `code N` (none for code 0 of a type whose name
// fixes no code, as an `echo-request` packet has code 0).
struct IcmpWords {
  std::string_view name;              // empty when no name has the type
  std::optional<std::uint8_t> code;   // a code the name does not fix
};
IcmpWords icmp_words(ast::Family family, std::uint8_t type, std::uint8_t code);

// "IPv4 (ICMP)" or "IPv6 (ICMPv6)": where a family-specific name exists.
std::string_view icmp_family_words(ast::Family family);

}  // namespace faultc
