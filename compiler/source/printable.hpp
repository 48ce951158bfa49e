#pragma once
// Text safe to print on a terminal or into a CI log (docs/security.md). A
// scenario is untrusted: a byte echoed raw could end the line and start a
// GitHub Actions workflow command (`::add-mask::`), start an escape
// sequence (colours, OSC-8 links, a cleared screen), or reorder what the
// reader sees (Trojan Source bidi controls). printable() shows every such
// byte or code point escaped and keeps the rest as it is.
#include <string>
#include <string_view>

namespace faultc {

enum class Tabs : bool { escape, keep };

// C0 controls, DEL and invalid UTF-8 bytes become `\xNN` (`\n`, `\r` and
// `\t` by name; a tab is kept as is with Tabs::keep, for source lines whose
// columns must line up); C1 controls, bidi controls and invisible or
// look-alike spaces become `<U+XXXX>`. ASCII text is returned unchanged.
std::string printable(std::string_view text, Tabs tabs = Tabs::escape);

// printable() line by line, the newlines kept: the last guard on a whole
// report (explain, test) built from many pieces. A newline inside a piece
// must be escaped where the piece is formatted; this catches every other
// byte.
std::string printable_lines(std::string_view text);

// Whether printable() would change `text`.
bool is_printable(std::string_view text, Tabs tabs = Tabs::escape);

// Bidi controls (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C):
// what reorders the text a reader sees.
bool is_bidi_control(char32_t code_point);

// Code points printable() escapes: C1 controls, bidi controls, and the
// invisible ones (no-break and other Unicode spaces, zero-width characters,
// the soft hyphen, line and paragraph separators, U+FEFF).
bool is_hidden_code_point(char32_t code_point);

// The code point of the UTF-8 sequence at text[at], and its length; length
// 0 for a byte that does not begin a valid sequence.
struct Decoded {
  char32_t code_point = 0;
  std::size_t length = 0;
};
Decoded decode_utf8(std::string_view text, std::size_t at);

}  // namespace faultc
