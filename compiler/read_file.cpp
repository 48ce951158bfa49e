#include "compiler/read_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace faultc {

std::variant<std::string, ReadError> read_source_file(const std::string& path) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    return buffer.str();
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return ReadError{fmt::format("{}: is a directory, not a .fault file", path)};
  }
  std::ifstream stream(path, std::ios::binary);
  if (!stream) return ReadError{fmt::format("{}: cannot open: {}", path, std::strerror(errno))};
  // In blocks, into a string sized up front when the size is known: a
  // scenario can be tens of megabytes, and a byte at a time is slow.
  std::string text;
  if (const auto size = std::filesystem::file_size(path, ec); !ec) text.reserve(size);
  char block[1 << 16];
  while (stream.read(block, sizeof block) || stream.gcount() > 0) {
    text.append(block, static_cast<std::size_t>(stream.gcount()));
  }
  if (stream.bad()) return ReadError{fmt::format("{}: cannot read: {}", path, std::strerror(errno))};
  return text;
}

}  // namespace faultc
