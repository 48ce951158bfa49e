#include "runtime/process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <sstream>

extern char** environ;

namespace faultc::runtime {

namespace {

struct Pipe {
  int read = -1, write = -1;
  bool open() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return false;
    read = fds[0];
    write = fds[1];
    return true;
  }
  void close_read() { if (read >= 0) ::close(read), read = -1; }
  void close_write() { if (write >= 0) ::close(write), write = -1; }
  ~Pipe() {
    close_read();
    close_write();
  }
};

// The directories searched for a tool when faultc runs as root, in order.
// PATH is ignored then: `sudo -E` or a CI job's environment could put a fake
// `nft` first, and it would run as uid 0.
constexpr const char* kRootToolDirs = "/usr/sbin:/usr/bin:/sbin:/bin";

bool running_as_root() { return geteuid() == 0; }

// A file root may execute: a regular executable owned by root that nobody
// else can write, in a directory that nobody else can write either.
bool trusted_executable(const std::filesystem::path& name) {
  std::error_code ec;
  const std::filesystem::path file = std::filesystem::canonical(name, ec);  // through /etc/alternatives
  struct stat st {};
  if (ec || stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != 0 ||
      (st.st_mode & (S_IWGRP | S_IWOTH)) != 0 || (st.st_mode & S_IXUSR) == 0) {
    return false;
  }
  struct stat dir {};
  return stat(file.parent_path().c_str(), &dir) == 0 && dir.st_uid == 0 && (dir.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

// The search path tools come from: the fixed one as root, else PATH.
std::string search_path() {
  const char* path = running_as_root() ? nullptr : std::getenv("PATH");
  return path != nullptr ? path : kRootToolDirs;
}

}  // namespace

std::optional<std::string> tool_path(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos) return std::nullopt;
  std::istringstream dirs(search_path());
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty() || dir.front() != '/') continue;  // a relative entry would depend on the working directory
    const std::filesystem::path candidate = std::filesystem::path(dir) / name;
    if (running_as_root() ? trusted_executable(candidate) : access(candidate.c_str(), X_OK) == 0) {
      return candidate.string();
    }
  }
  return std::nullopt;
}

std::vector<std::string> clean_environment() { return {"PATH=" + search_path(), "LC_ALL=C"}; }

std::vector<std::string> child_environment() {
  if (running_as_root()) return clean_environment();
  std::vector<std::string> out;
  for (char** entry = environ; *entry != nullptr; ++entry) out.emplace_back(*entry);
  return out;
}

CommandResult run_command(const std::vector<std::string>& argv, const std::string& input) {
  CommandResult result;
  Pipe in, out, err;
  if (!in.open() || !out.open() || !err.open()) return result;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.read, 0);
  posix_spawn_file_actions_adddup2(&actions, out.write, 1);
  posix_spawn_file_actions_adddup2(&actions, err.write, 2);
  const auto program = tool_path(argv[0]);
  std::vector<char*> args = c_strings(argv);
  const std::vector<std::string> environment = child_environment();
  std::vector<char*> env = c_strings(environment);
  pid_t pid = -1;
  const int spawned =
      program ? posix_spawn(&pid, program->c_str(), &actions, nullptr, args.data(), env.data()) : ENOENT;
  posix_spawn_file_actions_destroy(&actions);
  in.close_read();
  out.close_write();
  err.close_write();
  if (spawned != 0) {
    result.err = program ? std::string("cannot start ") + *program
                         : fmt::format("cannot find {} ({})", argv[0], running_as_root() ? root_tool_dirs() : "in PATH");
    return result;
  }
  // Feed the input and drain both outputs together, so neither side blocks.
  std::size_t fed = 0;
  if (input.empty()) in.close_write();
  char buffer[65536];
  while (out.read >= 0 || err.read >= 0 || in.write >= 0) {
    pollfd fds[3];
    int n = 0;
    if (out.read >= 0) fds[n++] = {out.read, POLLIN, 0};
    if (err.read >= 0) fds[n++] = {err.read, POLLIN, 0};
    if (in.write >= 0) fds[n++] = {in.write, POLLOUT, 0};
    if (poll(fds, static_cast<nfds_t>(n), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == in.write) {
        const ssize_t w = write(in.write, input.data() + fed, input.size() - fed);
        if (w > 0) fed += static_cast<std::size_t>(w);
        if (w < 0 || fed == input.size()) in.close_write();
        continue;
      }
      const ssize_t r = read(fds[i].fd, buffer, sizeof buffer);
      if (r <= 0) {
        if (fds[i].fd == out.read) out.close_read();
        else err.close_read();
        continue;
      }
      (fds[i].fd == out.read ? result.out : result.err).append(buffer, static_cast<std::size_t>(r));
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

CommandResult run_nft(const std::vector<std::string>& args, const std::string& input) {
  const auto plain = [](const std::string& word) {
    return !word.empty() && std::all_of(word.begin(), word.end(), [](unsigned char c) {
      return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '/';
    });
  };
  for (const std::string& word : args) {
    if (!plain(word)) {
      CommandResult refused;
      refused.err = "refused: an nft argument that is not a plain word";
      return refused;
    }
  }
  std::vector<std::string> argv{"nft"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, input);
}

std::vector<char*> c_strings(const std::vector<std::string>& words) {
  std::vector<char*> out;
  // posix_spawn's array is of char*, but it never writes through them.
  for (const std::string& word : words) out.push_back(const_cast<char*>(word.c_str()));
  out.push_back(nullptr);
  return out;
}

bool command_exists(const std::string& name) { return tool_path(name).has_value(); }

std::string root_tool_dirs() { return std::string(kRootToolDirs) + ", root-owned and not writable by others"; }

}  // namespace faultc::runtime
