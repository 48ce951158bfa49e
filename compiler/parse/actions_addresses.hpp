#pragma once
// Actions of addresses and ports: literals, names, ranges, `{ sets }` (one
// frame of the scratch per open set) and `not`. An element goes to the frame
// on top; a set, when it closes, becomes one element of the frame below; the
// rule that holds an address or a port takes it from frame 0.
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "compiler/parse/actions_common.hpp"
#include "compiler/parse/literals.hpp"

namespace faultc::parse_detail {

// ------------------------------------------------------------- addresses
struct address_action {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    auto address = literals::address(in.string_view());
    if (!address) {  // the grammar's forms and inet_pton agree; this is a guard
      b.error(Code::F002, b.span(in), fmt::format("malformed address `{}`", in.string_view()));
      address = ast::Address{};
    }
    ast::AddrItem& item = b.stacks.addr_frames.back().emplace_back();
    item.kind = ast::AddrItem::Kind::literal;
    item.address = *address;
    item.span = b.span(in);
  }
};
template <> struct action<g::ipv4_address> : address_action {};
template <> struct action<g::ipv6_address> : address_action {};

template <>
struct action<g::prefix_length> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::AddrItem& item = b.stacks.addr_frames.back().back();
    const unsigned limit = item.address.family == ast::Family::ipv4 ? 32 : 128;
    const auto value = literals::unsigned_value(in.string_view());
    if (!value || *value > limit) {
      b.error(Code::F002, b.span(in),
              fmt::format("prefix length /{} is longer than an {} address ({} bits)", in.string_view(),
                          limit == 32 ? "IPv4" : "IPv6", limit));
      return;
    }
    item.address.prefix = static_cast<std::uint8_t>(*value);
  }
};

template <>
struct action<g::address_literal> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.stacks.addr_frames.back().back().span = b.span(in);  // the prefix included
  }
};

template <>
struct action<g::host_ref> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::AddrItem& item = b.stacks.addr_frames.back().emplace_back();
    item.kind = ast::AddrItem::Kind::name;
    item.span = b.span(in);
  }
};

// ------------------------------------------------------------- sets
// Sets nest; a hostile file may nest them without end.
inline constexpr std::size_t kMaxSetDepth = 64;

template <typename In>
void open_set(const In& in, Builder& b) {
  if (++b.scratch.set_depth > kMaxSetDepth) {
    b.error_code = Code::F006;
    throw tao::pegtl::parse_error(fmt::format("sets are nested deeper than {} levels", kMaxSetDepth), in);
  }
}

// The frame of a set that closes, as one element of the frame below.
template <typename Item, typename In>
void close_set(const In& in, Builder& b, std::vector<std::vector<Item>>& frames) {
  Item set;
  set.kind = Item::Kind::set;
  set.set = std::make_unique<std::vector<Item>>(take_back(frames));
  set.span = b.span(in);
  frames.back().push_back(std::move(set));
  --b.scratch.set_depth;
}

template <>
struct action<g::addr_set_open> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    open_set(in, b);
    b.stacks.addr_frames.emplace_back();
  }
};

template <>
struct action<g::addr_set> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    close_set(in, b, b.stacks.addr_frames);
  }
};

template <>
struct action<g::port_set_open> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    open_set(in, b);
    b.stacks.port_frames.emplace_back();
  }
};

template <>
struct action<g::port_set> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    close_set(in, b, b.stacks.port_frames);
  }
};

// ------------------------------------------------------------- negation
template <>
struct action<g::negation> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.negate = true;
  }
};

template <>
struct action<g::addr_match> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::AddrMatch match;
    match.negated = std::exchange(b.scratch.negate, false);
    match.value = take_back(b.stacks.addr_frames.front());
    match.span = b.span(in);
    b.stacks.matches.push_back(std::move(match));
  }
};

// ------------------------------------------------------------- ports
template <>
struct action<g::port_number> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    const auto value = literals::unsigned_value(in.string_view());
    if (!value || *value == 0 || *value > 65535) {
      b.error(Code::F003, b.span(in), fmt::format("port {} is out of range; ports are 1-65535", in.string_view()));
    }
    b.stacks.port_numbers.push_back(std::min<std::uint64_t>(value.value_or(0), 65535));
  }
};

template <>
struct action<g::port_range_end> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.range_end = take_back(b.stacks.port_numbers);
  }
};

template <>
struct action<g::port_range> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::PortItem item;
    item.kind = ast::PortItem::Kind::range;
    item.span = b.span(in);
    item.low = static_cast<std::uint32_t>(take_back(b.stacks.port_numbers));
    item.high = b.scratch.range_end ? static_cast<std::uint32_t>(take(b.scratch.range_end)) : item.low;
    if (item.high < item.low) {
      b.error(Code::F003, item.span,
              fmt::format("port range {} is empty; write the lower port first", in.string_view()),
              fmt::format("did you mean `{}-{}`?", item.high, item.low));
    }
    b.stacks.port_frames.back().push_back(std::move(item));
  }
};

template <>
struct action<g::port_ref> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::PortItem& item = b.stacks.port_frames.back().emplace_back();
    item.kind = ast::PortItem::Kind::name;
    item.span = b.span(in);
  }
};

}  // namespace faultc::parse_detail
