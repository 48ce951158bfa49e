// site.yml: preflight and staging, arming, verifying. Nothing is armed
// anywhere unless every node of the plan answered, has the tools, a clock
// near the controller's and a batch nft accepts (any_errors_fatal, and an
// explicit check that the play still holds every node). START is computed
// once, on the controller, at the end of the preflight, so that the lead
// time is what is left for the arming tasks to reach every node.
#include <fmt/format.h>

#include "compiler/ansible/parts.hpp"

namespace faultc::ansible {

namespace {

// The play's first lines. `strict`: stop every node at the first failure.
std::string play_start(std::string_view name, std::string_view variables, bool strict) {
  return fmt::format(
      "\n- name: {}\n"
      "  hosts: \"{{{{ faultc_hosts | default('faultc') }}}}\"\n"
      "  gather_facts: false\n"
      "{}"
      "{}"
      "  tasks:\n",
      name, strict ? "  any_errors_fatal: true\n  max_fail_percentage: 0\n" : "", variables);
}

// Unreachable nodes leave the play (ansible-core 2.14 ends the run on one
// under any_errors_fatal; the check holds even where it would not), and an
// inventory may miss a node of the plan or hold one that is not in it.
constexpr const char* kEveryNode = R"yaml(    - name: the play holds every node of the plan, and only those
      run_once: true
      assert:
        that:
          - faultc_nodes | difference(ansible_play_hosts) | length == 0
          - ansible_play_hosts_all | difference(faultc_nodes) | length == 0
        fail_msg: >-
          nothing armed: nodes of the plan unreachable, failed or missing from the inventory:
          {{ faultc_nodes | difference(ansible_play_hosts) | join(', ') or 'none' }};
          hosts not in the plan: {{ ansible_play_hosts_all | difference(faultc_nodes) | join(', ') or 'none' }}
        quiet: true
)yaml";

// The probe echoes the controller's time when the task was sent beside the
// node's; the check takes the controller's time again once the answer is
// back, so the skew lies between two bounds, and a node fails only when it
// is surely past the bound (a slow controller widens the interval, never
// fails a node).
constexpr const char* kPreflightChecks = R"yaml(    - name: enough forks to reach every node at once
      run_once: true
      assert:
        that: ansible_forks | int >= faultc_nodes | length
        fail_msg: "run with -f {{ faultc_nodes | length }} or more: {{ ansible_forks }} forks reach the nodes in waves"
        quiet: true
    - name: TOOLS and date +%N are there; the node's clock
      shell: |
TOOL_PROBE        node=$(date +%s%N)
        case $node in *[!0-9]* | '') echo "date +%s%N gives no nanoseconds: $node" >&2; exit 1 ;; esac
        echo "{{ now().timestamp() }} $node"
      register: faultc_probe
      changed_when: false
    - name: the node's clock is within faultc_max_clock_skew_ms of the controller's
      vars:
        sent: "{{ faultc_probe.stdout.split()[0] | float }}"
        node: "{{ (faultc_probe.stdout.split()[1] | int) / 1000000000 }}"
        back: "{{ now().timestamp() }}"
        bound: "{{ (faultc_max_clock_skew_ms | default(DEFAULT_SKEW) | float) / 1000 }}"
      assert:
        that:
          - node | float - back | float <= bound | float
          - sent | float - node | float <= bound | float
        fail_msg: >-
          {{ inventory_hostname }}: its clock is about
          {{ '%.0f' | format((node | float - (sent | float + back | float) / 2) * 1000) }} ms off the controller's,
          past faultc_max_clock_skew_ms ({{ (bound | float * 1000) | int }})
        quiet: true
)yaml";

constexpr const char* kCheck = R"yaml(    - name: CHECK_NAME
      command:
ARGV_CHECK      changed_when: false
)yaml";

constexpr const char* kStart = R"yaml(    - name: one START for every node, computed once on the controller
      run_once: true
      delegate_to: localhost
      set_fact:
        faultc_start_epoch: "{{ faultc_start | default((now().timestamp() | int) + (faultc_lead | default(DEFAULT_LEAD) | int)) | int }}"
    - name: START is epoch seconds and END is still ahead
      run_once: true
      assert:
        that:
          - faultc_start_epoch | int > 0
          - faultc_life_ms == 'ever' or now().timestamp() * 1000 < (faultc_start_epoch | int) * 1000 + (faultc_life_ms | int)
        fail_msg: "refused, nothing armed: START {{ faultc_start_epoch }} + {{ faultc_life_ms }} ms is past (or faultc_start is not epoch seconds)"
        quiet: true
)yaml";

// iptables: the rules' windows are absolute times from the START they were
// compiled for, so that START is the playbook's and no other is taken.
constexpr const char* kFixedStart = R"yaml(    - name: one START for every node, the one the rules are bound to (faultc compile --start)
      run_once: true
      delegate_to: localhost
      set_fact:
        faultc_start_epoch: "FIXED_START"
    - name: faultc_start, if given, is that START, and END is still ahead
      run_once: true
      assert:
        that:
          - faultc_start is not defined or (faultc_start | int) == (faultc_start_epoch | int)
          - faultc_life_ms == 'ever' or now().timestamp() * 1000 < (faultc_start_epoch | int) * 1000 + (faultc_life_ms | int)
        fail_msg: >-
          refused, nothing armed: the rules are bound to START FIXED_START (faultc compile --start);
          faultc_start {{ faultc_start | default('(not given)') }} is another START (compile again with that --start),
          or START + {{ faultc_life_ms }} ms is past
        quiet: true
)yaml";

// async + poll 0: the arm runs on the node, detached; a rule that cuts
// SSH, a killed ansible-playbook or a lost controller cannot stop it. Its
// timeout (Ansible kills the job after it) covers the wait for START.
constexpr const char* kArm = R"yaml(    - name: arm at START, detached from this play
      command:
ARGV_ARM      async: "{{ [(faultc_start_epoch | int) - (now().timestamp() | int), 0] | max + 120 }}"
      poll: 0
)yaml";

constexpr const char* kVerify = R"yaml(    - name: after START, the LOADED loaded; when each node armed
      command:
ARGV_VERIFY      register: faultc_verify
      changed_when: false
    - name: each node's arm time
      run_once: true
      debug:
        msg: >-
          faultc armed: {{ item }} at {{ hostvars[item].faultc_verify.stdout.split()[0] }},
          START + {{ '%.3f' | format((hostvars[item].faultc_verify.stdout.split()[1] | int) / 1000) }} ms
      loop: "{{ ansible_play_hosts }}"
    - name: the skew between the first and the last node to arm
      run_once: true
      vars:
        offsets: "{{ ansible_play_hosts | map('extract', hostvars, ['faultc_verify', 'stdout']) | map('split') | map('last') | map('int') | list }}"
      debug:
        msg: "faultc skew: {{ '%.3f' | format(((offsets | max) - (offsets | min)) / 1000) }} ms over {{ offsets | length }} nodes"
)yaml";

std::string replaced(std::string text, std::string_view placeholder, std::string_view by) {
  for (std::size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + by.size())) {
    text.replace(at, placeholder.size(), by);
  }
  return text;
}

// What differs between the backends' playbooks: the tools, the files, the
// check, what verify finds. The nft words are the ones site.yml always had.
struct BackendWords {
  const char* tools;
  const char* tool_probe;  // shell lines, at the probe's indentation
  const char* staged;      // the staging loop's items
  const char* check_name;
  const char* loaded;
};

constexpr BackendWords kNftWords{
    "nft",
    "        command -v nft >/dev/null || { echo \"nft is not installed\" >&2; exit 1; }\n",
    "        - {src: \"nodes/{{ inventory_hostname }}.nft\", dest: node.nft, mode: \"0600\"}\n"
    "        - {src: \"nodes/{{ inventory_hostname }}.gates\", dest: node.gates, mode: \"0600\"}\n",
    "nft accepts the batch the node will load",
    "table is",
};

constexpr BackendWords kIptablesWords{
    "iptables-restore",
    "        for tool in iptables-restore iptables-save ip6tables-restore ip6tables-save; do\n"
    "          command -v $tool >/dev/null || { echo \"$tool is not installed\" >&2; exit 1; }\n"
    "        done\n",
    "        - {src: \"nodes/{{ inventory_hostname }}.rules.v4\", dest: node.rules.v4, mode: \"0600\"}\n"
    "        - {src: \"nodes/{{ inventory_hostname }}.rules.v6\", dest: node.rules.v6, mode: \"0600\"}\n",
    "iptables-restore --test accepts the rules the node will load",
    "run's chains are",
};

}  // namespace

std::string site_playbook(const Input& input) {
  const Options& o = input.options;
  const bool iptables = o.backend == Backend::iptables;
  const BackendWords& words = iptables ? kIptablesWords : kNftWords;
  std::string out = playbook_header(input, "site.yml");
  out += play_start("faultc preflight and staging", run_variables(input), true);
  out += kEveryNode;
  out += replaced(replaced(replaced(kPreflightChecks, "DEFAULT_SKEW", std::to_string(o.max_clock_skew_ms)),
                           "TOOL_PROBE", words.tool_probe),
                  "TOOLS", words.tools);
  // The teardown is heal.yml's to stage: each copy costs about a second
  // per item on a small fleet (three SSH round trips per file and node).
  out += staging_tasks(iptables ? "the node's rules and the arming script"
                                : "the node's artifact, gates and the arming script",
                       words.staged);
  out += replaced(replaced(kCheck, "CHECK_NAME", words.check_name), "ARGV_CHECK", arm_argv(input, "check"));
  if (iptables) {
    out += replaced(kFixedStart, "FIXED_START", std::to_string(o.start_unix.value_or(0)));
  } else {
    out += replaced(kStart, "DEFAULT_LEAD", std::to_string(o.lead_s));
  }
  out += play_start("faultc arm", "  vars: *faultc_run\n", true);
  out += kEveryNode;
  out += replaced(kArm, "ARGV_ARM", arm_argv(input, "arm", ", \"{{ faultc_start_epoch }}\", \"{{ faultc_life_ms }}\""));
  out += play_start("faultc verify", "  vars: *faultc_run\n", false);
  std::string verify = replaced(replaced(kVerify, "LOADED", words.loaded), "ARGV_VERIFY",
                                arm_argv(input, "verify", ", \"{{ faultc_start_epoch }}\""));
  // iptables loads ahead of START: the offset is signed ("START -38932.243 ms").
  if (iptables) verify = replaced(verify, "START + {{ '%.3f'", "START {{ '%+.3f'");
  out += verify;
  return out;
}

}  // namespace faultc::ansible
