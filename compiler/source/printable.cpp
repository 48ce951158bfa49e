#include "compiler/source/printable.hpp"

#include <fmt/format.h>

namespace faultc {

Decoded decode_utf8(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = 0;
  char32_t cp = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, cp = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, cp = lead & 0x07;
  } else {
    return {};
  }
  if (at + length > text.size()) return {};
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (byte(at + i) & 0x3F);
  }
  // Overlong forms, surrogates and code points past U+10FFFF are invalid.
  if ((length == 3 && cp < 0x800) || (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return {};
  }
  return {cp, length};
}

bool is_bidi_control(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
         cp == 0x061C;
}

bool is_hidden_code_point(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp) || cp == 0xA0 || cp == 0xAD || cp == 0x115F ||
         cp == 0x1160 || cp == 0x180E || (cp >= 0x2000 && cp <= 0x200D) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x202F || cp == 0x205F || cp == 0x2060 || cp == 0x3000 || cp == 0x3164 || cp == 0xFEFF;
}

namespace {

bool plain_ascii(unsigned char c, Tabs tabs) { return (c >= 0x20 && c < 0x7F) || (c == '\t' && tabs == Tabs::keep); }

}  // namespace

bool is_printable(std::string_view text, Tabs tabs) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (!plain_ascii(c, tabs)) return false;
      ++i;
      continue;
    }
    const Decoded d = decode_utf8(text, i);
    if (d.length == 0 || is_hidden_code_point(d.code_point)) return false;
    i += d.length;
  }
  return true;
}

std::string printable(std::string_view text, Tabs tabs) {
  if (is_printable(text, tabs)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (plain_ascii(c, tabs)) {
        out += static_cast<char>(c);
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c == '\t') {
        out += "\\t";
      } else {
        out += fmt::format("\\x{:02x}", c);
      }
      ++i;
      continue;
    }
    const Decoded d = decode_utf8(text, i);
    if (d.length == 0) {
      out += fmt::format("\\x{:02x}", c);
      ++i;
    } else if (is_hidden_code_point(d.code_point)) {
      out += fmt::format("<U+{:04X}>", static_cast<std::uint32_t>(d.code_point));
      i += d.length;
    } else {
      out.append(text.substr(i, d.length));
      i += d.length;
    }
  }
  return out;
}

std::string printable_lines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t start = 0;
  for (std::size_t newline = text.find('\n'); newline != std::string_view::npos;
       start = newline + 1, newline = text.find('\n', start)) {
    out += printable(text.substr(start, newline - start), Tabs::keep);
    out += '\n';
  }
  out += printable(text.substr(start), Tabs::keep);
  return out;
}

}  // namespace faultc
