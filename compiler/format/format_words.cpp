#include "compiler/format/format_words.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "compiler/parse/icmp_types.hpp"
#include "compiler/parse/words.hpp"
#include "compiler/source/duration_text.hpp"

namespace faultc::format_words {

std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string quoted(std::string_view decoded) {
  std::string out = "\"";
  for (const char c : decoded) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  out += '"';
  return out;
}

// A plain combination: `NONE`, `ALL` (exactly the six classic flags) or the
// flags joined with `+`.
std::string flag_combo(std::uint8_t bits) {
  if (bits == 0) return "NONE";
  if (bits == ast::tcp_flag::classic) return "ALL";
  return flag_words(bits, "+");
}

// The mask of `flags F of M`: `ALL` stands for the six classic flags.
std::string flag_mask(std::uint8_t bits) {
  if ((bits & ast::tcp_flag::classic) != ast::tcp_flag::classic) return flag_words(bits, "+");
  const auto extra = static_cast<std::uint8_t>(bits & ~ast::tcp_flag::classic);
  return extra == 0 ? std::string("ALL") : fmt::format("ALL+{}", flag_words(extra, "+"));
}

std::string icmp_message_text(std::uint8_t name, std::optional<std::uint8_t> code) {
  const std::string_view text = icmp_name(name).word;
  return code ? fmt::format("{} code {}", text, *code) : std::string(text);
}

std::string length_text(const ast::Pattern& p) {
  switch (p.length_op) {
    case ast::LengthOp::equal: return fmt::format("length {}", p.length_low);
    case ast::LengthOp::range: return fmt::format("length {}-{}", p.length_low, p.length_high);
    case ast::LengthOp::less: return fmt::format("length < {}", p.length_low);
    case ast::LengthOp::greater: return fmt::format("length > {}", p.length_low);
  }
  return {};
}

std::string pattern_text(const ast::Pattern& p) {
  switch (p.kind) {
    case ast::Pattern::Kind::icmp: return icmp_message_text(p.icmp_name, p.icmp_code);
    case ast::Pattern::Kind::length: return length_text(p);
    case ast::Pattern::Kind::rest: return "rest";
    case ast::Pattern::Kind::badflags: return "badflags";
    case ast::Pattern::Kind::state_new: return "new";
    case ast::Pattern::Kind::state_established: return "established";
    case ast::Pattern::Kind::data: return "data";
    case ast::Pattern::Kind::flags: break;
  }
  if (!p.mask) return flag_combo(p.value);
  return fmt::format("flags {} of {}", p.value == 0 ? std::string("NONE") : flag_words(p.value, "+"),
                     flag_mask(*p.mask));
}

std::string patterns_text(const std::vector<ast::Pattern>& patterns) {
  std::vector<std::string> parts;
  for (const auto& p : patterns) parts.push_back(pattern_text(p));
  return fmt::format("{}", fmt::join(parts, ", "));
}

// Literals are printed as written: the text of their span in `source`.
std::string action_text(const ast::Action& a, const SourceFile& source) {
  std::vector<std::string> words{std::string(word(a.kind))};
  // The presets are one word, with nothing after it.
  if (a.kind == ast::Action::Kind::half_open || a.kind == ast::Action::Kind::blackhole) return words.front();
  if (a.kind == ast::Action::Kind::limit) {
    // The patterns come before the rate: `limit SYN 20/s burst 5 per source`.
    if (!a.patterns.empty()) words.push_back(patterns_text(a.patterns));
    if (a.rate) words.emplace_back(source.text(a.rate->span));
    if (a.burst) {
      words.emplace_back("burst");
      words.emplace_back(source.text(a.burst->span));
    }
    if (a.rate && a.rate->per) {
      words.emplace_back("per");
      words.emplace_back(word(a.rate->per->per));
    }
    return fmt::format("{}", fmt::join(words, " "));
  }
  if (a.log_prefix) words.push_back(quoted(a.log_prefix->text));
  if (!a.patterns.empty()) words.push_back(patterns_text(a.patterns));
  if (a.probability) words.emplace_back(source.text(a.probability->span));
  if (a.reject_with) {
    words.emplace_back("with");
    words.emplace_back(word(*a.reject_with));
  }
  return fmt::format("{}", fmt::join(words, " "));
}

std::vector<std::string> timing_words(const ast::Timing& t) {
  std::vector<std::string> words;
  if (t.after) {
    words.emplace_back("after");
    words.push_back(format_duration(t.after->ms));
  }
  if (t.for_) {
    words.emplace_back("for");
    words.push_back(format_duration(t.for_->ms));
  }
  if (t.every) {
    words.emplace_back("every");
    words.push_back(format_duration(t.every->ms));
  }
  return words;
}

// An address or a name, as written.
std::string leaf_text(const ast::AddrItem& item, const SourceFile& source) { return std::string(source.text(item.span)); }

std::string leaf_text(const ast::PortItem& item, const SourceFile& source) {
  if (item.kind == ast::PortItem::Kind::name) return std::string(source.text(item.span));
  return item.low == item.high ? fmt::format("{}", item.low) : fmt::format("{}-{}", item.low, item.high);
}

std::string packet_address_text(const ast::PacketEndpoint& endpoint, const SourceFile& source) {
  return endpoint.address ? inline_text(*endpoint.address, source) : std::string{};
}

Span statement_span(const ast::Statement& s) {
  return std::visit([](const auto& node) { return node.span; }, s);
}

}  // namespace faultc::format_words
