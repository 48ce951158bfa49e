#include "compiler/parse/input_limits.hpp"

#include <fmt/format.h>

#include <tao/pegtl.hpp>

#include <algorithm>

#include "compiler/source/printable.hpp"

namespace faultc {

namespace {
namespace pegtl = tao::pegtl;

// Whether every byte is ASCII: the bytes of a block ORed together, a loop
// without an early exit that the compiler vectorises (a byte-by-byte search
// took about 1% of a big compile), one block at a time.
bool is_ascii(std::string_view text) {
  constexpr std::size_t kBlock = 4096;
  for (std::size_t at = 0; at < text.size(); at += kBlock) {
    unsigned char bits = 0;
    for (const char c : text.substr(at, kBlock)) bits |= static_cast<unsigned char>(c);
    if ((bits & 0x80) != 0) return false;
  }
  return true;
}

// The length of the longest prefix of `text` that is valid UTF-8.
std::size_t valid_utf8_prefix(std::string_view text) {
  // Most scenarios are ASCII, which is valid UTF-8: a quick scan first.
  if (is_ascii(text)) return text.size();
  pegtl::memory_input<pegtl::tracking_mode::lazy> in(text.data(), text.size(), "");
  pegtl::parse<pegtl::star<pegtl::utf8::any>>(in);
  return static_cast<std::size_t>(in.current() - in.begin());
}
enum class Context { code, comment, string };

// Whether text[at] stands in a comment, a string or the code: read from the
// start of its line (neither a comment nor a string spans lines).
Context context_at(std::string_view text, std::size_t at) {
  const std::size_t newline = text.rfind('\n', at);
  bool in_string = false;
  for (std::size_t i = newline == std::string_view::npos ? 0 : newline + 1; i < at; ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '#') {
      return Context::comment;
    } else if (c == '"') {
      in_string = true;
    }
  }
  return in_string ? Context::string : Context::code;
}

// Trojan Source (docs/security.md): a bidi control anywhere, or a control
// character other than tab (a lone CR, ESC, BEL, DEL, a C1 control) in a
// comment or a string, makes what a reviewer sees differ from what faultc
// reads; a CR alone can hide the rest of its line on screen. Outside
// comments and strings a control character is a syntax error already.
std::optional<Diagnostic> hidden_text(std::string_view text, FileId id) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n') continue;
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    std::string what;
    std::size_t length = 1;
    if (c >= 0x80) {
      const Decoded d = decode_utf8(text, i);
      length = std::max<std::size_t>(d.length, 1);
      const bool c1 = d.code_point >= 0x80 && d.code_point <= 0x9F;
      if (!c1 && !is_bidi_control(d.code_point)) {
        i += length - 1;
        continue;
      }
      what = fmt::format("{} <U+{:04X}>", c1 ? "control character" : "bidi control",
                         static_cast<std::uint32_t>(d.code_point));
      if (!c1) {
        const auto at = static_cast<std::uint32_t>(i);
        return make_diagnostic(Code::F008, Span{id, at, static_cast<std::uint32_t>(at + length)},
                               fmt::format("{}; it reorders the text on screen, so a reader does not see what "
                                           "faultc reads",
                                           what),
                               "remove it; a scenario is read left to right as written");
      }
    } else {
      what = c == '\r' ? "carriage return without a line feed" : fmt::format("control character {}", printable(text.substr(i, 1)));
    }
    const Context context = context_at(text, i);
    if (context == Context::code) continue;
    const auto at = static_cast<std::uint32_t>(i);
    return make_diagnostic(Code::F008, Span{id, at, static_cast<std::uint32_t>(at + length)},
                           fmt::format("{} in a {}; it can change or hide the text on screen", what,
                                       context == Context::comment ? "comment" : "string"),
                           context == Context::string ? "remove it, or write it as an escape (\\t, \\n, \\r)"
                                                      : "remove it; a comment is printable text");
  }
  return std::nullopt;
}

}  // namespace

std::optional<Diagnostic> check_input(const SourceFile& file, FileId id) {
  const std::string_view text = file.text();
  if (const auto& big = file.too_large(); big.bytes > 0) {
    return make_diagnostic(Code::F006, Span{id, 0, 0},
                           fmt::format("the file has {}{} bytes; faultc reads scenarios of at most {} MiB",
                                       big.exact ? "" : "more than ", big.exact ? big.bytes : kMaxInputBytes,
                                       kMaxInputBytes >> 20));
  }
  if (text.size() > kMaxInputBytes) {
    return make_diagnostic(Code::F006, Span{id, 0, 0},
                           fmt::format("the file has {} bytes; faultc reads scenarios of at most {} MiB",
                                       text.size(), kMaxInputBytes >> 20));
  }
  const std::size_t nul = text.find('\0');
  const std::size_t valid = valid_utf8_prefix(text.substr(0, nul));
  if (valid < std::min(nul, text.size())) {
    const auto at = static_cast<std::uint32_t>(valid);
    return make_diagnostic(Code::F007, Span{id, at, at + 1},
                           fmt::format("invalid UTF-8 (byte 0x{:02X}); a scenario is UTF-8 text",
                                       static_cast<unsigned char>(text[valid])),
                           "re-save the file as UTF-8");
  }
  if (nul != std::string_view::npos) {
    const auto at = static_cast<std::uint32_t>(nul);
    return make_diagnostic(Code::F007, Span{id, at, at + 1}, "NUL byte; this looks like a binary file, not a scenario");
  }
  return hidden_text(text, id);
}

}  // namespace faultc
