#pragma once
// Actions of what follows a rule's selector: packet patterns (TCP flags,
// states, `rest`), the actions with their arguments, a `{ }` block, and the
// timing (`after`, `for`, `every`, each at most once: F005).
#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <utility>

#include "compiler/parse/actions_common.hpp"
#include "compiler/parse/icmp_types.hpp"
#include "compiler/parse/literals.hpp"

namespace faultc::parse_detail {

// ------------------------------------------------------------- flags
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

// The flag just read joins a combination (`SYN+ACK`), the value of a
// `flags V of M` pattern, or its mask.
template <auto Member>
struct add_flag_action {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.*Member |= b.scratch.last_flag;
  }
};
template <> struct action<g::combo_none> : add_flag_action<&Scratch::combo> {};
template <> struct action<g::combo_all> : add_flag_action<&Scratch::combo> {};
template <> struct action<g::combo_flag> : add_flag_action<&Scratch::combo> {};
template <> struct action<g::flag_after_plus> : add_flag_action<&Scratch::combo> {};
template <> struct action<g::flags_value_all> : add_flag_action<&Scratch::flags_value> {};
template <> struct action<g::flags_value_flag> : add_flag_action<&Scratch::flags_value> {};
template <>
struct action<g::flags_mask_flag> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    Scratch& s = b.scratch;
    s.mask_before_item = s.flags_mask;
    s.mask_item_at = b.span(in).begin;
    s.flags_mask |= s.last_flag;
  }
};

// A mask item after `,` that repeats a flag the mask already has: the first
// is the pattern's mask_repeat.
template <>
struct action<g::flags_mask_comma_item> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    Scratch& s = b.scratch;
    if (s.mask_repeat == 0 && (s.last_flag & s.mask_before_item) != 0) s.mask_repeat = s.mask_item_at;
  }
};

// ------------------------------------------------------------- patterns
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
struct action<g::flags_pattern> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::Pattern pattern;
    pattern.kind = ast::Pattern::Kind::flags;
    pattern.value = std::exchange(b.scratch.flags_value, 0);
    pattern.mask = std::exchange(b.scratch.flags_mask, 0);
    pattern.mask_repeat = std::exchange(b.scratch.mask_repeat, 0);
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

// ------------------------------------------------------------- ICMP and length
template <>
struct action<g::icmp_type_name> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.scratch.icmp_name = icmp_name_index(in.string_view());
  }
};

template <>
struct action<g::icmp_code_value> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    const auto value = literals::unsigned_value(in.string_view());
    if (!value || *value > 255) {
      b.error(Code::F003, b.span(in), fmt::format("ICMP code {} is out of range; codes are 0-255", in.string_view()));
    }
    b.scratch.icmp_code = static_cast<std::uint8_t>(std::min<std::uint64_t>(value.value_or(0), 255));
  }
};

template <>
struct action<g::length_number> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    const auto value = literals::unsigned_value(in.string_view());
    if (!value || *value == 0 || *value > 65535) {
      b.error(Code::F003, b.span(in),
              fmt::format("length {} is out of range; an IP packet is 1-65535 bytes", in.string_view()));
    }
    Scratch& s = b.scratch;
    s.length_numbers[std::min<std::uint8_t>(s.length_count++, 1)] =
        static_cast<std::uint32_t>(std::clamp<std::uint64_t>(value.value_or(1), 1, 65535));
  }
};
template <>
struct action<g::length_less> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.length_op = ast::LengthOp::less;
  }
};
template <>
struct action<g::length_greater> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.length_op = ast::LengthOp::greater;
  }
};

template <>
struct action<g::pat_icmp> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::Pattern pattern;
    pattern.kind = ast::Pattern::Kind::icmp;
    pattern.icmp_name = *std::exchange(b.scratch.icmp_name, std::nullopt);
    pattern.icmp_code = std::exchange(b.scratch.icmp_code, std::nullopt);
    pattern.span = b.span(in);
    b.scratch.patterns.push_back(pattern);
  }
};

// A length pattern as written; a range that holds no length is refused here,
// as an empty port range is.
template <>
struct action<g::pat_length> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    Scratch& s = b.scratch;
    ast::Pattern pattern;
    pattern.kind = ast::Pattern::Kind::length;
    pattern.span = b.span(in);
    pattern.length_op = std::exchange(s.length_op, ast::LengthOp::equal);
    if (pattern.length_op == ast::LengthOp::equal && s.length_count == 2) pattern.length_op = ast::LengthOp::range;
    pattern.length_low = static_cast<std::uint16_t>(s.length_numbers[0]);
    pattern.length_high = static_cast<std::uint16_t>(s.length_count == 2 ? s.length_numbers[1] : s.length_numbers[0]);
    s.length_count = 0;
    const char* empty = nullptr;
    if (pattern.length_op == ast::LengthOp::range && pattern.length_high < pattern.length_low) {
      empty = "the lower length comes first";
    } else if (pattern.length_op == ast::LengthOp::greater && pattern.length_low == 65535) {
      empty = "no IP packet is longer than 65535 bytes";
    } else if (pattern.length_op == ast::LengthOp::less && pattern.length_low == 1) {
      empty = "no IP packet is shorter than 1 byte";
    }
    if (empty != nullptr) {
      b.error(Code::F003, pattern.span, fmt::format("`{}` matches no packet", in.string_view()), empty);
    }
    s.patterns.push_back(pattern);
  }
};

// ------------------------------------------------------------- actions
template <>
struct action<g::reject_kind> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.scratch.reject_with = from_word<ast::RejectKind>(in.string_view());
  }
};

template <>
struct action<g::log_prefix> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.log_prefix = ast::LogPrefix{take(b.scratch.string_value), b.scratch.string_span};
  }
};

// `per source` / `per connection` follows the limit's rate, read already.
template <>
struct action<g::limit_per_key> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.scratch.per = from_word<ast::LimitPer>(in.string_view()).value_or(ast::LimitPer::source);
  }
};
template <>
struct action<g::limit_per> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    if (b.scratch.rate) b.scratch.rate->per = ast::Per{b.scratch.per, b.span(in)};
  }
};

template <ast::Action::Kind Kind>
struct finish_action {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    Scratch& s = b.scratch;
    ast::Action& a = s.actions.emplace_back();
    a.kind = Kind;
    a.span = b.span(in);
    a.patterns = std::exchange(s.patterns, {});
    a.probability = std::exchange(s.probability, std::nullopt);
    a.reject_with = std::exchange(s.reject_with, std::nullopt);
    a.rate = take_boxed(s.rate);
    a.burst = take_boxed(s.burst);
    if constexpr (Kind == ast::Action::Kind::log) a.log_prefix = take_boxed(s.log_prefix);
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

// ------------------------------------------------------------- timing
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

}  // namespace faultc::parse_detail
