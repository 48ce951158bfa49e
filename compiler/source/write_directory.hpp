#pragma once
// Writing a directory of files at the edge, all or nothing: the files go
// into a temporary directory beside the target, which then takes the
// target's place in one rename (an exchange when the target exists), so a
// reader never sees half a directory and a failure leaves none.
#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace faultc {

struct OutputFile {
  std::string path;  // relative, `/`-separated; its folders are made
  std::string content;
  mode_t mode = 0644;
};

// `replaceable` is asked about an existing, non-empty target: whether it
// may be replaced (and its old content removed). Returns an error message
// naming the directory, or nothing on success.
std::optional<std::string> write_directory_atomically(const std::string& dir, const std::vector<OutputFile>& files,
                                                      const std::function<bool(const std::string&)>& replaceable);

}  // namespace faultc
