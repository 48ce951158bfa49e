#pragma once
// Reading source files at the edge: the only place compiler/ touches the
// file system. `-` means standard input.
#include <string>
#include <variant>

namespace faultc {

struct ReadError {
  std::string message;  // one line naming the file and the reason
};

std::variant<std::string, ReadError> read_source_file(const std::string& path);

}  // namespace faultc
