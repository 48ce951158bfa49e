#include "compiler/parse/read_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <memory>
#include <cstring>

#include "compiler/parse/input_limits.hpp"

namespace faultc {

namespace {

// Closes a descriptor this file opened (never standard input).
struct OwnedFd {
  int fd = -1;
  ~OwnedFd() {
    if (fd > 2) close(fd);
  }
};

ReadError too_large(const std::string& path, std::uint64_t bytes, bool exact) {
  return ReadError{fmt::format("{}: {} {} bytes; faultc reads scenarios of at most {} MiB", path,
                               exact ? "has" : "has more than", exact ? bytes : kMaxInputBytes, kMaxInputBytes >> 20),
                   bytes, exact, false};
}

// Reads `fd` to its end, at most kMaxInputBytes: past that the text read so
// far is dropped and the error says so. The string grows by doubling from a
// 64 KiB block, so its capacity lands on the 64 MiB limit exactly: one byte
// more is read into `probe`, never into the string.
std::variant<std::string, ReadError> read_bounded(int fd, const std::string& path, bool regular_only) {
  struct stat st {};
  if (fstat(fd, &st) != 0) return ReadError{fmt::format("{}: cannot read: {}", path, std::strerror(errno))};
  if (S_ISDIR(st.st_mode)) return ReadError{fmt::format("{}: is a directory, not a .fault file", path), 0, false, true};
  if (regular_only && !S_ISREG(st.st_mode)) {
    return ReadError{fmt::format("{}: not a regular file", path), 0, false, true};
  }
  if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > kMaxInputBytes) {
    return too_large(path, static_cast<std::uint64_t>(st.st_size), true);
  }
  // A FIFO opened without blocking (an include is refused before this; a
  // command-line path is opened blocking) reads as if at its end: read it
  // blocking, as the user asked for it.
  if (const int flags = fcntl(fd, F_GETFL); flags >= 0 && (flags & O_NONBLOCK) != 0) {
    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  }
  std::string text;
  // Sized up front when the size is known (a regular file under the limit):
  // a scenario can be tens of megabytes. /proc files say 0 and are read on.
  if (S_ISREG(st.st_mode)) text.reserve(static_cast<std::size_t>(st.st_size));
  char block[1 << 16];
  for (;;) {
    const std::size_t room = kMaxInputBytes - text.size();
    const std::size_t want = std::min(sizeof block, room == 0 ? std::size_t{1} : room);
    const ssize_t got = read(fd, block, want);
    if (got < 0) {
      if (errno == EINTR) continue;
      return ReadError{fmt::format("{}: cannot read: {}", path, std::strerror(errno))};
    }
    if (got == 0) break;
    if (room == 0) return too_large(path, kMaxInputBytes + 1, false);
    text.append(block, static_cast<std::size_t>(got));
  }
  return text;
}

}  // namespace

std::variant<std::string, ReadError> read_source_file(const std::string& path) {
  if (path == "-") return read_bounded(STDIN_FILENO, "<stdin>", false);
  OwnedFd file{open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY)};
  if (file.fd < 0) return ReadError{fmt::format("{}: cannot open: {}", path, std::strerror(errno))};
  return read_bounded(file.fd, path, false);
}

std::variant<std::string, ReadError> read_included_file(const std::string& path) {
  // The path the loader checked against the allowed roots: links resolved,
  // so the open below follows none (O_NOFOLLOW).
  std::unique_ptr<char, decltype(&std::free)> resolved(realpath(path.c_str(), nullptr), &std::free);
  if (!resolved) return ReadError{fmt::format("{}: cannot open: {}", path, std::strerror(errno))};
  // O_NONBLOCK: opening a FIFO for reading would wait for a writer; the
  // fstat after the open refuses it (and every other non-regular file).
  OwnedFd file{open(resolved.get(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW)};
  if (file.fd < 0) {
    if (errno == ELOOP) return ReadError{fmt::format("{}: is a symbolic link", path), 0, false, true};
    return ReadError{fmt::format("{}: cannot open: {}", path, std::strerror(errno))};
  }
  return read_bounded(file.fd, path, true);
}

}  // namespace faultc
