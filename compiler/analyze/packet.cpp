#include "compiler/analyze/packet.hpp"

#include <fmt/format.h>

#include "compiler/parse/icmp_types.hpp"
#include "compiler/parse/words.hpp"

namespace faultc {

namespace {

struct Normalizer {
  NameTable& names;
  Diagnostics& diagnostics;
  bool ok = true;

  void error(Code code, Span at, std::string message, std::string help = {}) {
    diagnostics.push_back(make_diagnostic(code, at, std::move(message), std::move(help)));
    ok = false;
  }

  void endpoint(const std::optional<ast::PacketEndpoint>& e, std::optional<ir::PacketAddress>& address,
                std::optional<std::uint16_t>& port) {
    if (!e) return;
    if (e->address) {
      auto set = names.addresses(*e->address);
      if (!set) {
        ok = false;
      } else if (auto single = single_address(*set)) {
        address = single;
      } else {
        error(Code::F028, e->address->span, "an expect packet needs exactly one address here",
              "this name stands for several addresses; write one of them");
      }
    }
    if (e->port) {
      auto set = names.ports(*e->port);
      if (!set) {
        ok = false;
      } else if (set->intervals().size() == 1 && set->intervals()[0].low == set->intervals()[0].high) {
        port = set->intervals()[0].low;
      } else {
        error(Code::F028, e->port->span, "an expect packet needs exactly one port here",
              "this name stands for several ports; write one of them");
      }
    }
  }

  // An ICMP message must exist in the packet's family and carry one code;
  // only an echo request or reply has a connection of its own.
  void icmp_message(const ast::Packet& in, const ir::Packet& p) {
    const IcmpName& name = icmp_name(*in.icmp_name);
    if (p.protocol != ast::Protocol::icmp) {
      error(Code::F024, in.icmp_span, "only an ICMP packet carries an ICMP message",
            "remove the protocol or the message");
      return;
    }
    if (in.icmp_code && ((name.v4 && name.v4->code) || (name.v6 && name.v6->code))) {
      error(Code::F037, in.icmp_span, fmt::format("`{}` already names its code", name.word),
            "write `destination-unreachable code N` for another code");
    }
    const std::optional<ast::Family> family = p.source ? p.source->family
                                              : p.destination ? std::optional(p.destination->family)
                                                              : std::nullopt;
    if (family && !name.in(*family)) {
      error(Code::F037, in.icmp_span,
            fmt::format("`{}` is {} only, and this packet is {}", name.word,
                        icmp_family_words(*family == ast::Family::ipv4 ? ast::Family::ipv6 : ast::Family::ipv4),
                        *family == ast::Family::ipv4 ? "IPv4" : "IPv6"));
    }
    const bool echo = name.word == "echo-request" || name.word == "echo-reply";
    if (in.state && !(name.word == "echo-request" || (echo && in.state == ast::ConnState::established))) {
      error(Code::F037, in.icmp_span,
            fmt::format("conntrack gives `{}` no state of its own: it cannot be {}", name.word, word(*in.state)),
            "only an echo request opens a connection, and only echo requests and replies belong to one");
    }
  }
};

}  // namespace

ir::Family packet_family(const ir::Packet& p) {
  if (p.source) return p.source->family;
  if (p.destination) return p.destination->family;
  if (p.icmp_name && !icmp_name(*p.icmp_name).v4) return ir::Family::ipv6;
  return ir::Family::ipv4;
}

std::uint32_t header_bytes(ir::Family family, ir::Protocol protocol) {
  return (family == ir::Family::ipv4 ? 20 : 40) + (protocol == ir::Protocol::tcp ? 20 : 8);
}

std::optional<ir::PacketAddress> single_address(const ir::AddressSet& set) {
  if (set.v4.intervals().size() == 1 && set.v6.empty() && set.v4.intervals()[0].low == set.v4.intervals()[0].high) {
    return ir::PacketAddress{ast::Family::ipv4, set.v4.intervals()[0].low};
  }
  if (set.v6.intervals().size() == 1 && set.v4.empty() && set.v6.intervals()[0].low == set.v6.intervals()[0].high) {
    return ir::PacketAddress{ast::Family::ipv6, set.v6.intervals()[0].low};
  }
  return std::nullopt;
}

std::optional<ir::Packet> normalize_packet(const ast::Packet& in, NameTable& names, const SourceMap& sources,
                                           Diagnostics& diagnostics) {
  Normalizer n{names, diagnostics};
  ir::Packet p;
  p.span = in.span;
  p.direction = in.direction.value_or(ast::Direction::inbound);
  p.protocol = in.protocol;
  n.endpoint(in.from, p.source, p.source_port);
  n.endpoint(in.to, p.destination, p.destination_port);
  if (in.on) p.interface = std::string(sources.text(in.on->span));
  p.flags = in.flags;
  p.state = in.state;
  p.data = in.data;
  p.icmp_name = in.icmp_name;
  p.icmp_code = in.icmp_code;
  if (!p.protocol && p.icmp_name) p.protocol = ast::Protocol::icmp;
  // As in a rule: a port or TCP flags without a protocol mean TCP. So does
  // `data`, which the rules only know as a TCP pattern.
  if (!p.protocol && (p.source_port || p.destination_port || p.flags || p.data)) p.protocol = ast::Protocol::tcp;
  if (p.source && p.destination && p.source->family != p.destination->family) {
    n.error(Code::F028, in.span, "an expect packet's addresses must be of one family");
  }
  // A packet that cannot exist would only ever test the evaluator's guesses.
  if (p.protocol == ast::Protocol::icmp && (p.source_port || p.destination_port)) {
    n.error(Code::F024, in.span, "an ICMP packet has no ports", "remove `icmp` or the port");
  }
  if (p.protocol && p.protocol != ast::Protocol::tcp && p.flags) {
    n.error(Code::F024, in.span, "only a TCP packet has TCP flags", "remove the protocol or the `flags` clause");
  }
  if (in.icmp_name) n.icmp_message(in, p);
  p.length = in.length;
  if (p.length) {
    // Room for the headers, and for payload when the packet says `data`.
    const ir::Protocol protocol = p.protocol.value_or(ir::Protocol::tcp);
    const std::uint32_t least = header_bytes(packet_family(p), protocol) + (p.data ? 1 : 0);
    if (*p.length < least) {
      n.error(Code::F003, in.length_span,
              fmt::format("an {} {} packet{} is at least {} bytes long",
                          packet_family(p) == ir::Family::ipv4 ? "IPv4" : "IPv6",
                          protocol == ir::Protocol::tcp ? "TCP" : protocol == ir::Protocol::udp ? "UDP" : "ICMP",
                          p.data ? " with payload" : "", least));
    }
  }
  if (!n.ok) return std::nullopt;
  return p;
}

}  // namespace faultc
