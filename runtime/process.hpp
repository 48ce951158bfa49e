#pragma once
// Running the firewall tools: the only place faultc spawns processes.
#include <optional>
#include <string>
#include <vector>

namespace faultc::runtime {

struct CommandResult {
  int status = -1;  // the exit status; -1 when the command could not start
  std::string out, err;
  bool ok() const { return status == 0; }
};

// Runs the tool argv[0] (found by tool_path) with `input` on its standard
// input and returns what it printed. Never goes through a shell; the tool
// gets child_environment().
CommandResult run_command(const std::vector<std::string>& argv, const std::string& input = {});

// Runs `nft ARGS...`. nft joins its arguments into one command line and
// parses that, so an argument with a space, `;`, a quote, a brace or a `#`
// could add a command of its own: such an argument is refused (status -1)
// and nothing runs. Scripts go through `-f -` and standard input.
CommandResult run_nft(const std::vector<std::string>& args, const std::string& input = {});

// Where the tool NAME (a bare file name) is. As root: the first of
// /usr/sbin, /usr/bin, /sbin and /bin holding a root-owned executable that
// neither group nor others can write, in such a directory; PATH is ignored.
// Otherwise the first absolute PATH entry holding an executable NAME.
std::optional<std::string> tool_path(const std::string& name);
// The null-terminated char* array posix_spawn takes, pointing into WORDS
// (which must outlive it).
std::vector<char*> c_strings(const std::vector<std::string>& words);

bool command_exists(const std::string& name);
// The root search list as text, for messages and docs.
std::string root_tool_dirs();

// The environment of every process faultc starts. As root only a fixed PATH
// and LC_ALL=C: variables such as XTABLES_LIBDIR or LD_PRELOAD would make a
// root tool load code from elsewhere. Otherwise faultc's own environment.
std::vector<std::string> child_environment();
// Only PATH (as root the fixed one) and LC_ALL=C: what the watchdog starts
// with, whoever runs faultc.
std::vector<std::string> clean_environment();

}  // namespace faultc::runtime
