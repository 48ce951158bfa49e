// The fields an expect line leaves out, filled the way docs/testing.md
// documents: what a network engineer means by "a packet from victim to
// port 1234" is some other host, some other port, on some interface, a
// segment of a live connection, and nothing a rule singles out.
#include <array>

#include "compiler/eval/eval.hpp"

#include "compiler/analyze/packet.hpp"
#include "compiler/parse/icmp_types.hpp"

namespace faultc::eval {

namespace {

using namespace ruleset;
namespace flag = ast::tcp_flag;

// The matches a default must stay clear of: every jump's, and every
// protection's (a packet a `protect` line names is not "some other host").
template <typename F>
void each_named_match(const Ruleset& rules, F&& f) {
  for (const Jump& jump : rules.jumps) f(jump.match);
  for (const Protection& p : rules.protections) f(p.match);
}

// Every prefix any of them names for this family, negated or not.
std::vector<Prefix> named_prefixes(const Ruleset& rules, Family family) {
  std::vector<Prefix> out;
  each_named_match(rules, [&](const Match& match) {
    for (const auto* m : {&match.source, &match.destination}) {
      if (!*m) continue;
      for (const Prefix& p : (*m)->prefixes) {
        if (p.family == family) out.push_back(p);
      }
    }
  });
  return out;
}

// The first candidate no rule names, other than `taken`: the documentation
// ranges first (RFC 5737, RFC 3849), so a trace reads as "some other host".
ir::u128 unnamed_address(const Ruleset& rules, Family family, std::optional<ir::u128> taken) {
  const std::vector<Prefix> named = named_prefixes(rules, family);
  auto free = [&](ir::u128 a) {
    if (taken && *taken == a) return false;
    for (const Prefix& p : named) {
      if (prefix_contains(p, family, a)) return false;
    }
    return true;
  };
  std::vector<ir::u128> bases;
  if (family == Family::ipv4) {
    bases = {0xC0000200u, 0xC6336400u, 0xCB007100u};  // 192.0.2.0, 198.51.100.0, 203.0.113.0
  } else {
    bases = {ir::u128{0x20010DB8u} << 96};  // 2001:db8::
  }
  for (ir::u128 base : bases) {
    for (unsigned host = 1; host < 255; ++host) {
      if (free(base + host)) return base + host;
    }
  }
  // Every documentation address is named: walk the space by /8 (IPv4) or
  // /16 (IPv6) steps for one that is not.
  const unsigned shift = family == Family::ipv4 ? 24 : 112;
  for (ir::u128 top = 1; top < 256 * (family == Family::ipv4 ? 1 : 256); ++top) {
    if (free((top << shift) + 1)) return (top << shift) + 1;
  }
  return bases.front() + 1;  // every address is named: any will do
}

std::vector<PortRange> named_ports(const Ruleset& rules) {
  std::vector<PortRange> out;
  each_named_match(rules, [&](const Match& match) {
    for (const auto* m : {&match.source_ports, &match.destination_ports}) {
      if (*m) out.insert(out.end(), (*m)->ranges.begin(), (*m)->ranges.end());
    }
  });
  return out;
}

// From `start` upwards (wrapping past 65535 to 1), the first port no rule
// names.
std::uint16_t unnamed_port(const Ruleset& rules, std::uint16_t start) {
  const std::vector<PortRange> named = named_ports(rules);
  std::uint32_t port = start;
  for (std::uint32_t tried = 0; tried < 65535; ++tried) {
    bool free = true;
    for (const PortRange& r : named) {
      if (r.low <= port && port <= r.high) free = false;
    }
    if (free) return static_cast<std::uint16_t>(port);
    port = port == 65535 ? 1 : port + 1;
  }
  return start;
}

bool interface_named(const Ruleset& rules, const std::string& name) {
  bool named = false;
  each_named_match(rules, [&](const Match& match) {
    for (const auto* m : {&match.in_interface, &match.out_interface}) {
      if (*m && interface_matches(**m, name)) named = true;
    }
  });
  return named;
}

std::string unnamed_interface(const Ruleset& rules, const std::string& taken) {
  for (const char* base : {"eth", "ens", "faultc"}) {
    for (int i = 0; i < 100; ++i) {
      std::string name = std::string(base) + std::to_string(i);
      if (name != taken && !interface_named(rules, name)) return name;
    }
  }
  return "faultc-if";
}

std::uint8_t default_flags(const ir::Packet& in) {
  if (in.state == ir::ConnState::new_) return flag::syn;
  return in.data ? flag::psh | flag::ack : flag::ack;
}

}  // namespace

State tcp_state(std::uint8_t flags) {
  // nf_conntrack_proto_tcp.c, tcp_valid_flags: the combinations conntrack
  // accepts, once ECE, CWR and PSH are set aside; the rest is invalid.
  const std::uint8_t f = flags & static_cast<std::uint8_t>(~(flag::ece | flag::cwr | flag::psh));
  static constexpr std::array<std::uint8_t, 9> kValid = {flag::syn,
                                                         flag::syn | flag::urg,
                                                         flag::syn | flag::ack,
                                                         flag::rst,
                                                         flag::rst | flag::ack,
                                                         flag::fin | flag::ack,
                                                         flag::fin | flag::ack | flag::urg,
                                                         flag::ack,
                                                         flag::ack | flag::urg};
  bool valid = false;
  for (std::uint8_t v : kValid) valid = valid || v == f;
  if (!valid) return State::invalid;
  if ((f & (flag::syn | flag::ack)) == flag::syn) return State::new_;
  return State::established;
}

State icmp_state(Family family, std::uint8_t type) {
  const bool echo = family == Family::ipv4 ? type == 8 || type == 0 : type == 128 || type == 129;
  if (echo) return State::established;
  // nf_conntrack_proto_icmpv6.c, noct_valid_new: MLD (130-132, 143) and
  // neighbour discovery (133-136).
  if (family == Family::ipv6 && ((type >= 130 && type <= 136) || type == 143)) return State::untracked;
  return State::invalid;
}

std::uint32_t natural_length(const Packet& p) {
  return header_bytes(p.family, p.protocol) + p.payload_length;
}

Packet complete(const ir::Packet& in, const Ruleset& rules) {
  Packet out;
  out.direction = in.direction;
  out.protocol = in.protocol.value_or(Protocol::tcp);
  out.family = packet_family(in);
  out.source = in.source ? in.source->value : unnamed_address(rules, out.family, std::nullopt);
  out.destination = in.destination ? in.destination->value : unnamed_address(rules, out.family, out.source);
  if (out.protocol != Protocol::icmp) {
    out.source_port = in.source_port.value_or(0);
    if (!in.source_port) out.source_port = unnamed_port(rules, 49152);  // the ephemeral range (RFC 6335)
    out.destination_port = in.destination_port ? *in.destination_port : unnamed_port(rules, 1024);
  }
  const std::string on = in.interface ? *in.interface : unnamed_interface(rules, {});
  switch (in.direction) {
    case Direction::inbound: out.in_interface = on; break;
    case Direction::outbound: out.out_interface = on; break;
    case Direction::forwarded:
      out.in_interface = on;
      out.out_interface = unnamed_interface(rules, on);
      break;
  }
  if (out.protocol == Protocol::tcp) out.flags = in.flags.value_or(default_flags(in));
  if (out.protocol == Protocol::icmp) {
    // An echo request unless the packet names its message.
    IcmpMessage message{static_cast<std::uint8_t>(out.family == Family::ipv4 ? 8 : 128), {}};
    if (in.icmp_name) message = *icmp_name(*in.icmp_name).in(out.family);
    out.icmp_type = message.type;
    out.icmp_code = in.icmp_code.value_or(message.code.value_or(0));
  }
  if (in.state) {
    out.state = *in.state == ir::ConnState::new_ ? State::new_ : State::established;
  } else if (out.protocol == Protocol::icmp) {
    out.state = icmp_state(out.family, out.icmp_type);
  } else {
    out.state = out.protocol == Protocol::tcp ? tcp_state(out.flags) : State::established;
  }
  // A written length is the packet's: what its headers leave is payload.
  out.payload_length = in.data ? kDataPayload : 0;
  if (in.length) out.payload_length = *in.length - header_bytes(out.family, out.protocol);
  out.length = natural_length(out);
  return out;
}

}  // namespace faultc::eval
