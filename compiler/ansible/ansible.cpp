// write_ansible: checks every value that reaches YAML, Jinja, an inventory
// or a shell command, then joins the files. A plan with one bad value gets
// no file at all.
#include "compiler/ansible/ansible.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

#include "compiler/ansible/parts.hpp"
#include "compiler/fleet/plan_text.hpp"

namespace faultc::ansible {

namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// An absolute path of plain characters: it is printed in a Jinja default
// inside a YAML string.
bool is_state_dir(std::string_view path) {
  return path.starts_with('/') && path.size() <= 256 && std::all_of(path.begin(), path.end(), [](char c) {
           return is_word_char(c) || c == '/' || c == '.' || c == '-';
         });
}

bool is_gate_name(std::string_view name) {
  return name.starts_with("t_") && is_kernel_name(name);
}

void check_node(const fleet::Node& node, const NodeArtifacts& artifacts, bool iptables,
                std::vector<std::string>& errors) {
  // The name is printed only once checked; what is wrong is said without it.
  if (!is_node_name(node.name)) {
    errors.push_back("a node's name is not a name Ansible and the playbooks can take ([A-Za-z_][A-Za-z0-9_-]*, "
                     "at most 63 characters, not all, ungrouped, localhost or faultc)");
    return;
  }
  if (node.addresses.empty()) errors.push_back(fmt::format("node {} has no address for the inventory", node.name));
  if (!std::all_of(node.addresses.begin(), node.addresses.end(), is_address_text)) {
    errors.push_back(fmt::format("node {}: an address is not one IPv4 or IPv6 address", node.name));
  }
  const bool table_ok = iptables ? is_chain_prefix(artifacts.table) : is_kernel_name(artifacts.table);
  if (!table_ok) errors.push_back(fmt::format("node {}: bad {} name", node.name, iptables ? "chain prefix" : "table"));
  for (const emit::NftGate& gate : artifacts.gates) {
    if (!is_gate_name(gate.name)) errors.push_back(fmt::format("node {}: bad gate name", node.name));
  }
}

std::vector<std::string> check_input(const Input& input) {
  std::vector<std::string> errors;
  const fleet::Plan& plan = input.plan;
  if (plan.nodes.empty()) errors.push_back("the plan has no node");
  if (input.nodes.size() != plan.nodes.size()) {
    errors.push_back(fmt::format("{} nodes but {} compiled", plan.nodes.size(), input.nodes.size()));
    return errors;
  }
  if (!is_kernel_name(input.run_id)) errors.push_back("the run id is not [a-z0-9_]{1,32}");
  if (!is_state_dir(input.options.state_dir)) errors.push_back("the state directory is not a plain absolute path");
  const bool iptables = input.options.backend == Backend::iptables;
  // The iptables rules' windows are bound to START: the playbook fixes it.
  if (iptables && !(input.options.start_unix && *input.options.start_unix > 0)) {
    errors.push_back("the iptables backend needs the START its rules are bound to (--start)");
  }
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < plan.nodes.size(); ++i) {
    check_node(plan.nodes[i], input.nodes[i], iptables, errors);
    if (!names.insert(plan.nodes[i].name).second && is_node_name(plan.nodes[i].name)) {
      errors.push_back(fmt::format("node {} is declared twice", plan.nodes[i].name));
    }
  }
  if (plan.controller && !is_address_text(*plan.controller)) {
    errors.push_back("the controller is not one IPv4 or IPv6 address");
  }
  return errors;
}

}  // namespace

bool is_node_name(std::string_view name) {
  static constexpr std::array<std::string_view, 4> kTaken = {"all", "ungrouped", "localhost", "faultc"};
  if (name.empty() || name.size() > 63 || name.front() == '-' || (name.front() >= '0' && name.front() <= '9')) {
    return false;
  }
  if (std::find(kTaken.begin(), kTaken.end(), name) != kTaken.end()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return is_word_char(c) || c == '-'; });
}

bool is_address_text(std::string_view address) {
  if (address.empty() || address.size() > 45) return false;
  const std::string text(address);
  unsigned char buffer[16];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 || inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

bool is_chain_prefix(std::string_view name) {
  return name.starts_with("FAULTC-") && is_kernel_name(name.substr(7));
}

bool is_kernel_name(std::string_view name) {
  return !name.empty() && name.size() <= 32 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Output write_ansible(const Input& input) {
  Output out;
  out.errors = check_input(input);
  if (!out.ok()) return out;
  const fleet::Plan& plan = input.plan;
  out.files.push_back({"inventory.ini", inventory_text(plan), 0644});
  out.files.push_back({"site.yml", site_playbook(input), 0644});
  out.files.push_back({"heal.yml", heal_playbook(input), 0644});
  out.files.push_back({"plan.txt", fleet::plan_text(plan, true), 0644});
  out.files.push_back({"files/faultc-arm.sh", arm_script(), 0755});
  for (std::size_t i = 0; i < plan.nodes.size(); ++i) {
    const std::string base = "nodes/" + plan.nodes[i].name;
    const NodeArtifacts& node = input.nodes[i];
    out.files.push_back({base + ".fault", plan.nodes[i].scenario, 0644});
    if (input.options.backend == Backend::iptables) {
      // Both families for every node, so that the playbooks stage the same
      // files everywhere; the script skips a file that declares no chain.
      out.files.push_back({base + ".rules.v4", node.rules4, 0644});
      out.files.push_back({base + ".rules.v6", node.rules6, 0644});
      out.files.push_back({base + ".teardown.rules.v4", node.teardown4, 0644});
      out.files.push_back({base + ".teardown.rules.v6", node.teardown6, 0644});
      continue;
    }
    out.files.push_back({base + ".nft", node.nft, 0644});
    out.files.push_back({base + ".teardown.nft", node.teardown, 0644});
    out.files.push_back({base + ".gates", emit::nft_gates_text(node.gates), 0644});
  }
  return out;
}

}  // namespace faultc::ansible
