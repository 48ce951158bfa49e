#include "compiler/analyze/patterns.hpp"

#include <fmt/format.h>

#include <cmath>

#include "compiler/parse/icmp_types.hpp"
#include "compiler/parse/words.hpp"

namespace faultc {

namespace {

namespace f = ast::tcp_flag;

ir::FlagTest exact(std::uint8_t value) { return {f::classic, value}; }

std::string flag_names(std::uint8_t bits) {
  return bits == 0 ? "NONE" : flag_words(bits, ",");
}

ir::Pattern pattern_of(ir::Pattern::Kind kind, Span span) {
  ir::Pattern p;
  p.kind = kind;
  p.span = span;
  return p;
}

// An ICMP name's pattern in each family of the rule that has the message;
// false after an error (F037): a code on a name that fixes one, or a name
// none of whose families the rule can match.
bool add_icmp_patterns(const ast::Pattern& in, RuleFamilies families, std::vector<ir::Pattern>& out,
                       Diagnostics& diagnostics) {
  const IcmpName& name = icmp_name(in.icmp_name);
  if (in.icmp_code && ((name.v4 && name.v4->code) || (name.v6 && name.v6->code))) {
    diagnostics.push_back(make_diagnostic(
        Code::F037, in.span, fmt::format("`{}` already names its code", name.word),
        "narrow the type instead, as in `destination-unreachable code 4`"));
    return false;
  }
  bool any = false;
  for (ast::Family family : {ast::Family::ipv4, ast::Family::ipv6}) {
    const auto& message = name.in(family);
    if (!message || !(family == ast::Family::ipv4 ? families.ipv4 : families.ipv6)) continue;
    ir::Pattern p = pattern_of(ir::Pattern::Kind::icmp, in.span);
    p.icmp = {family, message->type, in.icmp_code ? in.icmp_code : message->code};
    out.push_back(p);
    any = true;
  }
  if (!any) {
    const ast::Family own = name.v4 ? ast::Family::ipv4 : ast::Family::ipv6;
    diagnostics.push_back(make_diagnostic(
        Code::F037, in.span,
        fmt::format("`{}` is {} only, and this rule's addresses are all {}", name.word, icmp_family_words(own),
                    own == ast::Family::ipv4 ? "IPv6" : "IPv4"),
        own == ast::Family::ipv4 ? "ICMPv6 says `packet-too-big` where ICMP says `frag-needed`"
                                 : "ICMP says `frag-needed` where ICMPv6 says `packet-too-big`"));
    return false;
  }
  return true;
}

// Appends the IR patterns of one written pattern; false after an error.
bool add_pattern(const ast::Pattern& in, RuleFamilies families, std::vector<ir::Pattern>& out,
                 Diagnostics& diagnostics) {
  switch (in.kind) {
    case ast::Pattern::Kind::icmp: return add_icmp_patterns(in, families, out, diagnostics);
    case ast::Pattern::Kind::length: {
      ir::Pattern p = pattern_of(ir::Pattern::Kind::length, in.span);
      p.length = length_range(in);
      out.push_back(p);
      return true;
    }
    case ast::Pattern::Kind::flags: {
      ir::Pattern p = pattern_of(ir::Pattern::Kind::flags, in.span);
      if (in.mask) {
        if ((in.value & ~*in.mask) != 0) {
          diagnostics.push_back(make_diagnostic(
              Code::F023, in.span,
              fmt::format("flags {} are not all in the mask {}", flag_names(in.value), flag_names(*in.mask)),
              fmt::format("the flags that must be set are examined only if the mask names them; did you mean "
                          "`flags {} of {}`?",
                          flag_names(in.value), flag_names(*in.mask | in.value))));
          return false;
        }
        p.flags = {*in.mask, in.value};
      } else {
        // ECE and CWR are ignored unless named.
        p.flags = {static_cast<std::uint8_t>(f::classic | (in.value & (f::ece | f::cwr))), in.value};
      }
      out.push_back(p);
      return true;
    }
    case ast::Pattern::Kind::badflags:
      for (const ir::FlagTest& test : badflags_tests()) {
        ir::Pattern p = pattern_of(ir::Pattern::Kind::flags, in.span);
        p.flags = test;
        out.push_back(p);
      }
      return true;
    case ast::Pattern::Kind::state_new: out.push_back(pattern_of(ir::Pattern::Kind::state_new, in.span)); return true;
    case ast::Pattern::Kind::state_established:
      out.push_back(pattern_of(ir::Pattern::Kind::state_established, in.span));
      return true;
    case ast::Pattern::Kind::data: out.push_back(pattern_of(ir::Pattern::Kind::data, in.span)); return true;
    case ast::Pattern::Kind::rest: return true;  // every packet: no pattern
  }
  return true;
}

ir::Action base_action(ir::Action::Kind kind, Span span) {
  ir::Action a;
  a.kind = kind;
  a.span = span;
  return a;
}

}  // namespace

ir::LengthRange length_range(const ast::Pattern& p) {
  switch (p.length_op) {
    case ast::LengthOp::equal: return {p.length_low, p.length_low};
    case ast::LengthOp::range: return {p.length_low, p.length_high};
    case ast::LengthOp::less: return {0, static_cast<std::uint16_t>(p.length_low - 1)};
    case ast::LengthOp::greater: return {static_cast<std::uint16_t>(p.length_low + 1), 65535};
  }
  return {};
}

const std::vector<ir::FlagTest>& badflags_tests() {
  static const std::vector<ir::FlagTest> tests = {
      {f::fin | f::ack, f::fin},                 // FIN without ACK
      {f::psh | f::ack, f::psh},                 // PSH without ACK
      {f::urg | f::ack, f::urg},                 // URG without ACK
      {f::fin | f::rst, f::fin | f::rst},        // FIN+RST
      {f::syn | f::fin, f::syn | f::fin},        // SYN+FIN
      {f::syn | f::rst, f::syn | f::rst},        // SYN+RST
      exact(f::classic),                         // ALL
      exact(0),                                  // NONE
      exact(f::fin | f::psh | f::urg),           // FIN+PSH+URG (xmas)
      exact(f::syn | f::fin | f::psh | f::urg),  // SYN+FIN+PSH+URG
      exact(f::syn | f::rst | f::ack | f::fin | f::urg),
  };
  return tests;
}

std::uint64_t default_burst(const ir::Rate& rate) {
  if (!rate.bytes) return 5;
  return static_cast<std::uint64_t>(std::max(1.0, std::ceil(rate.amount)));
}

namespace {

using Kind = ir::Action::Kind;

// The presets, as the actions they stand for.
void expand_preset(const ast::Action& in, std::vector<ir::Action>& actions) {
  if (in.kind == ast::Action::Kind::half_open) {
    // half-open = drop data; allow SYN, ACK; drop rest. Payload goes first:
    // a bulk sender's data segments carry exactly ACK, which `allow ACK`
    // alone would let by (the handshake's SYN and ACK carry none).
    ir::Action drop_data = base_action(Kind::drop, in.span);
    drop_data.patterns.push_back(pattern_of(ir::Pattern::Kind::data, in.span));
    actions.push_back(std::move(drop_data));
    ir::Action allow = base_action(Kind::allow, in.span);
    for (std::uint8_t value : {f::syn, f::ack}) {
      ir::Pattern p = pattern_of(ir::Pattern::Kind::flags, in.span);
      p.flags = exact(value);
      allow.patterns.push_back(p);
    }
    actions.push_back(std::move(allow));
  }
  actions.push_back(base_action(Kind::drop, in.span));  // half-open's `drop rest`, or blackhole
}

// The rate limit as written, with its default burst; false for a burst in
// the other unit (F003).
bool rate_of(const ast::Action& in, ir::Rate& rate, Diagnostics& diagnostics) {
  rate.amount = in.rate->amount;
  rate.bytes = in.rate->bytes;
  rate.period_ms = in.rate->period_ms;
  rate.span = in.rate->span;
  if (in.rate->per) {
    rate.per = in.rate->per->per;
    rate.per_span = in.rate->per->span;
  }
  if (!in.burst) {
    rate.burst = default_burst(rate);
    return true;
  }
  rate.burst = in.burst->amount;
  rate.burst_written = true;
  if (in.burst->bytes == rate.bytes) return true;
  diagnostics.push_back(make_diagnostic(
      Code::F003, in.burst->span,
      rate.bytes ? "a byte rate needs a burst in bytes (like 64kbyte)" : "a packet rate needs a burst in packets",
      "write the burst in the same unit as the rate"));
  return false;
}

}  // namespace

void expand_action(const ast::Action& in, RuleFamilies families, Diagnostics& diagnostics, bool& ok,
                   std::vector<ir::Action>& actions) {
  if (in.kind == ast::Action::Kind::half_open || in.kind == ast::Action::Kind::blackhole) {
    expand_preset(in, actions);
    return;
  }
  static constexpr Kind kKinds[] = {Kind::allow, Kind::drop, Kind::reject, Kind::limit, Kind::log};
  ir::Action out = base_action(kKinds[static_cast<int>(in.kind)], in.span);
  const ast::Pattern* rest = nullptr;
  for (const ast::Pattern& pattern : in.patterns) {
    if (pattern.kind == ast::Pattern::Kind::rest) rest = &pattern;
    ok = add_pattern(pattern, families, out.patterns, diagnostics) && ok;
  }
  if (rest != nullptr && in.patterns.size() > 1) {
    diagnostics.push_back(make_diagnostic(Code::F026, rest->span, "`rest` already means every packet; it cannot be "
                                          "listed with other patterns",
                                          "write either `rest` or the patterns"));
    ok = false;
  }
  if (in.probability) {
    out.probability = in.probability->per_million;
    out.probability_span = in.probability->span;
  }
  if (in.reject_with) {
    out.reject_with = *in.reject_with;
    out.reject_with_written = true;
  }
  if (in.rate) {
    ir::Rate rate;
    ok = rate_of(in, rate, diagnostics) && ok;
    out.rate = rate;
  }
  if (in.log_prefix) {
    out.log_prefix = in.log_prefix->text;
    out.log_prefix_span = in.log_prefix->span;
  }
  actions.push_back(std::move(out));
}

}  // namespace faultc
