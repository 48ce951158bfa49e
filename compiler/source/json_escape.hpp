#pragma once
// JSON string literals for the machine-readable renderers (render_json,
// render_sarif). There is no JSON library in the build, and a renderer only
// ever needs to write strings, numbers and fixed keys, so this is all of it.
#include <string>
#include <string_view>

namespace faultc {

// `text` as a quoted JSON string. Quotes and backslashes are escaped, every
// control character (U+0000..U+001F and U+007F) becomes \u00XX, and valid
// UTF-8 is kept as is. Each byte that is not part of a valid UTF-8 sequence
// becomes U+FFFD, so the result is always valid UTF-8 and valid JSON even when
// a diagnostic quotes a file that is not.
std::string json_string(std::string_view text);

}  // namespace faultc
