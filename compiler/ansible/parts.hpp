#pragma once
// The pieces write_ansible joins, one function per file (and the YAML the
// two playbooks share). Every value they print was checked by
// write_ansible (ansible.hpp's is_* functions) or is printed only in a
// comment, sanitized.
#include <string>

#include "compiler/ansible/ansible.hpp"

namespace faultc::ansible {

std::string site_playbook(const Input& input);
std::string heal_playbook(const Input& input);
std::string arm_script();
std::string inventory_text(const fleet::Plan& plan);

// Shared by both playbooks: the header comment, the play's variables (a
// YAML anchor, `&faultc_run`, which later plays of the same file alias),
// the tasks that stage files into the run's directory on each node.
std::string playbook_header(const Input& input, std::string_view what);
std::string run_variables(const Input& input);
std::string staging_tasks(std::string_view what, std::string_view items);
// The arguments of a faultc-arm.sh command, as a YAML argv list.
// iptables: `-b iptables` before the command.
std::string arm_argv(const Input& input, std::string_view command, std::string_view extra = {});

}  // namespace faultc::ansible
