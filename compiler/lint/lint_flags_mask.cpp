// W109: a `flags F of M` mask whose list goes on past a comma with a flag
// the mask already has (`flags SYN of SYN,ACK, ACK`, `flags SYN of
// SYN+ACK, ALL`, whose ALL repeats SYN and ACK). The mask takes every flag name that follows, so what the
// writer most likely meant as a pattern of its own is swallowed by the
// mask, where it changes nothing (or widens it to ALL). A repeat is the
// sign: nobody writes a flag twice into one mask on purpose.
#include <fmt/format.h>

#include <cctype>
#include <optional>
#include <string_view>

#include "compiler/lint/lint.hpp"
#include "compiler/parse/words.hpp"

namespace faultc {

namespace {

bool same_word(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// A mask item's bits: a flag's, or the six classic flags for ALL.
std::optional<std::uint8_t> item_bits(std::string_view item) {
  if (same_word(item, "ALL")) return ast::tcp_flag::classic;
  for (const auto& [bit, text] : kTcpFlagWords) {
    if (same_word(item, text)) return bit;
  }
  return std::nullopt;
}

// Where the first item after a comma that repeats a flag of the mask so far
// begins, in `text` (a `flags` pattern as written), or nothing. `ALL, ECE`
// is a mask (ECE is not one of ALL's six); `SYN+ACK, ALL` is not.
std::optional<std::size_t> swallowed_item(std::string_view text) {
  // The mask starts after the keyword `of`, the first word "of" of the pattern.
  std::size_t at = 0;
  for (;;) {
    at = text.find_first_of("oO", at);
    if (at == std::string_view::npos) return std::nullopt;
    const bool word_before = at > 0 && std::isalnum(static_cast<unsigned char>(text[at - 1]));
    if (!word_before && at + 2 <= text.size() && same_word(text.substr(at, 2), "of") &&
        (at + 2 == text.size() || !std::isalnum(static_cast<unsigned char>(text[at + 2])))) {
      break;
    }
    ++at;
  }
  std::uint8_t mask = 0;
  bool after_comma = false;
  for (std::size_t i = at + 2; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ',' || c == '+' || std::isspace(c)) {
      after_comma = after_comma || c == ',';
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && std::isalnum(static_cast<unsigned char>(text[end]))) ++end;
    const auto bits = item_bits(text.substr(i, end - i));
    if (!bits || end == i) return std::nullopt;
    if (after_comma && (*bits & mask) != 0) return i;
    mask = static_cast<std::uint8_t>(mask | *bits);
    after_comma = false;
    i = end;
  }
  return std::nullopt;
}

}  // namespace

void lint_flags_mask_repeats(const Program& program, const SourceMap& sources, Diagnostics& out) {
  for (const ast::File& file : program.files) {
    for (const ast::Statement& statement : file.statements) {
      const auto* rule = std::get_if<ast::Rule>(&statement);
      if (rule == nullptr) continue;
      for (const ast::Action& action : rule->actions) {
        for (const ast::Pattern& pattern : action.patterns) {
          if (pattern.kind != ast::Pattern::Kind::flags || !pattern.mask) continue;
          const std::string_view text = sources.text(pattern.span);
          const std::optional<std::size_t> item = swallowed_item(text);
          if (!item) continue;
          const Span at{pattern.span.file, pattern.span.begin + static_cast<std::uint32_t>(*item), pattern.span.end};
          const std::string_view rest = text.substr(*item);
          std::string_view head = text.substr(0, *item);  // the pattern as meant, without the separator
          while (!head.empty() && (head.back() == ',' || std::isspace(static_cast<unsigned char>(head.back())))) {
            head.remove_suffix(1);
          }
          out.push_back(make_diagnostic(
              Code::W109, at,
              fmt::format("the mask of this `flags` pattern takes `{}` too, which repeats a flag it already has: a "
                          "`flags` mask takes every flag name that follows, so this is not a pattern of its own",
                          rest),
              fmt::format("to match `{}` as a pattern of its own, put the `flags` pattern last in its list "
                          "(`{}, {}`); otherwise drop the repeat from the mask",
                          rest, rest, head)));
        }
      }
    }
  }
}

}  // namespace faultc
