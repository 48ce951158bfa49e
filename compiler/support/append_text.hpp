#pragma once
// Joining long texts without holding them twice. The emitters print each
// range of rules (two halves, or chunks) into strings of their own and
// append them to the artifact (emit.hpp's assemble); for 100,000 rules in
// two halves that is 11 to 19 MB copied, and the copy's pages and the
// original's would be resident at once at the compile's peak of memory. This copies it a piece at a time and gives
// each copied piece's pages back to the system before the next.
#include <string>

namespace faultc {

// Appends `text` to `out` and leaves `text` empty. A text of a few MiB or
// more is copied in pieces, and after each, the source pages wholly copied
// are released (madvise MADV_DONTNEED: they read as zeros from then on,
// which nothing reads, as the string is emptied after).
void append_text(std::string& out, std::string&& text);

}  // namespace faultc
