// heal.yml: on every node it reaches, cancel a pending arm, run the
// node's teardown (which deletes the run's table and nothing else) and
// remove the run's files. It stages the teardown and the script itself, so
// that it heals a node whatever site.yml got to do there, and running it
// again finds nothing to do. No any_errors_fatal: a node that cannot be
// reached must not keep the others from healing.
#include <fmt/format.h>

#include "compiler/ansible/parts.hpp"

namespace faultc::ansible {

std::string heal_playbook(const Input& input) {
  std::string out = playbook_header(input, "heal.yml");
  out += "\n- name: faultc heal\n"
         "  hosts: \"{{ faultc_hosts | default('faultc') }}\"\n"
         "  gather_facts: false\n";
  out += run_variables(input);
  out += "  tasks:\n";
  if (input.options.backend == Backend::iptables) {
    out += staging_tasks("the node's teardowns and the arming script",
                         "        - {src: \"nodes/{{ inventory_hostname }}.teardown.rules.v4\", dest: node.teardown.rules.v4, "
                         "mode: \"0600\"}\n"
                         "        - {src: \"nodes/{{ inventory_hostname }}.teardown.rules.v6\", dest: node.teardown.rules.v6, "
                         "mode: \"0600\"}\n");
    out += "    - name: cancel a pending arm, remove the run's chains, remove the run's files\n"
           "      command:\n";
  } else {
    out += staging_tasks("the node's teardown and the arming script",
                         "        - {src: \"nodes/{{ inventory_hostname }}.teardown.nft\", dest: node.teardown.nft, "
                         "mode: \"0600\"}\n");
    out += "    - name: cancel a pending arm, delete the run's table, remove the run's files\n"
           "      command:\n";
  }
  out += arm_argv(input, "heal");
  out += "      register: faultc_heal\n"
         "      changed_when: \"'removed' in faultc_heal.stdout or 'cancelled' in faultc_heal.stdout\"\n";
  return out;
}

}  // namespace faultc::ansible
