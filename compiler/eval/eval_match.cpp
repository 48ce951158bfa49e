// One Match against one concrete packet, with the reason when it fails.
// Each field means what the emitters print for it (emit/nft_match.cpp,
// emit/iptables_match.cpp): a family-specific match holds for that family
// only; flags and `data` need TCP; an interface ending in `+` is a prefix.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/eval/eval.hpp"
#include "compiler/eval/packet_text.hpp"

namespace faultc::eval {

namespace {

using namespace ruleset;

bool address_holds(const AddressMatch& m, Family family, ir::u128 address) {
  const bool inside = std::any_of(m.prefixes.begin(), m.prefixes.end(),
                                  [&](const Prefix& p) { return prefix_contains(p, family, address); });
  return m.negated ? !inside : inside;
}

std::optional<std::string> address_reason(const char* which, const AddressMatch& m, const Packet& p, ir::u128 address) {
  if (address_holds(m, p.family, address)) return std::nullopt;
  const std::string text = address_text(p.family, address);
  if (m.negated)
    return fmt::format("the {} {} is in {}, which the rule excludes", which, text, prefixes_text(m.prefixes));
  const unsigned full = p.family == Family::ipv4 ? 32 : 128;
  const bool one = m.prefixes.size() == 1 && m.prefixes[0].length == full;
  return fmt::format("the {} {} is not {}{}", which, text, one ? "" : "in ", prefixes_text(m.prefixes));
}

bool port_holds(const PortMatch& m, std::uint16_t port) {
  return std::any_of(m.ranges.begin(), m.ranges.end(),
                     [&](const PortRange& r) { return r.low <= port && port <= r.high; });
}

std::string port_reason(const char* which, const PortMatch& m, std::uint16_t port) {
  const bool one = m.ranges.size() == 1 && m.ranges[0].low == m.ranges[0].high;
  return fmt::format("the {} port {} is not {}{}", which, port, one ? "" : "in ", port_ranges_text(m.ranges));
}

}  // namespace

bool prefix_contains(const Prefix& prefix, Family family, ir::u128 address) {
  if (prefix.family != family) return false;
  const unsigned bits = family == Family::ipv4 ? 32 : 128;
  if (prefix.length == 0) return true;
  const unsigned shift = bits - prefix.length;
  return (address >> shift) == (prefix.value >> shift);
}

bool interface_matches(const std::string& pattern, const std::string& name) {
  if (pattern.ends_with('+')) return name.starts_with(std::string_view(pattern).substr(0, pattern.size() - 1));
  return name == pattern;
}

bool active_at(const std::vector<ir::Window>& windows, std::uint64_t at_ms) {
  return std::any_of(windows.begin(), windows.end(),
                     [&](const ir::Window& w) { return w.start_ms <= at_ms && at_ms < w.end_ms; });
}

std::optional<std::string> mismatch(const Match& m, const Packet& p) {
  if (m.family && *m.family != p.family) {
    return fmt::format("it is an {} packet and this part of the rule is for {}", family_text(p.family),
                       family_text(*m.family));
  }
  // Ports, flags and payload are TCP (or UDP) header fields: the emitters
  // name the protocol with them, so they hold for that protocol only.
  std::optional<Protocol> protocol = m.protocol;
  if (!protocol && (m.flags || m.payload || m.source_ports || m.destination_ports)) protocol = Protocol::tcp;
  if (!protocol && m.icmp) protocol = Protocol::icmp;
  if (protocol && *protocol != p.protocol) {
    return fmt::format("it is {} and the rule is for {}", protocol_text(p.protocol), protocol_text(*protocol));
  }
  if (m.source) {
    if (auto why = address_reason("source", *m.source, p, p.source)) return why;
  }
  if (m.destination) {
    if (auto why = address_reason("destination", *m.destination, p, p.destination)) return why;
  }
  if (m.source_ports && !port_holds(*m.source_ports, p.source_port)) {
    return port_reason("source", *m.source_ports, p.source_port);
  }
  if (m.destination_ports && !port_holds(*m.destination_ports, p.destination_port)) {
    return port_reason("destination", *m.destination_ports, p.destination_port);
  }
  if (m.in_interface && !interface_matches(*m.in_interface, p.in_interface)) {
    return fmt::format("it arrives on {}, not on {}", p.in_interface.empty() ? "no interface" : p.in_interface,
                       *m.in_interface);
  }
  if (m.out_interface && !interface_matches(*m.out_interface, p.out_interface)) {
    return fmt::format("it leaves by {}, not by {}", p.out_interface.empty() ? "no interface" : p.out_interface,
                       *m.out_interface);
  }
  if (m.flags && !m.flags->matches(p.flags)) {
    return fmt::format("its flags {} are not {} of {}", flags_text(p.flags), flags_text(m.flags->value),
                       flags_text(m.flags->mask));
  }
  if (m.state) {
    const State wanted = *m.state == ir::ConnState::new_ ? State::new_ : State::established;
    if (wanted != p.state) return fmt::format("it is {}, not {}", state_text(p.state), state_text(wanted));
  }
  if (m.payload && p.payload_length == 0) return std::string("it carries no payload");
  if (m.icmp && !m.icmp->matches(p.family, p.icmp_type, p.icmp_code)) {
    return fmt::format("it is {}, not {}", icmp_message_text(p.family, p.icmp_type, p.icmp_code),
                       icmp_test_text(*m.icmp));
  }
  if (m.length && !m.length->contains(p.length)) {
    return fmt::format("it is {} bytes long, not {}", p.length, length_range_text(*m.length));
  }
  return std::nullopt;
}

}  // namespace faultc::eval
