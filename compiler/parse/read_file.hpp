#pragma once
// Reading source files at the edge: the only place compiler/ touches the
// file system. Every read is bounded: a file past kMaxInputBytes is never
// held whole (a regular file is refused from its fstat size; a stream, a
// pipe or a device is read up to the limit and one byte more), so
// `/dev/zero` or a sparse 1 TB file costs milliseconds and no memory.
#include <cstdint>
#include <string>
#include <variant>

namespace faultc {

struct ReadError {
  std::string message;  // one line naming the file and the reason
  // Past kMaxInputBytes: the size (exact for a regular file, the bytes read
  // before giving up otherwise); 0 for every other error. Not an I/O error:
  // the caller reports it as F006.
  std::uint64_t too_large = 0;
  bool size_exact = false;
  // Refused by the file policy (not a regular file, a link at the end of
  // the path) rather than missing or unreadable.
  bool refused = false;
};

// A file named on the command line: `-` means standard input; pipes and
// devices are read too (bounded).
std::variant<std::string, ReadError> read_source_file(const std::string& path);

// A file an `include` names, already confined by the loader: its links are
// resolved again here and the result opened without following any;
// regular files only (a FIFO, a device or a directory is refused before a
// byte is read, so nothing hangs).
std::variant<std::string, ReadError> read_included_file(const std::string& path);

}  // namespace faultc
