#include "compiler/source/write_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace faultc {

namespace {
std::string failure(const std::string& path, const char* what) {
  return fmt::format("{}: cannot {}: {}", path, what, std::strerror(errno));
}
}  // namespace

std::optional<std::string> write_file_atomically(const std::string& path, const std::string& content, mode_t mode,
                                                 Flush flush) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return fmt::format("{}: is a directory", path);
  const std::filesystem::path target(path);
  const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
  std::string temp = (dir / fmt::format(".{}.XXXXXX", target.filename().string())).string();
  const int fd = mkstemp(temp.data());
  if (fd < 0) return failure(path, "create a temporary file beside it");
  auto abandon = [&](const char* what) {
    std::string message = failure(path, what);
    close(fd);
    unlink(temp.c_str());
    return message;
  };
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return abandon("write");
    }
    written += static_cast<std::size_t>(n);
  }
  if (fchmod(fd, mode) != 0) return abandon("set the mode of");
  if (flush == Flush::yes && fsync(fd) != 0) return abandon("flush");
  if (close(fd) != 0) {
    std::string message = failure(path, "close");
    unlink(temp.c_str());
    return message;
  }
  if (rename(temp.c_str(), path.c_str()) != 0) {
    std::string message = failure(path, "replace");
    unlink(temp.c_str());
    return message;
  }
  return std::nullopt;
}

}  // namespace faultc
