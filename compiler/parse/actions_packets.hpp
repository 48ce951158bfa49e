#pragma once
// Actions of the packet syntax that `expect` lines and
// `faultc explain --packet` share: one address and one port per end, an
// interface, flags, a connection state, `data`, each at most once (F005);
// and the verdict of an `expect` line.
#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <utility>

#include "compiler/parse/actions_common.hpp"

namespace faultc::parse_detail {

template <>
struct action<g::packet_address> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.packet_endpoint.address = take_back(b.stacks.addr_frames.front());
  }
};

// A single port in a packet: `port 40000` (a name is action<port_ref>'s).
template <>
struct action<g::packet_port_number> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::PortItem& item = b.stacks.port_frames.back().emplace_back();
    item.low = item.high = static_cast<std::uint32_t>(take_back(b.stacks.port_numbers));
    item.span = b.span(in);
  }
};

template <>
struct action<g::packet_port_value> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.packet_endpoint.port = take_back(b.stacks.port_frames.front());
  }
};

template <auto Member>
struct packet_endpoint_action {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    Scratch& s = b.scratch;
    s.packet_endpoint.span = b.span(in);
    auto& slot = s.packet.*Member;
    if (slot) {
      b.error(Code::F005, s.packet_endpoint.span,
              fmt::format("`{}` appears twice in one packet", Member == &ast::Packet::from ? "from" : "to"));
    }
    slot = std::exchange(s.packet_endpoint, {});
  }
};
template <> struct action<g::packet_from> : packet_endpoint_action<&ast::Packet::from> {};
template <> struct action<g::packet_to> : packet_endpoint_action<&ast::Packet::to> {};

template <typename In>
void once_in_packet(const In& in, Builder& b, bool already, std::string_view what) {
  if (already) b.error(Code::F005, b.span(in), fmt::format("{} appears twice in one packet", what));
}

template <>
struct action<g::packet_on> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    once_in_packet(in, b, b.scratch.packet.on.has_value(), "`on`");
    b.scratch.packet.on = take(b.scratch.iface);
  }
};

template <>
struct action<g::packet_flags> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    once_in_packet(in, b, b.scratch.packet.flags.has_value(), "`flags`");
    b.scratch.packet.flags = take_back(b.scratch.patterns).value;
  }
};

template <>
struct action<g::packet_state> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    once_in_packet(in, b, b.scratch.packet.state.has_value(), "a connection state");
    b.scratch.packet.state = from_word<ast::ConnState>(in.string_view());
  }
};

template <>
struct action<g::packet_data> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    once_in_packet(in, b, b.scratch.packet.data, "`data`");
    b.scratch.packet.data = true;
  }
};

template <>
struct action<g::packet_icmp> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    Scratch& s = b.scratch;
    once_in_packet(in, b, s.packet.icmp_name.has_value(), "an ICMP message");
    s.packet.icmp_name = std::exchange(s.icmp_name, std::nullopt);
    s.packet.icmp_code = std::exchange(s.icmp_code, std::nullopt);
    s.packet.icmp_span = b.span(in);
  }
};

template <>
struct action<g::packet_length> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    Scratch& s = b.scratch;
    once_in_packet(in, b, s.packet.length.has_value(), "`length`");
    s.packet.length = static_cast<std::uint16_t>(s.length_numbers[0]);
    s.packet.length_span = b.span(in);
    s.length_count = 0;
  }
};

template <>
struct action<g::packet> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::Packet& p = b.scratch.packet;
    p.direction = std::exchange(b.scratch.direction, std::nullopt);
    p.protocol = std::exchange(b.scratch.protocol, std::nullopt);
    p.span = b.span(in);
  }
};

template <>
struct action<g::packet_input> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.packet_result = std::move(b.scratch.packet);
  }
};

template <>
struct action<g::verdict> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.scratch.verdict = from_word<ast::Verdict>(in.string_view());
  }
};

}  // namespace faultc::parse_detail
