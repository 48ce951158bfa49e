#pragma once
// Writing artifacts at the edge: all or nothing. The text goes to a temporary
// file beside the target, is flushed to disk, and replaces the target with
// one rename, so a reader never sees half a file and a failure leaves none.
#include <optional>
#include <string>
#include <sys/types.h>

namespace faultc {

// Returns an error message naming the file, or nothing on success.
std::optional<std::string> write_file_atomically(const std::string& path, const std::string& content, mode_t mode);

}  // namespace faultc
