#include "compiler/emit/nft_match.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <cmath>

#include "compiler/emit/nft_payload.hpp"
#include "compiler/net/address_text.hpp"
#include "compiler/source/duration_text.hpp"

namespace faultc::emit {

namespace {

using namespace ruleset;

// Appends `{ a, b }`, or just `a` for one item; `item(out, i)` appends
// item i.
template <typename AppendItem>
void append_set_or_single(std::string& out, std::size_t count, AppendItem item) {
  if (count == 1) {
    item(out, 0);
    return;
  }
  out += "{ ";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    item(out, i);
  }
  out += " }";
}

void append_address(std::string& out, const char* field, const AddressMatch& m, Family family) {
  if (m.prefixes.empty()) {
    // A negated empty set matches every address of the family; a plain empty
    // one cannot happen (lower drops such jumps).
    fmt::format_to(std::back_inserter(out), FMT_COMPILE("meta nfproto {} "), family == Family::ipv4 ? "ipv4" : "ipv6");
    return;
  }
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("{} {} {}"), family == Family::ipv4 ? "ip" : "ip6", field,
                 m.negated ? "!= " : "");
  append_set_or_single(out, m.prefixes.size(),
                       [&m](std::string& to, std::size_t i) { append_prefix(to, m.prefixes[i]); });
  out += ' ';
}

void append_ports(std::string& out, const char* protocol, const char* field, const PortMatch& m) {
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("{} {} "), protocol, field);
  append_set_or_single(out, m.ranges.size(), [&m](std::string& to, std::size_t i) {
    const PortRange& r = m.ranges[i];
    append_number(to, r.low);
    if (r.low != r.high) {
      to += '-';
      append_number(to, r.high);
    }
  });
  out += ' ';
}

// nft wants `*` where iptables takes `+` as the interface wildcard.
std::string interface(std::string name) {
  if (name.ends_with('+')) name.back() = '*';
  return name;
}

const char* protocol_name(Protocol p) {
  switch (p) {
    case Protocol::tcp: return "tcp";
    case Protocol::udp: return "udp";
    case Protocol::icmp: return "icmp";
  }
  return "tcp";
}

const char* protocol_match(Protocol p, std::optional<Family> family) {
  switch (p) {
    case Protocol::tcp: return "meta l4proto tcp ";
    case Protocol::udp: return "meta l4proto udp ";
    case Protocol::icmp: break;
  }
  if (!family) return "meta l4proto { icmp, ipv6-icmp } ";
  return *family == Family::ipv4 ? "meta l4proto icmp " : "meta l4proto ipv6-icmp ";
}

// nft limits take whole numbers: byte rates are printed in bytes, packet
// rates move to a longer period until the amount is whole.
std::string limit(const Limit& l, Family bucket_family) {
  static constexpr std::pair<std::uint64_t, const char*> kPeriods[] = {
      {1000, "second"}, {60'000, "minute"}, {3'600'000, "hour"}, {86'400'000, "day"}};
  // Byte rates print in bytes, whole already; packet rates may need a
  // longer period to be whole.
  const WholeRate rate = l.bytes ? WholeRate{static_cast<std::uint64_t>(std::max(1.0, std::round(l.amount))),
                                             l.period_ms}
                                 : whole_packet_rate(l);
  const char* unit = "second";
  for (const auto& [ms, name] : kPeriods) {
    if (ms == rate.period_ms) unit = name;
  }
  const std::string bucket =
      l.bytes ? fmt::format("limit rate over {} bytes/{} burst {} bytes", rate.amount, unit, l.burst)
              : fmt::format("limit rate over {}/{} burst {} packets", rate.amount, unit, l.burst);
  if (!l.per) return bucket + ' ';
  // The packet's key finds its bucket in the set, made full when new; the
  // rule matches when that bucket is over the rate.
  const char* ip = bucket_family == Family::ipv4 ? "ip" : "ip6";
  const std::string key = *l.per == ir::LimitPer::source
                              ? fmt::format("{} saddr", ip)
                              : fmt::format("{0} saddr . th sport . {0} daddr . th dport", ip);
  return fmt::format("update @{} {{ {} {} }} ", nft_bucket_set(l, bucket_family), key, bucket);
}

// `icmp type 3 icmp code 4`: numbers, as nft's names differ from the
// language's (nd-neighbor-solicit) and numbers are what the kernel compares.
void append_icmp(std::string& out, const ir::IcmpTest& t) {
  const char* protocol = t.family == Family::ipv4 ? "icmp" : "icmpv6";
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("{} type {} "), protocol, t.type);
  if (t.code) fmt::format_to(std::back_inserter(out), FMT_COMPILE("{} code {} "), protocol, *t.code);
}

// The whole packet's length, as iptables' `-m length` reads it: IPv4's
// total length, IPv6's payload length plus its 40-byte header (lower makes
// no IPv6 line for a range below 40).
void append_length(std::string& out, const ir::LengthRange& r, Family family) {
  const unsigned header = family == Family::ipv4 ? 0 : 40;
  const unsigned low = r.low > header ? r.low - header : 0, high = r.high - header;
  out += family == Family::ipv4 ? "ip length " : "ip6 length ";
  if (low == high) {
    fmt::format_to(std::back_inserter(out), FMT_COMPILE("{} "), low);
  } else {
    fmt::format_to(std::back_inserter(out), FMT_COMPILE("{}-{} "), low, high);
  }
}

}  // namespace

std::string nft_flags(std::uint8_t bits) {
  static constexpr std::pair<std::uint8_t, const char*> kNames[] = {
      {0x01, "fin"}, {0x02, "syn"}, {0x04, "rst"}, {0x08, "psh"}, {0x10, "ack"}, {0x20, "urg"}, {0x40, "ecn"},
      {0x80, "cwr"}};
  std::vector<std::string> names;
  for (const auto& [bit, name] : kNames) {
    if (bits & bit) names.emplace_back(name);
  }
  return names.empty() ? "0x0" : fmt::format("{}", fmt::join(names, "|"));
}

std::string nft_bucket_set(const Limit& l, Family family) {
  return fmt::format("{}{}", l.name, family == Family::ipv4 ? '4' : '6');
}

std::string nft_bucket_set_declaration(const Limit& l, Family family) {
  const char* address = family == Family::ipv4 ? "ipv4_addr" : "ipv6_addr";
  const std::string type = *l.per == ir::LimitPer::source
                               ? std::string(address)
                               : fmt::format("{0} . inet_service . {0} . inet_service", address);
  return fmt::format("\tset {} {{\n\t\ttype {}\n\t\tsize {}\n\t\tflags dynamic,timeout\n\t\ttimeout {}\n\t}}\n\n",
                     nft_bucket_set(l, family), type, Limit::kBuckets, format_duration(l.expiry_ms));
}

void append_nft_match(std::string& out, const Match& m, Family bucket_family) {
  if (m.in_interface) out += fmt::format("iifname \"{}\" ", interface(*m.in_interface));
  if (m.out_interface) out += fmt::format("oifname \"{}\" ", interface(*m.out_interface));
  if (m.source) append_address(out, "saddr", *m.source, *m.family);
  if (m.destination) append_address(out, "daddr", *m.destination, *m.family);
  const bool ports_given = m.source_ports || m.destination_ports;
  // A port match names its protocol; otherwise say it outright.
  if (m.protocol && !ports_given) out += protocol_match(*m.protocol, m.family);
  const char* proto = m.protocol ? protocol_name(*m.protocol) : "tcp";
  if (m.source_ports) append_ports(out, proto, "sport", *m.source_ports);
  if (m.destination_ports) append_ports(out, proto, "dport", *m.destination_ports);
  if (m.flags) {
    out += fmt::format("tcp flags & ({}) == {} ", nft_flags(m.flags->mask), nft_flags(m.flags->value));
  }
  if (m.state) out += m.state == ConnState::new_ ? "ct state new " : "ct state established ";
  if (m.payload) out += nft_payload_match();
  if (m.icmp) append_icmp(out, *m.icmp);
  if (m.length) append_length(out, *m.length, m.family.value_or(Family::ipv4));
  if (m.probability) {
    fmt::format_to(std::back_inserter(out), FMT_COMPILE("numgen random mod 1000000 < {} "), *m.probability);
  }
  if (m.over_limit) out += limit(*m.over_limit, m.family.value_or(bucket_family));
}

std::string nft_verdict(const Verdict& v) {
  switch (v.kind) {
    case Verdict::Kind::allow: return "return";
    case Verdict::Kind::drop: return "drop";
    case Verdict::Kind::log: return v.prefix().empty() ? "log" : fmt::format("log prefix \"{}\"", v.prefix());
    case Verdict::Kind::reject: break;
    case Verdict::Kind::jump:
    case Verdict::Kind::go: return "";  // printed by the caller, which knows the chain names
  }
  switch (v.reject_with) {
    case RejectKind::tcp_reset: return "reject with tcp reset";
    case RejectKind::icmp_port_unreachable: return "reject with icmpx type port-unreachable";
    case RejectKind::icmp_host_unreachable: return "reject with icmpx type host-unreachable";
    case RejectKind::icmp_admin_prohibited: return "reject with icmpx type admin-prohibited";
  }
  return "drop";
}

}  // namespace faultc::emit
