#include "compiler/input_limits.hpp"

#include <fmt/format.h>

#include <tao/pegtl.hpp>

#include <algorithm>

namespace faultc {

namespace {
namespace pegtl = tao::pegtl;

// The length of the longest prefix of `text` that is valid UTF-8.
std::size_t valid_utf8_prefix(std::string_view text) {
  // Most scenarios are ASCII, which is valid UTF-8: a quick scan first.
  const bool ascii = std::none_of(text.begin(), text.end(), [](char c) { return (c & 0x80) != 0; });
  if (ascii) return text.size();
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
