#include "compiler/emit/iptables_match.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <cmath>

#include "compiler/analyze/target_ranges.hpp"
#include "compiler/net/address_text.hpp"

namespace faultc::emit {

namespace {

using namespace ruleset;

const char* protocol_name(Protocol p, Family family) {
  switch (p) {
    case Protocol::tcp: return "tcp";
    case Protocol::udp: return "udp";
    case Protocol::icmp: return family == Family::ipv4 ? "icmp" : "ipv6-icmp";
  }
  return "tcp";
}

void append_port_list(std::string& out, const PortMatch& m) {
  for (std::size_t i = 0; i < m.ranges.size(); ++i) {
    const PortRange& r = m.ranges[i];
    if (i > 0) out += ',';
    append_number(out, r.low);
    if (r.low != r.high) {
      out += ':';
      append_number(out, r.high);
    }
  }
}

bool single_port(const PortMatch& m) { return m.ranges.size() == 1; }

// A bucket per source or per connection: hashlimit's mode, as many
// buckets as nft's set holds, each forgotten after the same idle time.
std::string hashlimit_keys(const Limit& l) {
  if (!l.per) return {};
  return fmt::format(" --hashlimit-mode {} --hashlimit-htable-max {} --hashlimit-htable-expire {}",
                     *l.per == ir::LimitPer::source ? "srcip" : "srcip,srcport,dstip,dstport", Limit::kBuckets,
                     l.expiry_ms);
}

// hashlimit: packet rates as "100/sec" (or per min, hour, day); byte rates
// only per second ("1mb/m" would silently mean packets), with a burst of at
// least one second of the rate, which hashlimit requires in byte mode.
std::string hashlimit(const Limit& l, Family family) {
  const std::string name = fmt::format("{}{}", l.name, family == Family::ipv4 ? '4' : '6');
  if (l.bytes) {
    const std::uint64_t per_second = iptables_bytes_per_second(l);
    return fmt::format("-m hashlimit --hashlimit-above {}b/s --hashlimit-burst {}b{} --hashlimit-name {}", per_second,
                       std::max(l.burst, iptables_min_byte_burst(l)), hashlimit_keys(l), name);
  }
  static constexpr std::pair<std::uint64_t, const char*> kPeriods[] = {
      {1000, "sec"}, {60'000, "min"}, {3'600'000, "hour"}, {86'400'000, "day"}};
  const WholeRate rate = whole_packet_rate(l);
  const char* unit = "sec";
  for (const auto& [ms, period_name] : kPeriods) {
    if (ms == rate.period_ms) unit = period_name;
  }
  const std::uint64_t whole = rate.amount;
  return fmt::format("-m hashlimit --hashlimit-above {}/{} --hashlimit-burst {}{} --hashlimit-name {}", whole, unit,
                     l.burst, hashlimit_keys(l), name);
}

// TCP segments that carry payload: classic BPF programs that compare the IP
// length with the IP and TCP header lengths (IPv6 walks up to three
// extension headers). u32 cannot subtract fields and misses payloads under
// four bytes. docs/backends-research.md section 4.3 has them annotated.
constexpr const char* kPayloadBpf4 =
    "10,177 0 0 0,80 0 0 12,116 0 0 2,84 0 0 60,12 0 0 0,7 0 0 0,40 0 0 2,45 0 1 0,6 0 0 1,6 0 0 0";
constexpr const char* kPayloadBpf6 =
    "61,48 0 0 6,1 0 0 40,21 48 0 6,21 3 0 0,21 2 0 60,21 1 0 43,21 52 53 44,80 0 0 1,4 0 0 1,100 0 0 3,5 0 0 0,"
    "2 0 0 1,80 0 0 0,2 0 0 2,96 0 0 1,12 0 0 0,7 0 0 0,96 0 0 2,21 32 0 6,21 3 0 0,21 2 0 60,21 1 0 43,21 36 37 44,"
    "80 0 0 1,4 0 0 1,100 0 0 3,5 0 0 0,2 0 0 1,80 0 0 0,2 0 0 2,96 0 0 1,12 0 0 0,7 0 0 0,96 0 0 2,21 16 0 6,"
    "21 3 0 0,21 2 0 60,21 1 0 43,21 20 21 44,80 0 0 1,4 0 0 1,100 0 0 3,5 0 0 0,2 0 0 1,80 0 0 0,2 0 0 2,96 0 0 1,"
    "12 0 0 0,7 0 0 0,96 0 0 2,21 0 9 6,80 0 0 12,116 0 0 2,84 0 0 60,12 0 0 0,7 0 0 0,40 0 0 4,4 0 0 40,45 0 1 0,"
    "6 0 0 1,6 0 0 0";

}  // namespace

std::uint64_t iptables_bytes_per_second(const Limit& l) {
  return target_ranges::bytes_per_second(l.amount, l.period_ms);
}

std::uint64_t iptables_min_byte_burst(const Limit& l) {
  return target_ranges::hashlimit_min_byte_burst(iptables_bytes_per_second(l));
}

std::string iptables_flags(std::uint8_t bits) {
  static constexpr std::pair<std::uint8_t, const char*> kNames[] = {
      {0x01, "FIN"}, {0x02, "SYN"}, {0x04, "RST"}, {0x08, "PSH"}, {0x10, "ACK"}, {0x20, "URG"}};
  std::vector<std::string> names;
  for (const auto& [bit, name] : kNames) {
    if (bits & bit) names.emplace_back(name);
  }
  return names.empty() ? "NONE" : fmt::format("{}", fmt::join(names, ","));
}

namespace {

// multiport takes at most 15 ports, a range counting two: longer lists are
// split into chunks, one line each.
std::vector<PortMatch> multiport_chunks(const PortMatch& m) {
  std::vector<PortMatch> chunks(1);
  std::size_t weight = 0;
  for (const PortRange& r : m.ranges) {
    const std::size_t w = r.low == r.high ? 1 : 2;
    if (weight + w > 15) {
      chunks.emplace_back();
      weight = 0;
    }
    chunks.back().ranges.push_back(r);
    weight += w;
  }
  return chunks;
}

// Appends the options to a line, a space between each: one string per
// line, not one per option, because a scenario can have a million lines.
class Options {
 public:
  explicit Options(std::string& out) : out_(out), start_(out.size()) {}
  // `format` is an FMT_COMPILE string: parsed at compile time, not per line.
  template <typename Format, typename... Args>
  void add(const Format& format, Args&&... args) {
    separate();
    fmt::format_to(std::back_inserter(out_), format, std::forward<Args>(args)...);
  }
  // An option whose value `append(out)` appends.
  template <typename Append>
  void add_appended(const char* option, Append append) {
    separate();
    out_ += option;
    append(out_);
  }

 private:
  void separate() {
    if (out_.size() > start_) out_ += ' ';
  }
  std::string& out_;
  std::size_t start_;
};

void append_addresses(std::string& out, const AddressMatch& m) {
  for (std::size_t i = 0; i < m.prefixes.size(); ++i) {
    if (i > 0) out += ',';
    append_prefix_with_length(out, m.prefixes[i]);
  }
}

void append_line(std::string& out, const Match& m, Family family) {
  Options parts(out);
  if (m.in_interface) parts.add(FMT_COMPILE("-i {}"), *m.in_interface);
  if (m.out_interface) parts.add(FMT_COMPILE("-o {}"), *m.out_interface);
  for (auto [side, option] : {std::pair{&m.source, "-s "}, std::pair{&m.destination, "-d "}}) {
    if (!*side || (*side)->prefixes.empty()) continue;
    const AddressMatch& addresses = **side;  // a lambda cannot capture a structured binding (clang 14)
    if (addresses.negated) parts.add(FMT_COMPILE("!"));
    parts.add_appended(option, [&addresses](std::string& to) { append_addresses(to, addresses); });
  }
  // Flag and payload matches need the protocol named on their own line.
  std::optional<Protocol> protocol = m.protocol;
  if (!protocol && (m.flags || m.payload)) protocol = Protocol::tcp;
  if (!protocol && m.icmp) protocol = Protocol::icmp;
  if (protocol) parts.add(FMT_COMPILE("-p {}"), protocol_name(*protocol, family));
  const char* proto = protocol ? protocol_name(*protocol, family) : "tcp";
  const bool classic_flags = m.flags && (m.flags->mask & ~0x3F) == 0;
  const bool multiport = (m.source_ports && !single_port(*m.source_ports)) ||
                         (m.destination_ports && !single_port(*m.destination_ports));
  if (multiport) {
    // One multiport match takes one of --sports and --dports: both sides
    // are two matches (iptables-extensions(8)).
    if (m.source_ports) {
      parts.add(FMT_COMPILE("-m multiport"));
      parts.add_appended("--sports ", [&](std::string& to) { append_port_list(to, *m.source_ports); });
    }
    if (m.destination_ports) {
      parts.add(FMT_COMPILE("-m multiport"));
      parts.add_appended("--dports ", [&](std::string& to) { append_port_list(to, *m.destination_ports); });
    }
  } else if (m.source_ports || m.destination_ports || classic_flags) {
    parts.add(FMT_COMPILE("-m {}"), proto);
    if (m.source_ports) parts.add_appended("--sport ", [&](std::string& to) { append_port_list(to, *m.source_ports); });
    if (m.destination_ports) {
      parts.add_appended("--dport ", [&](std::string& to) { append_port_list(to, *m.destination_ports); });
    }
  }
  if (classic_flags) {
    if (multiport) parts.add(FMT_COMPILE("-m tcp"));
    parts.add(FMT_COMPILE("--tcp-flags {} {}"), iptables_flags(m.flags->mask), iptables_flags(m.flags->value));
  } else if (m.flags) {
    // --tcp-flags knows only the six classic flags; a pattern that names
    // ECE or CWR reads the flags byte (TCP header offset 13) with u32.
    const char* tcp_start = family == Family::ipv4 ? "0>>22&0x3C@12" : "52";
    parts.add(FMT_COMPILE("-m u32 --u32 \"{}>>16&0x{:02X}=0x{:02X}\""), tcp_start, m.flags->mask, m.flags->value);
  }
  if (m.state) parts.add(FMT_COMPILE("-m conntrack --ctstate {}"), m.state == ConnState::new_ ? "NEW" : "ESTABLISHED");
  if (m.payload) parts.add(FMT_COMPILE("-m bpf --bytecode \"{}\""), family == Family::ipv4 ? kPayloadBpf4 : kPayloadBpf6);
  if (m.icmp) {
    // Without a code, --icmp-type matches every code of the type.
    const bool v4 = family == Family::ipv4;
    if (m.icmp->code) {
      parts.add(FMT_COMPILE("-m {} --{}-type {}/{}"), v4 ? "icmp" : "icmp6", v4 ? "icmp" : "icmpv6", m.icmp->type,
                *m.icmp->code);
    } else {
      parts.add(FMT_COMPILE("-m {} --{}-type {}"), v4 ? "icmp" : "icmp6", v4 ? "icmp" : "icmpv6", m.icmp->type);
    }
  }
  if (m.length) {
    if (m.length->low == m.length->high) parts.add(FMT_COMPILE("-m length --length {}"), m.length->low);
    else parts.add(FMT_COMPILE("-m length --length {}:{}"), m.length->low, m.length->high);
  }
  if (m.probability) {
    parts.add(FMT_COMPILE("-m statistic --mode random --probability {:.6f}"), static_cast<double>(*m.probability) / 1'000'000.0);
  }
  if (m.over_limit) parts.add(FMT_COMPILE("{}"), hashlimit(*m.over_limit, family));
}

}  // namespace

// iptables-restore takes at most 1023 characters per parameter: long
// address lists are split into chunks, one line each (a positive match only;
// a negated list is handled by the caller with RETURN guards). `singly`
// makes every chunk one address: iptables refuses `!` on a line whose -s or
// -d lists several ("! not allowed with multiple source or destination IP
// addresses"), so a list beside a negated address is one line per address.
std::vector<std::optional<AddressMatch>> address_chunks(const std::optional<AddressMatch>& m, bool singly) {
  if (!m || m->negated || m->prefixes.size() <= 1) return {m};
  std::vector<std::optional<AddressMatch>> chunks{AddressMatch{{}, false}};
  std::size_t length = 0;
  for (const Prefix& p : m->prefixes) {
    const std::size_t width = prefix_text_with_length(p).size() + 1;
    if (!chunks.back()->prefixes.empty() && (singly || length + width > 1000)) {
      chunks.push_back(AddressMatch{{}, false});
      length = 0;
    }
    chunks.back()->prefixes.push_back(p);
    length += width;
  }
  return chunks;
}

void iptables_match(const Match& m, Family family, std::vector<std::string>& lines) {
  // Each line's text goes into the next of `lines`, whose capacity is kept.
  std::size_t count = 0;
  const auto next_line = [&lines, &count]() -> std::string& {
    if (count == lines.size()) lines.emplace_back();
    std::string& line = lines[count++];
    line.clear();
    return line;
  };
  // One address or port range is never split: the common case, printed
  // without building chunks (that would copy the match's lists).
  const auto at_most_one = [](const auto& list, const auto& items) { return !list || ((*list).*items).size() <= 1; };
  if (at_most_one(m.source, &AddressMatch::prefixes) && at_most_one(m.destination, &AddressMatch::prefixes) &&
      at_most_one(m.source_ports, &PortMatch::ranges) && at_most_one(m.destination_ports, &PortMatch::ranges)) {
    append_line(next_line(), m, family);
    lines.resize(count);
    return;
  }
  const bool negation = (m.source && m.source->negated) || (m.destination && m.destination->negated);
  const auto source_chunks = address_chunks(m.source, negation);
  const auto destination_chunks = address_chunks(m.destination, negation);
  const std::vector<PortMatch> sources =
      m.source_ports ? multiport_chunks(*m.source_ports) : std::vector<PortMatch>{};
  const std::vector<PortMatch> destinations =
      m.destination_ports ? multiport_chunks(*m.destination_ports) : std::vector<PortMatch>{};
  if (source_chunks.size() == 1 && destination_chunks.size() == 1 && sources.size() <= 1 &&
      destinations.size() <= 1) {
    append_line(next_line(), m, family);  // no list needed splitting after all
    lines.resize(count);
    return;
  }
  // Every line gets its own chunks: copy the rest of the match, not the
  // whole address lists, once per line (100,000 addresses are 1,500 lines).
  Match rest = m;
  rest.source.reset();
  rest.destination.reset();
  rest.source_ports.reset();
  rest.destination_ports.reset();
  for (const auto& source_addresses : source_chunks) {
    for (const auto& destination_addresses : destination_chunks) {
      for (std::size_t s = 0; s < std::max<std::size_t>(1, sources.size()); ++s) {
        for (std::size_t d = 0; d < std::max<std::size_t>(1, destinations.size()); ++d) {
          Match chunk = rest;
          chunk.source = source_addresses;
          chunk.destination = destination_addresses;
          if (!sources.empty()) chunk.source_ports = sources[s];
          if (!destinations.empty()) chunk.destination_ports = destinations[d];
          append_line(next_line(), chunk, family);
        }
      }
    }
  }
  lines.resize(count);
}

void append_iptables_verdict(std::string& out, const Verdict& v, Family family) {
  switch (v.kind) {
    case Verdict::Kind::allow: out += "-j RETURN"; return;
    case Verdict::Kind::drop: out += "-j DROP"; return;
    case Verdict::Kind::log:
      out += "-j LOG";
      if (!v.prefix().empty()) fmt::format_to(std::back_inserter(out), " --log-prefix \"{}\"", v.prefix());
      return;
    case Verdict::Kind::reject: break;
    case Verdict::Kind::jump:
    case Verdict::Kind::go: return;  // printed by the caller, which knows the chain names
  }
  const bool v4 = family == Family::ipv4;
  out += "-j REJECT --reject-with ";
  switch (v.reject_with) {
    case RejectKind::tcp_reset: out += "tcp-reset"; return;
    case RejectKind::icmp_port_unreachable: out += v4 ? "icmp-port-unreachable" : "icmp6-port-unreachable"; return;
    case RejectKind::icmp_host_unreachable: out += v4 ? "icmp-host-unreachable" : "icmp6-addr-unreachable"; return;
    case RejectKind::icmp_admin_prohibited: out += v4 ? "icmp-admin-prohibited" : "icmp6-adm-prohibited"; return;
  }
}

}  // namespace faultc::emit
