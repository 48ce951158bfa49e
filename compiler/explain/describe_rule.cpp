#include "compiler/explain/describe_rule.hpp"

#include <fmt/format.h>

#include "compiler/analyze/action_space.hpp"
#include "compiler/eval/packet_text.hpp"
#include "compiler/explain/verdict_text.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/net/address_text.hpp"
#include "compiler/net/prefixes.hpp"
#include "compiler/parse/icmp_types.hpp"
#include "compiler/parse/words.hpp"
#include "compiler/source/duration_text.hpp"
#include "compiler/source/units.hpp"

namespace faultc {

namespace {

namespace flag = ast::tcp_flag;

std::string or_list(const std::vector<std::string>& items) {
  if (items.empty()) return {};
  if (items.size() == 1) return items[0];
  std::vector<std::string> head(items.begin(), items.end() - 1);
  return fmt::format("{} or {}", fmt::join(head, ", "), items.back());
}

std::string ports_words(const ir::PortSet& set) {
  std::vector<std::string> items;
  for (const auto& i : set.intervals()) {
    items.push_back(i.low == i.high ? fmt::format("{}", i.low) : fmt::format("{}-{}", i.low, i.high));
  }
  return or_list(items);
}

// Each prefix of a set as written: IPv4 first, each family in order.
std::vector<std::string> prefix_items(const ir::AddressSet& set) {
  std::vector<std::string> items;
  for (ir::Family family : {ir::Family::ipv4, ir::Family::ipv6}) {
    for (const ruleset::Prefix& p : to_prefixes(set, family)) items.push_back(emit::prefix_text(p));
  }
  return items;
}

std::string address_words(const ir::AddressMatch& m) {
  if (m.negated) return fmt::format("anywhere but {}", address_set_words(m.set));
  return address_set_words(m.set);
}

// A set of several in braces, so that "between A and B" stays readable.
std::string grouped(const ir::AddressMatch& m) {
  const std::string words = address_words(m);
  if (m.set.interval_count() <= 1 || m.negated) return words;
  const std::vector<std::string> items = prefix_items(m.set);
  return items.size() <= 1 ? words : fmt::format("{{{}}}", fmt::join(items, ", "));
}

// "TCP packets", "TCP and UDP packets", "packets of every protocol".
std::string protocols_words(ast::Protocols protocols) {
  if (protocols.empty()) return "packets of every protocol";
  std::vector<std::string> items;
  protocols.for_each([&items](ir::Protocol p) { items.push_back(protocol_text(p)); });
  if (items.size() == 1) return fmt::format("{} packets", items[0]);
  std::vector<std::string> head(items.begin(), items.end() - 1);
  return fmt::format("{} and {} packets", fmt::join(head, ", "), items.back());
}

// The addresses and ports of the flows of one direction: one flow, or the
// two ways of a `between`.
std::string ends_words(const std::vector<const ir::Flow*>& flows) {
  const ir::Flow& flow = *flows.front();
  std::string out;
  if (flows.size() == 2 && flow.source && flow.destination) {
    out += fmt::format(" between {} and {}, both ways", grouped(*flow.source), grouped(*flow.destination));
    if (flow.source_ports) out += fmt::format(", from port {}", ports_words(flow.source_ports->set));
    if (flow.destination_ports) out += fmt::format(", to port {}", ports_words(flow.destination_ports->set));
    return out;
  }
  if (flow.source || flow.source_ports) {
    out += " from";
    if (flow.source) out += fmt::format(" {}", address_words(*flow.source));
    if (flow.source_ports) out += fmt::format(" port {}", ports_words(flow.source_ports->set));
  }
  if (flow.destination || flow.destination_ports) {
    out += " to";
    if (flow.destination) out += fmt::format(" {}", address_words(*flow.destination));
    if (flow.destination_ports) out += fmt::format(" port {}", ports_words(flow.destination_ports->set));
  }
  return out;
}

std::vector<const ir::Flow*> flows_in(const ir::Selector& s, ir::Direction direction) {
  std::vector<const ir::Flow*> out;
  for (const ir::Flow& flow : s.flows) {
    if (flow.direction == direction) out.push_back(&flow);
  }
  return out;
}

// A selector of one direction: "inbound TCP packets from 10.0.0.5 to port
// 80 arriving on eth0". One of this host's traffic both ways (`with`,
// `between` without a direction) says what it takes of each: "TCP packets
// this host receives from db, and those it sends to db". A `protect` line
// without a direction (`every_direction`): "all TCP packets to port 22".
std::string selector_words(const ir::Selector& s, bool every_direction) {
  const std::vector<const ir::Flow*> received = flows_in(s, ir::Direction::inbound);
  const std::vector<const ir::Flow*> sent = flows_in(s, ir::Direction::outbound);
  const auto arriving = [&s] { return s.interface ? fmt::format(" arriving on {}", *s.interface) : std::string(); };
  const auto leaving = [&s] { return s.interface ? fmt::format(" leaving by {}", *s.interface) : std::string(); };
  std::string out;
  if (every_direction) {
    out = fmt::format("all {}{}", protocols_words(s.protocols), ends_words(received));
    if (s.interface) out += fmt::format(" arriving on or leaving by {}", *s.interface);
  } else if (!received.empty() && !sent.empty()) {
    const std::string in = ends_words(received), outgoing = ends_words(sent);
    out = protocols_words(s.protocols);
    if (in == outgoing) {
      out += fmt::format(" this host receives or sends{}", in);
      if (s.interface) out += fmt::format(" arriving on or leaving by {}", *s.interface);
    } else {
      out += fmt::format(" this host receives{}{}, and those it sends{}{}", in, arriving(), outgoing, leaving());
    }
  } else {
    const ir::Direction direction = s.flows.front().direction;
    std::vector<const ir::Flow*> all;
    for (const ir::Flow& flow : s.flows) all.push_back(&flow);
    out = fmt::format("{} {}{}{}", word(direction), protocols_words(s.protocols), ends_words(all),
                      direction == ir::Direction::outbound ? leaving() : arriving());
  }
  if (s.ipv4 != s.ipv6) out += s.ipv4 ? " (IPv4 only)" : " (IPv6 only)";
  return out;
}

std::string sees(const ir::Rule& rule) { return selector_words(rule.selector, false); }

// A default protection's line: what it spares, or where it is given up.
std::string default_protection(const char* what, const std::optional<Span>& exposed, const char* statement,
                               const SourceMap& sources) {
  if (exposed) {
    return fmt::format("{}: exposed (`{}`, line {}): the rules act on it", what, statement,
                       sources.file(exposed->file).locate(exposed->begin).line);
  }
  return fmt::format("{}: protected by default (`{}` gives it up)", what, statement);
}

std::string flag_test_words(const ir::FlagTest& t) {
  const std::uint8_t plain_mask = flag::classic | (t.value & (flag::ece | flag::cwr));
  if (t.mask == plain_mask) return fmt::format("flags exactly {}", flags_text(t.value));
  return fmt::format("flags {} of {}", flags_text(t.value), flags_text(t.mask));
}

// "ICMP frag-needed (type 3 code 4)", "ICMPv6 echo-request (type 128)",
// "ICMP destination-unreachable code 9 (type 3 code 9)".
std::string icmp_test_words(const ir::IcmpTest& t) {
  const char* protocol = t.family == ir::Family::ipv4 ? "ICMP" : "ICMPv6";
  std::string name(t.code ? icmp_exact_word(t.family, t.type, *t.code) : std::string_view());
  if (name.empty()) {
    name = icmp_type_word(t.family, t.type);
    if (!name.empty() && t.code) name += fmt::format(" code {}", *t.code);
  }
  const std::string numbers = t.code ? fmt::format("type {} code {}", t.type, *t.code) : fmt::format("type {}", t.type);
  return name.empty() ? fmt::format("{} {}", protocol, numbers) : fmt::format("{} {} ({})", protocol, name, numbers);
}

// "packets of 1401 bytes or more", "packets of 1000-1500 bytes".
std::string length_words(const ir::LengthRange& r) {
  if (r.low == r.high) return fmt::format("packets of exactly {} bytes", r.low);
  if (r.high == 65535) return fmt::format("packets of {} bytes or more", r.low);
  if (r.low == 0) return fmt::format("packets of {} bytes or fewer", r.high);
  return fmt::format("packets of {}-{} bytes", r.low, r.high);
}

std::string pattern_words(const ir::Pattern& p) {
  switch (p.kind) {
    case ir::Pattern::Kind::flags: return flag_test_words(p.flags);
    case ir::Pattern::Kind::state_new: return "the first packet of a new connection";
    case ir::Pattern::Kind::state_established: return "packets of established connections";
    case ir::Pattern::Kind::data: return "segments that carry payload";
    case ir::Pattern::Kind::icmp: return icmp_test_words(p.icmp);
    case ir::Pattern::Kind::length: return length_words(p.length);
  }
  return {};
}

// The action's patterns in words; `badflags` (several tests from one word)
// stays one phrase.
std::string patterns_words(const ir::Action& action, const SourceMap& sources) {
  std::vector<std::string> items;
  for (std::size_t i = 0; i < action.patterns.size(); ++i) {
    const ir::Pattern& p = action.patterns[i];
    if (excerpt(p.span, sources) == "badflags") {
      items.push_back("nonsensical TCP flag combinations (badflags)");
      while (i + 1 < action.patterns.size() && action.patterns[i + 1].span == p.span) ++i;
      continue;
    }
    items.push_back(pattern_words(p));
  }
  return or_list(items);
}

// In the largest unit that divides it: `64kbyte`; else `1500 bytes`.
std::string bytes_words(std::uint64_t amount) {
  for (const Unit& unit : kByteUnits) {
    if (unit.size > 1 && amount >= unit.size && amount % unit.size == 0) {
      return fmt::format("{}{}", amount / unit.size, unit.word);
    }
  }
  return fmt::format("{} bytes", amount);
}

const char* reject_words(ir::RejectKind kind) {
  switch (kind) {
    case ir::RejectKind::tcp_reset: return "rejected with a TCP reset";
    case ir::RejectKind::icmp_port_unreachable: return "rejected with ICMP port unreachable";
    case ir::RejectKind::icmp_host_unreachable: return "rejected with ICMP host unreachable";
    case ir::RejectKind::icmp_admin_prohibited: return "rejected with ICMP administratively prohibited";
  }
  return "rejected";
}

// Whether the segments an `allow` of flag patterns lets by carry payload:
// flags say nothing about it, so `allow ACK` passes a bulk sender's data
// segments (exactly ACK) unless an earlier action took them.
std::string payload_words(const ir::Action& a, const ActionSpace& decided, const PatternDomain& domain) {
  if (a.kind != ir::Action::Kind::allow || a.patterns.empty()) return {};
  for (const ir::Pattern& p : a.patterns) {
    if (p.kind != ir::Pattern::Kind::flags) return {};
  }
  const ActionSpace taken = ActionSpace::of(a, domain).minus(decided);
  bool with = false, without = false;
  for_each_packet_traits(domain, [&](const PacketTraits& packet) {
    if (!taken.contains(packet)) return;
    (packet.payload ? with : without) = true;
  });
  if (with && without) return ", with or without payload";
  if (without) return ", without payload";
  return with ? ", with payload" : "";
}

std::pair<std::string, std::string> effect(const ir::Action& a, bool first, const ActionSpace& decided,
                                           const PatternDomain& domain, const SourceMap& sources) {
  std::string what = a.patterns.empty() ? (first ? "everything it sees" : "everything else it sees")
                                        : patterns_words(a, sources) + payload_words(a, decided, domain);
  const std::string quoted = fmt::format("(`{}`)", excerpt(a.span, sources));
  switch (a.kind) {
    case ir::Action::Kind::allow: return {"passes", fmt::format("{}: the rule lets them by {}", what, quoted)};
    case ir::Action::Kind::drop:
      if (a.probability) {
        return {"lost at random", fmt::format("{}: each dropped with probability {} {}", what,
                                              percent_text(static_cast<double>(*a.probability) / 1'000'000), quoted)};
      }
      return {"lost", fmt::format("{}: dropped silently {}", what, quoted)};
    case ir::Action::Kind::reject:
      return {"lost",
              fmt::format("{}: {} {}", what,
                          a.reject_with_written ? reject_words(a.reject_with) : "rejected (ICMP port unreachable)",
                          quoted)};
    case ir::Action::Kind::limit: {
      const ir::Rate& r = *a.rate;
      const std::string burst = r.bytes ? bytes_words(r.burst) : fmt::format("{} packets", r.burst);
      // A limit's patterns pick the packets it counts; the others go on
      // to the next action untouched.
      const std::string others = a.patterns.empty() ? "" : "; other packets go on to the next action";
      if (r.per == ir::LimitPer::source) {
        return {"lost over the rate",
                fmt::format("{}: counted per source address (a bucket for each); what a source sends over {} "
                            "(burst {}) is dropped {}{}",
                            what, excerpt(r.span, sources), burst, quoted, others)};
      }
      if (r.per == ir::LimitPer::connection) {
        return {"lost over the rate",
                fmt::format("{}: counted per connection (a bucket for each pair of addresses and ports); what a "
                            "connection sends over {} (burst {}) is dropped {}{}",
                            what, excerpt(r.span, sources), burst, quoted, others)};
      }
      return {"lost over the rate", fmt::format("{}: what goes over {} (burst {}) is dropped {}{}", what,
                                                excerpt(r.span, sources), burst, quoted, others)};
    }
    case ir::Action::Kind::log:
      return {"logged", fmt::format("{}: logged{}, then on to the next action {}", what,
                                    a.log_prefix ? fmt::format(" with the prefix \"{}\"", *a.log_prefix) : "", quoted)};
  }
  return {};
}

}  // namespace

std::string address_set_words(const ir::AddressSet& set) {
  const std::vector<std::string> items = prefix_items(set);
  return items.empty() ? "nothing" : or_list(items);
}

std::string windows_words(const ir::Rule& rule, const std::vector<ir::Window>& windows) {
  auto one = [](const ir::Window& w) {
    return w.end_ms == UINT64_MAX ? fmt::format("from {} on", format_duration(w.start_ms))
                                  : fmt::format("{} to {}", format_duration(w.start_ms), format_duration(w.end_ms));
  };
  if (windows.empty()) return "never (no window fits in the scenario's life)";
  if (!rule.timing().every_ms) return one(windows.front());
  std::string list;
  if (windows.size() <= 3) {
    std::vector<std::string> items;
    for (const auto& w : windows) items.push_back(one(w));
    list = fmt::format("{}", fmt::join(items, ", "));
  } else {
    list = fmt::format("{}, {}, ... {}", one(windows[0]), one(windows[1]), one(windows.back()));
  }
  return fmt::format("{} every {}: {} ({} window{})", format_duration(*rule.timing().for_ms),
                     format_duration(*rule.timing().every_ms), list, windows.size(), windows.size() == 1 ? "" : "s");
}

RuleWords describe_rule(const ir::Rule& rule, const ir::Scenario& scenario, const SourceMap& sources) {
  RuleWords out;
  out.sees = sees(rule);
  out.active = windows_words(rule, ir::windows(rule, scenario));
  const PatternDomain domain = PatternDomain::of(rule);
  ActionSpace decided;
  ActionSpace spares;  // what the random drops and the limits see: some of it passes
  bool random = false, limited = false;  // actions that let some packets by
  for (std::size_t i = 0; i < rule.actions.size(); ++i) {
    const ir::Action& a = rule.actions[i];
    out.effects.push_back(effect(a, i == 0, decided, domain, sources));
    if (a.deterministic()) decided |= ActionSpace::of(a, domain);
    random = random || (a.probability && *a.probability > 0);
    limited = limited || a.rate;
    if ((a.probability && *a.probability > 0) || a.rate) spares |= ActionSpace::of(a, domain);
  }
  if (!ActionSpace::everything(domain).subset_of(decided)) {
    const std::string spared = random && limited ? "what the random drops and the limits spare"
                               : random          ? "what the random drops spare"
                                                 : "what stays under the rate";
    // Untouched packets remain unless the random drops and limits see all.
    if (decided.empty() && ActionSpace::everything(domain).subset_of(spares)) {
      out.effects.push_back({"passes", random || limited ? spared : "everything it sees"});
    } else if (decided.empty() && !random && !limited) {
      out.effects.push_back({"passes", "everything it sees"});
    } else {
      out.effects.push_back({"passes", random || limited ? fmt::format("everything else it sees, and {}", spared)
                                                         : std::string("everything else it sees")});
    }
  }
  return out;
}

std::vector<std::string> protection_lines(const ir::Scenario& scenario, const SourceMap& sources) {
  std::vector<std::string> out;
  out.push_back(default_protection("loopback (`lo`), both ways", scenario.exposed_loopback, "expose loopback", sources));
  out.push_back(default_protection("IPv6 neighbour discovery (ICMPv6 types 133-137), sent and received",
                                   scenario.exposed_neighbour_discovery, "expose neighbour-discovery", sources));
  for (const ir::Protection& p : scenario.protections) {
    const std::string packets = selector_words(p.selector, p.every_direction);
    out.push_back(fmt::format("line {}: `{}`: {}, and the replies to them",
                              sources.file(p.span.file).locate(p.span.begin).line, excerpt(p.span, sources, 100),
                              packets));
  }
  return out;
}

}  // namespace faultc
