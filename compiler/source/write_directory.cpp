#include "compiler/source/write_directory.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>
#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "compiler/source/write_file.hpp"

namespace faultc {

namespace fs = std::filesystem;

namespace {

// The files under `temp`, or an error message.
std::optional<std::string> fill(const fs::path& temp, const std::vector<OutputFile>& files) {
  for (const OutputFile& file : files) {
    const fs::path path = temp / file.path;
    // Only relative paths that stay inside: the paths are the writer's, but
    // a wrong one must not write elsewhere.
    if (file.path.empty() || file.path.starts_with('/') || file.path.find("..") != std::string::npos) {
      return fmt::format("{}: not a path inside the output directory", file.path);
    }
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return fmt::format("{}: cannot create: {}", path.parent_path().string(), ec.message());
    if (auto problem = write_file_atomically(path.string(), file.content, file.mode, Flush::no)) return problem;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> write_directory_atomically(const std::string& dir, const std::vector<OutputFile>& files,
                                                      const std::function<bool(const std::string&)>& replaceable) {
  std::error_code ec;
  const fs::path target = fs::path(dir).lexically_normal();
  const bool exists = fs::exists(target, ec);
  if (exists && !fs::is_directory(target, ec)) return fmt::format("{}: exists and is not a directory", dir);
  if (exists && !fs::is_empty(target, ec) && !replaceable(dir)) {
    return fmt::format("{}: not empty and not an earlier output of faultc; refusing to replace it", dir);
  }
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string temp = (parent / fmt::format(".{}.XXXXXX", target.filename().string())).string();
  if (mkdtemp(temp.data()) == nullptr) return fmt::format("{}: cannot create a directory beside it: {}", dir, std::strerror(errno));
  auto abandon = [&](std::string message) {
    fs::remove_all(temp, ec);
    return message;
  };
  if (auto problem = fill(temp, files)) return abandon(*problem);
  fs::permissions(temp, fs::perms(0755), ec);
  if (!exists) {
    if (rename(temp.c_str(), target.c_str()) != 0) return abandon(fmt::format("{}: cannot create: {}", dir, std::strerror(errno)));
    return std::nullopt;
  }
  // The old directory and the new one trade places in one step; the old one
  // is then removed under the temporary name.
  if (renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
    return abandon(fmt::format("{}: cannot replace: {}", dir, std::strerror(errno)));
  }
  fs::remove_all(temp, ec);
  if (ec) return fmt::format("{}: written; the old content is left in {}: {}", dir, temp, ec.message());
  return std::nullopt;
}

}  // namespace faultc
