#include "runtime/ssh_reminder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "compiler/eval/eval.hpp"
#include "compiler/net/address_math.hpp"
#include "compiler/parse/literals.hpp"
#include "compiler/source/printable.hpp"

namespace faultc::runtime {

namespace {

std::optional<std::uint16_t> port(std::string_view text) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

// The session's packets one way: an established segment with ACK.
eval::Packet session_packet(const SshConnection& c, bool from_client) {
  eval::Packet p;
  p.direction = from_client ? ir::Direction::inbound : ir::Direction::outbound;
  p.family = c.family;
  p.protocol = ir::Protocol::tcp;
  p.source = from_client ? c.client : c.server;
  p.destination = from_client ? c.server : c.client;
  p.source_port = from_client ? c.client_port : c.server_port;
  p.destination_port = from_client ? c.server_port : c.client_port;
  p.flags = ast::tcp_flag::ack;
  p.state = eval::State::established;
  return p;
}

// A rule whose jump may take the packet, at some time: its number; 0 for none.
std::size_t rule_that_may_act(const ruleset::Ruleset& rules, const eval::Packet& p) {
  for (const ruleset::Jump& jump : rules.jumps) {
    if (jump.hook == eval::hook_of(p.direction) && !eval::mismatch(jump.match, p)) {
      return rules.chains[jump.chain].rule_number;
    }
  }
  return 0;
}

}  // namespace

std::optional<SshConnection> parse_ssh_connection(std::string_view text) {
  std::vector<std::string_view> fields;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    if (space != 0) fields.push_back(text.substr(0, space));
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  if (fields.size() != 4) return std::nullopt;
  const auto client = literals::address(fields[0]);
  const auto server = literals::address(fields[2]);
  const auto client_port = port(fields[1]);
  const auto server_port = port(fields[3]);
  if (!client || !server || !client_port || !server_port || client->family != server->family) return std::nullopt;
  return SshConnection{client->family, address_value(*client), address_value(*server), *client_port, *server_port};
}

std::vector<std::string> ssh_reminder(const Compiled& compiled, const char* ssh_connection) {
  if (ssh_connection == nullptr) return {};
  std::vector<std::string> out;
  std::string protected_words = "remote shell: no rule of this scenario touches";
  for (const std::string& line : compiled.protections) protected_words += "\n  " + printable(line);
  out.push_back(std::move(protected_words));
  const std::optional<SshConnection> c = parse_ssh_connection(ssh_connection);
  if (!c) {
    out.push_back("warning: SSH_CONNECTION is not four fields of addresses and ports: cannot tell whether this "
                  "session is protected");
    return out;
  }
  for (const bool from_client : {true, false}) {
    const eval::Packet p = session_packet(*c, from_client);
    if (eval::protection_for(compiled.rules, p) != nullptr) continue;
    const std::size_t rule = rule_that_may_act(compiled.rules, p);
    if (rule == 0) continue;
    out.push_back(fmt::format("warning: this SSH session (port {} of this host) is not protected, and rule {} may act "
                              "on its {}: add `protect tcp to port {}` to the scenario to keep it",
                              c->server_port, rule, from_client ? "packets" : "replies", c->server_port));
    break;
  }
  return out;
}

}  // namespace faultc::runtime
