#pragma once
// Running the firewall tools: the only place faultc spawns processes.
#include <string>
#include <vector>

namespace faultc::runtime {

struct CommandResult {
  int status = -1;  // the exit status; -1 when the command could not start
  std::string out, err;
  bool ok() const { return status == 0; }
};

// Runs argv[0] (looked up in PATH) with `input` on its standard input and
// returns what it printed. Never goes through a shell.
CommandResult run_command(const std::vector<std::string>& argv, const std::string& input = {});

// Runs `nft ARGS...`. nft joins its arguments into one command line and
// parses that, so an argument with a space, `;`, a quote, a brace or a `#`
// could add a command of its own: such an argument is refused (status -1)
// and nothing runs. Scripts go through `-f -` and standard input.
CommandResult run_nft(const std::vector<std::string>& args, const std::string& input = {});

bool command_exists(const std::string& name);

}  // namespace faultc::runtime
