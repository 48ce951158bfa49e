#pragma once
// The canonical text of the AST's small pieces (quoted strings, flags,
// patterns, actions, timings, address and port items), which format.cpp
// lays out into lines.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/parse/ast.hpp"
#include "compiler/source/source.hpp"

namespace faultc::format_words {

// Columns on screen: UTF-8 continuation bytes take none.
std::size_t display_width(std::string_view text);
// A string literal that reads back as `decoded`.
std::string quoted(std::string_view decoded);
std::string flag_combo(std::uint8_t bits);
std::string flag_mask(std::uint8_t bits);
// `frag-needed`, `destination-unreachable code 4`: an ICMP message as written.
std::string icmp_message_text(std::uint8_t name, std::optional<std::uint8_t> code);
std::string pattern_text(const ast::Pattern& p);
std::string patterns_text(const std::vector<ast::Pattern>& patterns);
std::string action_text(const ast::Action& a, const SourceFile& source);
std::vector<std::string> timing_words(const ast::Timing& t);
// An address or a name, a port or a port range, as written.
std::string leaf_text(const ast::AddrItem& item, const SourceFile& source);
std::string leaf_text(const ast::PortItem& item, const SourceFile& source);
std::string packet_address_text(const ast::PacketEndpoint& endpoint, const SourceFile& source);
Span statement_span(const ast::Statement& s);
// Fleet statements (fleet_words.cpp): a node set (`db1`, `{ a, b }`,
// `rest`), and the whole text of the one-line statements.
std::string node_set_text(const ast::NodeSet& set, const SourceFile& source);
std::string attributes_text(const std::vector<ast::Attribute>& attributes, const SourceFile& source,
                            std::string_view separator);
std::string node_text(const ast::NodeDef& node, const SourceFile& source);
std::string group_text(const ast::GroupDef& group, const SourceFile& source);
std::string partition_text(const ast::Partition& p, const SourceFile& source);

template <typename Item>
bool is_set(const Item& item) {
  return item.kind == Item::Kind::set;
}

// A set on one line: `{ a, b, { c } }`.
template <typename Item>
std::string inline_text(const Item& item, const SourceFile& source) {
  if (!is_set(item)) return leaf_text(item, source);
  std::vector<std::string> parts;
  for (const auto& element : item.items()) parts.push_back(inline_text(element, source));
  return fmt::format("{{ {} }}", fmt::join(parts, ", "));
}

}  // namespace faultc::format_words
