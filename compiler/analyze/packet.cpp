#include "compiler/analyze/packet.hpp"

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
};

}  // namespace

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
  if (!n.ok) return std::nullopt;
  return p;
}

}  // namespace faultc
