#pragma once
// Joining two long texts without holding the second twice. A printer that
// works in two halves (halves.hpp) prints the second half into a string of
// its own and appends it to the first; for 100,000 rules that is 6 to 9 MB
// copied, and the copy's pages and the original's are resident at once at
// the compile's peak of memory. This copies it a piece at a time and gives
// each copied piece's pages back to the system before the next.
#include <string>

namespace faultc {

// Appends `text` to `out` and leaves `text` empty. A text of a few MiB or
// more is copied in pieces, and after each, the source pages wholly copied
// are released (madvise MADV_DONTNEED: they read as zeros from then on,
// which nothing reads, as the string is emptied after).
void append_text(std::string& out, std::string&& text);

}  // namespace faultc
