#include "compiler/source/text_safety.hpp"

namespace faultc::emit {

namespace {
bool printable(unsigned char c) { return c >= 0x20 && c < 0x7F; }
bool unsafe(unsigned char c) { return c == '"' || c == '\\' || c == '$' || c == '`' || c == '\''; }
}  // namespace

bool is_plain_text(std::string_view text) {
  for (unsigned char c : text) {
    if (!printable(c) || unsafe(c)) return false;
  }
  return true;
}

std::string comment_text(std::string_view text, std::size_t limit) {
  std::string out;
  for (unsigned char c : text) {
    if ((c & 0xC0) == 0x80) continue;  // one `?` per non-ASCII character
    out += printable(c) && !unsafe(c) ? static_cast<char>(c) : '?';
  }
  if (out.size() > limit) out = out.substr(0, limit - 3) + "...";
  return out;
}

std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  out += '\'';
  return out;
}

}  // namespace faultc::emit
