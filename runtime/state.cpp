#include "runtime/state.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <sstream>

#include "compiler/source/write_file.hpp"
#include "runtime/object_names.hpp"

namespace faultc::runtime {

namespace {

constexpr std::size_t kMaxStateFile = 16 * 1024;  // a state file faultc writes is a few hundred bytes
constexpr std::int64_t kMaxPid = 4'194'304;       // the kernel's PID_MAX_LIMIT

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string unescape(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      out += text[++i] == 'n' ? '\n' : text[i];
    } else {
      out += text[i];
    }
  }
  return out;
}

// A plain non-negative decimal number within [0, max]: no sign, no spaces,
// no trailing text.
std::optional<std::int64_t> decimal(const std::string& text, std::int64_t max) {
  if (text.empty() || text.size() > 19 || !std::all_of(text.begin(), text.end(), [](char c) {
        return c >= '0' && c <= '9';
      })) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

// Reads a state file without following a symlink, only when it is a regular
// file owned by us and of a sane size.
std::optional<std::string> read_state_file(const std::string& path, std::string& error) {
  const int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    error = errno == ENOENT ? "" : fmt::format("{}: {}", path, std::strerror(errno));
    return std::nullopt;
  }
  struct stat st {};
  std::string text;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    error = fmt::format("{}: not a regular file", path);
  } else if (st.st_uid != geteuid()) {
    error = fmt::format("{}: owned by uid {}, not by us (uid {})", path, st.st_uid, geteuid());
  } else if (static_cast<std::size_t>(st.st_size) > kMaxStateFile) {
    error = fmt::format("{}: {} bytes, more than a state file can be", path, st.st_size);
  } else {
    char buffer[4096];
    ssize_t n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0 && text.size() <= kMaxStateFile) {
      text.append(buffer, static_cast<std::size_t>(n));
    }
  }
  close(fd);
  if (!error.empty()) return std::nullopt;
  return text;
}

}  // namespace

std::string state_dir() {
  const char* dir = std::getenv("FAULTC_STATE_DIR");
  return dir != nullptr && *dir != '\0' ? dir : "/run/faultc";
}

std::string state_path(const std::string& id) { return fmt::format("{}/{}.state", state_dir(), id); }

namespace {

// Each directory above the state directory must be one that only root or
// we can change (owned by either, and writable by nobody else unless it is
// sticky, as /tmp is): otherwise another user could swap the state directory
// for one of their own between our check and our use.
std::optional<std::string> check_parents(const std::string& dir) {
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(dir, ec);
  if (ec) return fmt::format("{}: {}", dir, ec.message());
  for (std::filesystem::path parent = absolute.parent_path();; parent = parent.parent_path()) {
    struct stat st {};
    if (stat(parent.c_str(), &st) != 0) return fmt::format("{}: {}", parent.string(), std::strerror(errno));
    if (st.st_uid != 0 && st.st_uid != geteuid()) {
      return fmt::format("{}: the state directory's parent {} is owned by uid {}, who could replace it", dir,
                         parent.string(), st.st_uid);
    }
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0 && (st.st_mode & S_ISVTX) == 0) {
      return fmt::format("{}: the state directory's parent {} is writable by others (mode {:04o})", dir,
                         parent.string(), st.st_mode & 07777);
    }
    if (parent == parent.parent_path()) return std::nullopt;
  }
}

}  // namespace

std::optional<std::string> check_state_dir(bool create) {
  const std::string dir = state_dir();
  if (auto error = check_parents(dir)) return error;
  if (create && mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return fmt::format("{}: cannot create the state directory: {}", dir, std::strerror(errno));
  }
  // Opened, not looked up, so that a symlink is refused (O_NOFOLLOW) and what
  // is checked is the directory itself.
  const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT && !create) return std::nullopt;
    if (errno == ELOOP || errno == ENOTDIR) {
      return fmt::format("{}: the state directory is not a directory (a symlink?); remove it", dir);
    }
    return fmt::format("{}: {}", dir, std::strerror(errno));
  }
  struct stat st {};
  const int stat_result = fstat(fd, &st);
  close(fd);
  if (stat_result != 0) return fmt::format("{}: {}", dir, std::strerror(errno));
  if (st.st_uid != geteuid()) {
    return fmt::format("{}: the state directory is owned by uid {}, not by us (uid {}); remove it", dir, st.st_uid,
                       geteuid());
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return fmt::format("{}: the state directory is writable by others (mode {:04o}); `chmod 700 {}`", dir,
                       st.st_mode & 07777, dir);
  }
  return std::nullopt;
}

namespace {

using Fields = std::map<std::string, std::string>;

const std::vector<std::string> kRequiredKeys{"name",       "id",           "backend",    "file",
                                             "runner_pid", "watchdog_pid", "started_ms", "deadline_ms"};
const std::vector<std::string> kOptionalKeys{"runner_start", "watchdog_start"};

// The file's `key=value` lines: only faultc's keys, each once, every
// required one there. An error message, or nothing.
std::optional<std::string> read_fields(const std::string& text, Fields& fields) {
  std::istringstream in(text);
  std::string line;
  const auto one_of = [](const std::vector<std::string>& keys, const std::string& key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
  };
  while (std::getline(in, line)) {
    const std::size_t eq = line.find('=');
    const std::string key = line.substr(0, eq);
    if (eq == std::string::npos || !(one_of(kRequiredKeys, key) || one_of(kOptionalKeys, key))) {
      return fmt::format("unknown line `{}`", line.substr(0, 40));
    }
    if (!fields.emplace(key, line.substr(eq + 1)).second) return fmt::format("`{}` given twice", key);
  }
  for (const std::string& key : kRequiredKeys) {
    if (fields.count(key) == 0) return fmt::format("no `{}`", key);
  }
  return std::nullopt;
}

// The id, the backend and the texts into `s`.
std::optional<std::string> read_identity(Fields& fields, const std::string& expected_id, RunState& s) {
  s.id = fields["id"];
  if (!valid_id(s.id)) return "the id is not a kernel id (lowercase letters, digits and single underscores)";
  if (s.id != expected_id) return fmt::format("the id `{}` is not the file's own ({})", s.id, expected_id);
  const auto backend = backend_from_name(fields["backend"]);
  if (!backend) return "unknown backend";
  s.backend = *backend;
  s.name = unescape(fields["name"]);
  s.file = unescape(fields["file"]);
  return std::nullopt;
}

// The pids and the times into `s`, each a plain decimal in range.
std::optional<std::string> read_numbers(Fields& fields, RunState& s) {
  const auto runner = decimal(fields["runner_pid"], kMaxPid);
  const auto watchdog = decimal(fields["watchdog_pid"], kMaxPid);
  const auto started = decimal(fields["started_ms"], INT64_MAX);
  const auto deadline = decimal(fields["deadline_ms"], INT64_MAX);
  // Pid 1 is init and never ours; 0 is "none" for the watchdog only.
  if (!runner || *runner < 2 || !watchdog || *watchdog == 1) return "a pid is not a plain number in range";
  if (!started || !deadline) return "a time is not a plain number";
  for (const std::string& key : kOptionalKeys) {
    if (fields.count(key) == 0) continue;
    const auto start = decimal(fields[key], INT64_MAX);
    if (!start) return "a start time is not a plain number";
    (key == "runner_start" ? s.runner_start : s.watchdog_start) = static_cast<std::uint64_t>(*start);
  }
  s.runner_pid = static_cast<int>(*runner);
  s.watchdog_pid = static_cast<int>(*watchdog);
  s.started_ms = *started;
  s.deadline_ms = *deadline;
  return std::nullopt;
}

}  // namespace

ParsedState parse_state(const std::string& text, const std::string& expected_id) {
  ParsedState out;
  Fields fields;
  RunState s;
  if (auto error = read_fields(text, fields)) {
    out.error = std::move(*error);
  } else if (auto bad_identity = read_identity(fields, expected_id, s)) {
    out.error = std::move(*bad_identity);
  } else if (auto bad_number = read_numbers(fields, s)) {
    out.error = std::move(*bad_number);
  } else {
    out.state = std::move(s);
  }
  return out;
}

std::optional<std::string> save_state(const RunState& s) {
  if (!valid_id(s.id)) return fmt::format("`{}` is not a kernel id", s.id);
  if (auto error = check_state_dir(true)) return error;
  const std::string text = fmt::format(
      "name={}\nid={}\nbackend={}\nfile={}\nrunner_pid={}\nwatchdog_pid={}\nstarted_ms={}\ndeadline_ms={}\n"
      "runner_start={}\nwatchdog_start={}\n",
      escape(s.name), s.id, backend_name(s.backend), escape(s.file), s.runner_pid, std::max(0, s.watchdog_pid),
      s.started_ms, s.deadline_ms, s.runner_start, s.watchdog_start);
  return write_file_atomically(state_path(s.id), text, 0600);
}

std::optional<RunState> load_state(const std::string& id, std::string* error) {
  std::string why;
  std::optional<RunState> out;
  if (!valid_id(id)) {
    why = fmt::format("`{}` is not a kernel id", id);
  } else if (auto dir_error = check_state_dir(false)) {
    why = *dir_error;
  } else if (auto text = read_state_file(state_path(id), why)) {
    ParsedState parsed = parse_state(*text, id);
    if (parsed.state) out = std::move(parsed.state);
    else why = fmt::format("{}: {}", state_path(id), parsed.error);
  }
  if (error != nullptr) *error = why;
  return out;
}

std::vector<RunState> all_states(std::vector<std::string>* ignored) {
  std::vector<RunState> out;
  if (auto error = check_state_dir(false)) {
    if (ignored != nullptr) ignored->push_back(*error);
    return out;
  }
  std::error_code ec;
  std::vector<std::string> ids;
  for (const auto& entry : std::filesystem::directory_iterator(state_dir(), ec)) {
    if (entry.path().extension() == ".state") ids.push_back(entry.path().stem().string());
  }
  std::sort(ids.begin(), ids.end());
  for (const std::string& id : ids) {
    std::string error;
    if (auto s = load_state(id, &error)) out.push_back(std::move(*s));
    else if (ignored != nullptr && !error.empty()) ignored->push_back(error);
  }
  return out;
}

void remove_state(const std::string& id) {
  if (!valid_id(id) || check_state_dir(false)) return;
  std::error_code ec;
  std::filesystem::remove(state_path(id), ec);
}

bool process_alive(int pid) { return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM); }

namespace {

std::vector<std::string> command_line(int pid) {
  const int fd = open(fmt::format("/proc/{}/cmdline", pid).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  std::string text;
  char buffer[4096];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof buffer)) > 0 && text.size() < 65536) text.append(buffer, static_cast<std::size_t>(n));
  close(fd);
  std::vector<std::string> argv;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\0') {
      argv.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return argv;
}

bool faultc_executable(int pid) {
  struct stat theirs {}, ours {};
  const std::string exe = fmt::format("/proc/{}/exe", pid);
  if (stat(exe.c_str(), &theirs) != 0) return false;
  if (stat("/proc/self/exe", &ours) == 0 && theirs.st_dev == ours.st_dev && theirs.st_ino == ours.st_ino) return true;
  std::error_code ec;
  const auto target = std::filesystem::read_symlink(exe, ec);
  return !ec && target.filename() == "faultc";
}

}  // namespace

std::uint64_t process_start(int pid) {
  if (pid <= 0) return 0;
  const int fd = open(fmt::format("/proc/{}/stat", pid).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buffer[1024];
  const ssize_t n = read(fd, buffer, sizeof buffer - 1);
  close(fd);
  if (n <= 0) return 0;
  const std::string text(buffer, static_cast<std::size_t>(n));
  // "PID (COMM) STATE ...": COMM may hold spaces and parentheses; the
  // fields after the last ')' start at field 3, and starttime is field 22.
  const std::size_t paren = text.rfind(')');
  if (paren == std::string::npos) return 0;
  std::istringstream fields(text.substr(paren + 1));
  std::string field;
  for (int i = 3; i <= 22 && fields >> field; ++i) {
    if (i == 22) return decimal(field, INT64_MAX).value_or(0);
  }
  return 0;
}

bool is_our_process(int pid, Role role, const std::string& id, std::uint64_t start) {
  if (pid <= 1 || pid == getpid() || !process_alive(pid) || !faultc_executable(pid)) return false;
  if (start != 0 && process_start(pid) != start) return false;
  const std::vector<std::string> argv = command_line(pid);
  if (role == Role::watchdog) return argv.size() == 3 && argv[1] == "__watchdog" && argv[2] == id;
  return std::find(argv.begin() + std::min<std::size_t>(1, argv.size()), argv.end(), "run") != argv.end();
}

bool signal_our_process(int pid, Role role, const std::string& id, std::uint64_t start, int signal) {
  if (pid <= 1) return false;
  // The pidfd pins the process the pid names now: should it exit and the
  // pid be reused after the checks below, the signal fails with ESRCH
  // instead of reaching the newcomer.
  // (Through syscall(): Debian 12's <sys/pidfd.h> lacks C linkage for C++.)
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) return false;
  const bool sent =
      is_our_process(pid, role, id, start) && syscall(SYS_pidfd_send_signal, pidfd, signal, nullptr, 0) == 0;
  close(pidfd);
  return sent;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace faultc::runtime
