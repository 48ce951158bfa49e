#pragma once
// What user text may reach an artifact. Emitted files are parsed by nft,
// iptables-restore and sh; user text (scenario names, log prefixes, file
// names in comments) must never change how they parse.
#include <string>
#include <string_view>

namespace faultc::emit {

// Printable ASCII with no quote, backslash, `$` or backtick: safe inside a
// double-quoted nft or iptables-restore string and inside an unquoted sh
// heredoc. Log prefixes must be of this form or are refused.
bool is_plain_text(std::string_view text);

// Any text made safe for a `#` comment line in every artifact: non-printable
// characters and the unsafe ones become `?`, and it is cut to `limit`
// characters with "..." (comments only; meaning never depends on them).
std::string comment_text(std::string_view text, std::size_t limit = 80);

// The longest comment each tool keeps: nft's comment and the iptables
// comment match.
inline constexpr std::size_t kNftComment = 128;
inline constexpr std::size_t kIptablesComment = 255;

// Single-quotes a string for POSIX sh.
std::string shell_quote(std::string_view text);

}  // namespace faultc::emit
