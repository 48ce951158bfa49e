#pragma once
// Grammar actions: each specialises one exact rule, copies what it needs
// from the matched text and records spans. They build; they do not judge,
// except where a literal's value does not fit (a port of 65536, a duration
// that overflows), which is only known once the text is decoded.
#include <fmt/format.h>

#include <utility>

#include "compiler/parse/input_limits.hpp"
#include "compiler/parse/literals.hpp"
#include "compiler/parse/parse_builder.hpp"
#include "grammar/grammar.hpp"

namespace faultc::parse_detail {

namespace g = faultc::grammar;

template <typename Rule>
struct action : tao::pegtl::nothing<Rule> {};

template <typename T>
T take_back(std::vector<T>& items) {
  T item = std::move(items.back());
  items.pop_back();
  return item;
}

template <typename T>
std::optional<T> take_optional(std::vector<T>& items) {
  if (items.empty()) return std::nullopt;
  return take_back(items);
}

template <typename T>
T take(std::optional<T>& value) {
  T out = std::move(*value);
  value.reset();
  return out;
}

// ------------------------------------------------------------- comments
template <>
struct action<g::comment> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    const Span span = b.span(in);
    // Backtracking can match the same comment twice; keep it once.
    if (!b.out.comments.empty() && b.out.comments.back().span.begin >= span.begin) return;
    b.out.comments.push_back({span});
  }
};

// ------------------------------------------------------------- strings
template <>
struct action<g::string_literal> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    const std::string_view text = in.string_view();
    if (text.size() > kMaxStringLength + 2) {
      b.error(Code::F006, b.span(in), fmt::format("this string has {} characters; strings are limited to {}",
                                                  text.size() - 2, kMaxStringLength));
    }
    b.scratch.string_value = literals::unescape(text.substr(1, text.size() - 2));
    b.scratch.string_span = b.span(in);
  }
};

// ------------------------------------------------------------- durations
template <>
struct action<g::duration_part> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    // Units go from the largest to the smallest, each once: `1h30m`, not `30m1h`.
    const auto unit = literals::duration_unit_ms(in.string_view());
    if (b.scratch.duration_last_unit != 0 && unit >= b.scratch.duration_last_unit) {
      b.error(Code::F003, b.span(in), fmt::format("`{}` repeats a unit or comes after a smaller one", in.string_view()),
              "write the parts of a duration from the largest unit to the smallest, each once, like 1h30m");
    }
    b.scratch.duration_last_unit = unit;
    const auto ms = literals::duration_part_ms(in.string_view());
    if (!ms || b.scratch.duration_ms + *ms < b.scratch.duration_ms) {
      b.scratch.duration_overflow = true;
      return;
    }
    b.scratch.duration_ms += *ms;
  }
};

template <>
struct action<g::duration> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    const Span span = b.span(in);
    if (b.scratch.duration_overflow || b.scratch.duration_ms > (std::uint64_t{1} << 62)) {
      b.error(Code::F003, span, fmt::format("duration `{}` is too long", in.string_view()),
              "durations are limited to about 146 million years");
    }
    b.scratch.duration = ast::Duration{b.scratch.duration_ms, span};
    b.scratch.duration_ms = 0;
    b.scratch.duration_last_unit = 0;
    b.scratch.duration_overflow = false;
  }
};

// ------------------------------------------------------------- addresses
template <typename Rule>
struct address_action {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    auto address = literals::address(in.string_view());
    if (!address) {  // the grammar's forms and inet_pton agree; this is a guard
      b.error(Code::F002, b.span(in), fmt::format("malformed address `{}`", in.string_view()));
      address = ast::Address{};
    }
    ast::AddrItem& item = b.scratch.addr_frames.back().emplace_back();
    item.kind = ast::AddrItem::Kind::literal;
    item.address = *address;
    item.span = b.span(in);
  }
};
template <>
struct action<g::ipv4_address> : address_action<g::ipv4_address> {};
template <>
struct action<g::ipv6_address> : address_action<g::ipv6_address> {};

template <>
struct action<g::prefix_length> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::AddrItem& item = b.scratch.addr_frames.back().back();
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
    b.scratch.addr_frames.back().back().span = b.span(in);  // the prefix included
  }
};

template <typename In>
void check_name_length(const In& in, Builder& b) {
  if (in.size() > kMaxNameLength) {
    b.error(Code::F006, b.span(in), fmt::format("this name has {} characters; names are limited to {}", in.size(),
                                                kMaxNameLength));
  }
}

template <>
struct action<g::identifier> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    check_name_length(in, b);
  }
};

template <>
struct action<g::host_ref> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::AddrItem& item = b.scratch.addr_frames.back().emplace_back();
    item.kind = ast::AddrItem::Kind::name;
    item.span = b.span(in);
  }
};

// Sets nest; a hostile file may nest them without end.
inline constexpr std::size_t kMaxSetDepth = 64;

template <typename In>
void open_set(const In& in, Builder& b) {
  if (++b.scratch.set_depth > kMaxSetDepth) {
    b.error_code = "F006";
    throw tao::pegtl::parse_error(fmt::format("sets are nested deeper than {} levels", kMaxSetDepth), in);
  }
}

template <>
struct action<g::addr_set_open> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    open_set(in, b);
    b.scratch.addr_frames.emplace_back();
  }
};

template <>
struct action<g::addr_set> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::AddrItem set;
    set.kind = ast::AddrItem::Kind::set;
    set.set = std::make_unique<std::vector<ast::AddrItem>>(take_back(b.scratch.addr_frames));
    set.span = b.span(in);
    b.scratch.addr_frames.back().push_back(std::move(set));
    --b.scratch.set_depth;
  }
};

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
    match.value = take_back(b.scratch.addr_frames.front());
    match.span = b.span(in);
    b.scratch.matches.push_back(std::move(match));
  }
};

// ------------------------------------------------------------- ports
template <>
struct action<g::port_number> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    const Span span = b.span(in);
    const auto value = literals::unsigned_value(in.string_view());
    if (!value || *value == 0 || *value > 65535) {
      b.error(Code::F003, span, fmt::format("port {} is out of range; ports are 1-65535", in.string_view()));
    }
    b.scratch.port_numbers.push_back({value.value_or(0), span});
  }
};

template <>
struct action<g::port_range> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::PortItem item;
    item.kind = ast::PortItem::Kind::range;
    item.span = b.span(in);
    const NumberToken high = take_back(b.scratch.port_numbers);
    const NumberToken low = b.scratch.port_numbers.empty() ? high : take_back(b.scratch.port_numbers);
    item.low = static_cast<std::uint32_t>(std::min<std::uint64_t>(low.value, 65535));
    item.high = static_cast<std::uint32_t>(std::min<std::uint64_t>(high.value, 65535));
    if (item.high < item.low) {
      b.error(Code::F003, item.span, fmt::format("port range {} is empty; write the lower port first", in.string_view()),
              fmt::format("did you mean `{}-{}`?", item.high, item.low));
    }
    b.scratch.port_frames.back().push_back(std::move(item));
  }
};

template <>
struct action<g::port_ref> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::PortItem& item = b.scratch.port_frames.back().emplace_back();
    item.kind = ast::PortItem::Kind::name;
    item.span = b.span(in);
  }
};

template <>
struct action<g::port_set_open> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    open_set(in, b);
    b.scratch.port_frames.emplace_back();
  }
};

template <>
struct action<g::port_set> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::PortItem set;
    set.kind = ast::PortItem::Kind::set;
    set.set = std::make_unique<std::vector<ast::PortItem>>(take_back(b.scratch.port_frames));
    set.span = b.span(in);
    b.scratch.port_frames.back().push_back(std::move(set));
    --b.scratch.set_depth;
  }
};

// A single port in a packet: `port 40000` or `port name`.
template <>
struct action<g::packet_port_value> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    if (b.scratch.port_numbers.empty()) return;  // a name: action<port_ref> pushed it
    const NumberToken number = take_back(b.scratch.port_numbers);
    ast::PortItem item;
    item.low = item.high = static_cast<std::uint32_t>(std::min<std::uint64_t>(number.value, 65535));
    item.span = b.span(in);
    b.scratch.port_frames.back().push_back(std::move(item));
  }
};

// ------------------------------------------------------------- selectors
template <>
struct action<g::direction> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    const std::string_view t = in.string_view();
    b.scratch.direction = t == "inbound"    ? ast::Direction::inbound
                          : t == "outbound" ? ast::Direction::outbound
                                            : ast::Direction::forwarded;
  }
};

template <>
struct action<g::protocol> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    const std::string_view t = in.string_view();
    b.scratch.protocol = t == "tcp" ? ast::Protocol::tcp : t == "udp" ? ast::Protocol::udp : ast::Protocol::icmp;
    b.scratch.protocol_span = b.span(in);
  }
};

template <>
struct action<g::iface_name> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.scratch.iface = ast::Interface{b.span(in)};
  }
};

inline void repeated_clause(Builder& b, Span at, std::string_view clause) {
  b.error(Code::F005, at, fmt::format("`{}` appears twice in one selector", clause),
          "a selector has at most one of each clause; use a `{ set }` to name several addresses or ports");
}

template <typename In>
ast::Endpoint take_endpoint(const In& in, Builder& b, bool has_address) {
  ast::Endpoint endpoint;
  if (has_address) endpoint.address = take_back(b.scratch.matches);
  endpoint.port = take_optional(b.scratch.port_frames.front());
  endpoint.span = b.span(in);
  return endpoint;
}

template <>
struct action<g::from_clause> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    if (b.scratch.selector.from) repeated_clause(b, b.span(in), "from");
    b.scratch.selector.from = take_endpoint(in, b, true);
  }
};

template <>
struct action<g::to_clause> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    if (b.scratch.selector.to) repeated_clause(b, b.span(in), "to");
    b.scratch.selector.to = take_endpoint(in, b, !b.scratch.matches.empty());
  }
};

template <>
struct action<g::on_clause> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    if (b.scratch.selector.on) repeated_clause(b, b.span(in), "on");
    b.scratch.selector.on = std::make_unique<ast::Interface>(take(b.scratch.iface));
  }
};

template <>
struct action<g::between_clause> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    if (b.scratch.selector.between) repeated_clause(b, b.span(in), "between");
    auto between = std::make_unique<ast::Between>();
    between->second = take_back(b.scratch.matches);
    between->first = take_back(b.scratch.matches);
    between->span = b.span(in);
    b.scratch.selector.between = std::move(between);
  }
};

template <>
struct action<g::selector> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::Selector& s = b.scratch.selector;
    s.direction = std::exchange(b.scratch.direction, std::nullopt);
    s.protocol = std::exchange(b.scratch.protocol, std::nullopt);
    s.protocol_span = b.scratch.protocol_span;
    s.span = b.span(in);
  }
};

// ------------------------------------------------------------- patterns
template <std::uint8_t Bits>
struct flag_action {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.last_flag = Bits;
  }
};
template <> struct action<g::flag_fin> : flag_action<ast::tcp_flag::fin> {};
template <> struct action<g::flag_syn> : flag_action<ast::tcp_flag::syn> {};
template <> struct action<g::flag_rst> : flag_action<ast::tcp_flag::rst> {};
template <> struct action<g::flag_psh> : flag_action<ast::tcp_flag::psh> {};
template <> struct action<g::flag_ack> : flag_action<ast::tcp_flag::ack> {};
template <> struct action<g::flag_urg> : flag_action<ast::tcp_flag::urg> {};
template <> struct action<g::flag_ece> : flag_action<ast::tcp_flag::ece> {};
template <> struct action<g::flag_cwr> : flag_action<ast::tcp_flag::cwr> {};
template <> struct action<g::flag_none> : flag_action<0> {};
template <> struct action<g::flag_all> : flag_action<ast::tcp_flag::classic> {};

struct add_to_combo {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.combo |= b.scratch.last_flag;
  }
};
struct add_to_value {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.flags_value |= b.scratch.last_flag;
  }
};
template <> struct action<g::combo_none> : add_to_combo {};
template <> struct action<g::combo_all> : add_to_combo {};
template <> struct action<g::flags_value_all> : add_to_value {};
template <> struct action<g::combo_flag> : add_to_combo {};
template <> struct action<g::flag_after_plus> : add_to_combo {};

template <>
struct action<g::flag_combo> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::Pattern pattern;
    pattern.kind = ast::Pattern::Kind::flags;
    pattern.value = std::exchange(b.scratch.combo, 0);
    pattern.span = b.span(in);
    b.scratch.patterns.push_back(pattern);
  }
};

template <>
struct action<g::flags_value_flag> : add_to_value {};

template <>
struct action<g::flags_mask_flag> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.flags_mask |= b.scratch.last_flag;
  }
};

template <>
struct action<g::flags_pattern> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::Pattern pattern;
    pattern.kind = ast::Pattern::Kind::flags;
    pattern.value = std::exchange(b.scratch.flags_value, 0);
    pattern.mask = std::exchange(b.scratch.flags_mask, 0);
    pattern.span = b.span(in);
    b.scratch.patterns.push_back(pattern);
  }
};

template <ast::Pattern::Kind Kind>
struct pattern_action {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::Pattern pattern;
    pattern.kind = Kind;
    pattern.span = b.span(in);
    b.scratch.patterns.push_back(pattern);
  }
};
template <> struct action<g::pat_rest> : pattern_action<ast::Pattern::Kind::rest> {};
template <> struct action<g::pat_badflags> : pattern_action<ast::Pattern::Kind::badflags> {};
template <> struct action<g::pat_new> : pattern_action<ast::Pattern::Kind::state_new> {};
template <> struct action<g::pat_established> : pattern_action<ast::Pattern::Kind::state_established> {};
template <> struct action<g::pat_data> : pattern_action<ast::Pattern::Kind::data> {};

// ------------------------------------------------------------- actions
template <>
struct action<g::percent> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    auto value = literals::percent_per_million(in.string_view());
    if (auto* message = std::get_if<std::string>(&value)) {
      b.error(Code::F003, b.span(in), *message, "a probability is a percentage from 0% to 100%");
      return;
    }
    b.scratch.probability = ast::Probability{std::get<std::uint32_t>(value), b.span(in)};
  }
};

template <>
struct action<g::reject_kind> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    const std::string_view t = in.string_view();
    b.scratch.reject_with = t == "tcp-reset"               ? ast::RejectKind::tcp_reset
                            : t == "icmp-port-unreachable" ? ast::RejectKind::icmp_port_unreachable
                            : t == "icmp-host-unreachable" ? ast::RejectKind::icmp_host_unreachable
                                                           : ast::RejectKind::icmp_admin_prohibited;
  }
};

template <>
struct action<g::limit_rate> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    auto value = literals::rate(in.string_view());
    if (auto* message = std::get_if<std::string>(&value)) {
      b.error(Code::F003, b.span(in), *message);
      return;
    }
    b.scratch.rate = std::get<ast::Rate>(std::move(value));
    b.scratch.rate->span = b.span(in);
  }
};

template <>
struct action<g::limit_burst> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    auto value = literals::burst(in.string_view());
    if (auto* message = std::get_if<std::string>(&value)) {
      b.error(Code::F003, b.span(in), *message);
      return;
    }
    b.scratch.burst = std::get<ast::Burst>(std::move(value));
    b.scratch.burst->span = b.span(in);
  }
};

template <>
struct action<g::log_prefix> {
  template <typename In>
  static void apply(const In&, Builder&) {}  // the string stays in scratch for act_log
};

// The boxed copy of an optional scratch value, which it empties; null when
// there is none.
template <typename T>
std::unique_ptr<T> take_boxed(std::optional<T>& value) {
  return value ? std::make_unique<T>(take(value)) : nullptr;
}

template <ast::Action::Kind Kind>
struct finish_action {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    Scratch& s = b.scratch;
    ast::Action& a = s.actions.emplace_back();
    a.kind = Kind;
    a.span = b.span(in);
    // Moved only when there are any, so that the scratch keeps its capacity.
    if (!s.patterns.empty()) a.patterns = std::exchange(s.patterns, {});
    a.probability = std::exchange(s.probability, std::nullopt);
    a.reject_with = std::exchange(s.reject_with, std::nullopt);
    a.rate = take_boxed(s.rate);
    a.burst = take_boxed(s.burst);
    if (Kind == ast::Action::Kind::log && s.string_value) {
      a.log_prefix = std::make_unique<ast::LogPrefix>(ast::LogPrefix{take(s.string_value), s.string_span});
    }
  }
};
template <> struct action<g::act_allow> : finish_action<ast::Action::Kind::allow> {};
template <> struct action<g::act_drop> : finish_action<ast::Action::Kind::drop> {};
template <> struct action<g::act_reject> : finish_action<ast::Action::Kind::reject> {};
template <> struct action<g::act_limit> : finish_action<ast::Action::Kind::limit> {};
template <> struct action<g::act_log> : finish_action<ast::Action::Kind::log> {};
template <> struct action<g::act_half_open> : finish_action<ast::Action::Kind::half_open> {};
template <> struct action<g::act_blackhole> : finish_action<ast::Action::Kind::blackhole> {};

template <>
struct action<g::block_open> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.block = true;
  }
};

// ------------------------------------------------------------- time
template <auto Member>
struct timing_action {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    auto& slot = b.scratch.timing.*Member;
    if (slot) {
      const std::string_view text = in.string_view();
      const std::string_view word = text.substr(0, text.find_first_of(" \t"));
      b.error(Code::F005, b.span(in), fmt::format("`{}` appears twice in one rule", word),
              "a rule has at most one `after`, one `for` and one `every`");
    }
    slot = take(b.scratch.duration);
  }
};
template <> struct action<g::timing_after> : timing_action<&ast::Timing::after> {};
template <> struct action<g::timing_for> : timing_action<&ast::Timing::for_> {};
template <> struct action<g::timing_every> : timing_action<&ast::Timing::every> {};

// ------------------------------------------------------------- packets
template <auto Member>
struct packet_endpoint_action {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::PacketEndpoint endpoint;
    endpoint.address = take_optional(b.scratch.addr_frames.front());
    endpoint.port = take_optional(b.scratch.port_frames.front());
    endpoint.span = b.span(in);
    auto& slot = b.scratch.packet.*Member;
    if (slot) {
      b.error(Code::F005, endpoint.span,
              fmt::format("`{}` appears twice in one packet", Member == &ast::Packet::from ? "from" : "to"));
    }
    slot = std::move(endpoint);
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
    b.scratch.packet.state = in.string_view() == "new" ? ast::ConnState::new_ : ast::ConnState::established;
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
    const std::string_view t = in.string_view();
    b.scratch.verdict = t == "allowed"   ? ast::Verdict::allowed
                        : t == "dropped" ? ast::Verdict::dropped
                                         : ast::Verdict::rejected;
  }
};

// ------------------------------------------------------------- statements
template <typename In>
Span statement_span(const In& in, Builder& b) {
  return b.span(in);
}

template <>
struct action<g::scenario_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.out.statements.push_back(ast::Scenario{take(b.scratch.string_value), b.scratch.string_span, b.span(in)});
  }
};

struct definition_name {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.scratch.name = in.string();
    b.scratch.name_span = b.span(in);
  }
};
template <> struct action<g::host_name> : definition_name {};
template <> struct action<g::port_name> : definition_name {};

template <>
struct action<g::host_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.out.statements.push_back(ast::HostDef{std::move(b.scratch.name), b.scratch.name_span,
                                            take_back(b.scratch.addr_frames.front()), b.span(in)});
  }
};

template <>
struct action<g::port_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.out.statements.push_back(ast::PortDef{std::move(b.scratch.name), b.scratch.name_span,
                                            take_back(b.scratch.port_frames.front()), b.span(in)});
  }
};

template <>
struct action<g::priority_value> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    std::string_view text = in.string_view();
    const bool negative = text.starts_with('-');
    if (text.starts_with('-') || text.starts_with('+')) text.remove_prefix(1);
    const auto magnitude = literals::unsigned_value(text);
    // nft hook priorities are 32-bit signed integers.
    if (!magnitude || *magnitude > (negative ? 2147483648ULL : 2147483647ULL)) {
      b.error(Code::F003, b.span(in), fmt::format("priority {} is out of range", in.string_view()),
              "a priority is a 32-bit signed integer, e.g. -300 to run before most other tables");
      return;
    }
    b.scratch.integer = negative ? -static_cast<std::int64_t>(*magnitude) : static_cast<std::int64_t>(*magnitude);
  }
};

template <>
struct action<g::priority_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.out.statements.push_back(ast::Priority{b.scratch.integer, b.span(in)});
  }
};

template <>
struct action<g::include_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.out.statements.push_back(ast::Include{take(b.scratch.string_value), b.scratch.string_span, b.span(in)});
  }
};

template <>
struct action<g::life_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.out.statements.push_back(ast::Life{std::exchange(b.scratch.duration, std::nullopt), b.span(in)});
  }
};

template <>
struct action<g::expect_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::Expect expect;
    expect.packet = std::move(b.scratch.packet);
    expect.verdict = *b.scratch.verdict;
    expect.at = std::exchange(b.scratch.duration, std::nullopt);
    expect.span = b.span(in);
    b.out.statements.push_back(std::move(expect));
  }
};

template <>
struct action<g::rule_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    // Built in place: a rule is moved once, from the scratch.
    auto& rule = b.out.statements.emplace_back<ast::Rule>();
    rule.selector = std::move(b.scratch.selector);
    rule.actions = std::move(b.scratch.actions);
    rule.block = b.scratch.block;
    const ast::Timing& t = b.scratch.timing;
    if (t.after || t.for_ || t.every) rule.timing = std::make_unique<ast::Timing>(std::move(b.scratch.timing));
    rule.span = b.span(in);
  }
};

// Every statement starts from clean scratch.
template <>
struct action<g::line> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.reset();
  }
};

}  // namespace faultc::parse_detail
