#include "runtime/state.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/write_file.hpp"

namespace faultc::runtime {

namespace {

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

std::int64_t number(const std::string& text) {
  try {
    return std::stoll(text);
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

std::string state_dir() {
  const char* dir = std::getenv("FAULTC_STATE_DIR");
  return dir != nullptr && *dir != '\0' ? dir : "/run/faultc";
}

std::string state_path(const std::string& id) { return fmt::format("{}/{}.state", state_dir(), id); }

std::optional<std::string> save_state(const RunState& s) {
  std::error_code ec;
  std::filesystem::create_directories(state_dir(), ec);
  if (ec) return fmt::format("{}: cannot create: {}", state_dir(), ec.message());
  const std::string text = fmt::format(
      "name={}\nid={}\nbackend={}\nfile={}\nrunner_pid={}\nwatchdog_pid={}\nstarted_ms={}\ndeadline_ms={}\n",
      escape(s.name), s.id, backend_name(s.backend), escape(s.file), s.runner_pid, s.watchdog_pid, s.started_ms,
      s.deadline_ms);
  return write_file_atomically(state_path(s.id), text, 0600);
}

std::optional<RunState> load_state(const std::string& id) {
  std::ifstream in(state_path(id));
  if (!in) return std::nullopt;
  RunState s;
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq);
    const std::string value = unescape(line.substr(eq + 1));
    if (key == "name") s.name = value;
    else if (key == "id") s.id = value;
    else if (key == "backend") s.backend = backend_from_name(value).value_or(Backend::nft);
    else if (key == "file") s.file = value;
    else if (key == "runner_pid") s.runner_pid = static_cast<int>(number(value));
    else if (key == "watchdog_pid") s.watchdog_pid = static_cast<int>(number(value));
    else if (key == "started_ms") s.started_ms = number(value);
    else if (key == "deadline_ms") s.deadline_ms = number(value);
  }
  if (s.id.empty()) return std::nullopt;
  return s;
}

std::vector<RunState> all_states() {
  std::vector<RunState> out;
  std::error_code ec;
  std::vector<std::string> ids;
  for (const auto& entry : std::filesystem::directory_iterator(state_dir(), ec)) {
    if (entry.path().extension() == ".state") ids.push_back(entry.path().stem().string());
  }
  std::sort(ids.begin(), ids.end());
  for (const std::string& id : ids) {
    if (auto s = load_state(id)) out.push_back(std::move(*s));
  }
  return out;
}

void remove_state(const std::string& id) {
  std::error_code ec;
  std::filesystem::remove(state_path(id), ec);
}

bool process_alive(int pid) { return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM); }

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace faultc::runtime
