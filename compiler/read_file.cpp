#include "compiler/read_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
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
  std::string text((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  if (stream.bad()) return ReadError{fmt::format("{}: cannot read: {}", path, std::strerror(errno))};
  return text;
}

}  // namespace faultc
