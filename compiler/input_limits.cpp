#include "compiler/input_limits.hpp"

#include <fmt/format.h>

#include <tao/pegtl.hpp>

#include <algorithm>

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
}  // namespace

std::optional<Diagnostic> check_input(const SourceFile& file, FileId id) {
  const std::string_view text = file.text();
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
  return std::nullopt;
}

}  // namespace faultc
