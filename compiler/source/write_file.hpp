#pragma once
// Writing artifacts at the edge: all or nothing. The text goes to a temporary
// file beside the target, optionally flushed to disk, and replaces the target
// with one rename, so a reader never sees half a file and a failure leaves none.
#include <optional>
#include <string>
#include <sys/types.h>

namespace faultc {

// Whether the data must be on the disk before the rename (fsync): yes for
// what a crash of the machine must not lose (the runtime's state, the user's
// own source rewritten by `fmt`). A compiled artifact can be compiled again,
// and flushing 20 MB took 30 to 130 ms here, more than compiling it.
enum class Flush : bool { no, yes };

// Returns an error message naming the file, or nothing on success.
std::optional<std::string> write_file_atomically(const std::string& path, const std::string& content, mode_t mode,
                                                 Flush flush = Flush::yes);

}  // namespace faultc
