#pragma once
// What `faultc run` tells an operator on a remote shell (SSH_CONNECTION
// set): what the scenario protects from every rule, and a warning when the
// SSH session it runs in is not protected while a rule may act on it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/run_compile.hpp"

namespace faultc::runtime {

// SSH_CONNECTION's four fields: client address and port, server address
// and port. Nothing unless all four read as such.
struct SshConnection {
  ir::Family family = ir::Family::ipv4;
  ir::u128 client = 0, server = 0;
  std::uint16_t client_port = 0, server_port = 0;
};
std::optional<SshConnection> parse_ssh_connection(std::string_view text);

// The lines to print (each a whole message, without `faultc: `), given the
// environment's SSH_CONNECTION (null: not a remote shell: nothing). No
// byte of the environment is echoed: only what was read from it as
// numbers and addresses, and the scenario's own text made printable.
std::vector<std::string> ssh_reminder(const Compiled& compiled, const char* ssh_connection);

}  // namespace faultc::runtime
