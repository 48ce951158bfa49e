#pragma once
// `faultc compile -t ansible`: a fleet plan and each node's compiled
// artifacts to the files of an Ansible run (an inventory, site.yml,
// heal.yml, the arming script, the plan, the nodes' artifacts). A pure
// function: the same input gives the same bytes. The contract the files
// keep is docs/fleet.md's ("The Ansible output").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/emit/nft_gates.hpp"
#include "compiler/fleet/plan.hpp"
#include "compiler/source/write_directory.hpp"

namespace faultc::ansible {

// What each node loads: nft (a table whose gates the kernel expires) or
// iptables-restore (chains whose windows are `-m time` matches bound to
// one absolute START, `faultc compile --start`).
enum class Backend { nft, iptables };

// One node's compiled scenario (compiler/driver/fleet_ansible.hpp makes it).
struct NodeArtifacts {
  std::string nft;       // `faultc compile -t nft` of the node's scenario
  std::string teardown;  // `--teardown`
  // nft: the table both name, faultc_<id>; iptables: the chains' prefix,
  // FAULTC-<id>.
  std::string table;
  std::vector<emit::NftGate> gates;
  // iptables: `faultc compile -t iptables-restore --start` and `-t
  // ip6tables-restore --start`, and their teardowns (`--teardown`);
  // defaulted, so that an nft node's initializer can leave them out.
  std::string rules4 = {}, rules6 = {}, teardown4 = {}, teardown6 = {};
};

struct Options {
  std::uint64_t lead_s = 15;  // the default START: the controller's now + this
  std::uint64_t max_clock_skew_ms = 500;
  std::string state_dir = "/run/faultc";  // the default faultc_state_dir
  Backend backend = Backend::nft;
  // iptables: the START the rules are bound to (epoch seconds), the
  // playbook's fixed START.
  std::optional<std::int64_t> start_unix;
};

struct Input {
  const fleet::Plan& plan;
  std::vector<NodeArtifacts> nodes;  // one per plan node, in the plan's order
  std::string run_id;                // [a-z0-9_]: names the run's files on each node
  Options options;
};

// A file of the output directory, relative to it.
using File = OutputFile;

struct Output {
  std::vector<File> files;          // in a fixed order
  std::vector<std::string> errors;  // why the plan cannot be written (nothing is then)
  bool ok() const { return errors.empty(); }
};

Output write_ansible(const Input& input);

// What goes into a playbook or a shell command must be one of these or is
// refused: user text never reaches YAML, Jinja or sh unchecked.
bool is_node_name(std::string_view name);       // [A-Za-z_][A-Za-z0-9_-]{0,62}, not an Ansible group's name
bool is_address_text(std::string_view address);  // one IPv4 or IPv6 address
bool is_kernel_name(std::string_view name);      // [a-z0-9_]{1,32}: a run id, a table
bool is_chain_prefix(std::string_view name);     // FAULTC- and a kernel name: a run's iptables chains

// site.yml's first line starts with this: how the CLI knows an output
// directory it may replace.
inline constexpr std::string_view kSiteHeader = "# faultc fleet playbook";

}  // namespace faultc::ansible
