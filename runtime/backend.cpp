#include "runtime/backend.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <regex>
#include <set>

#include "runtime/object_names.hpp"
#include "runtime/process.hpp"

namespace faultc::runtime {

namespace {

const char* variant(Backend backend) { return backend == Backend::iptables_legacy ? "legacy" : "nft"; }

}  // namespace

std::optional<Backend> backend_from_name(const std::string& name) {
  if (name == "nft") return Backend::nft;
  if (name == "iptables" || name == "iptables-nft") return Backend::iptables_nft;
  if (name == "iptables-legacy") return Backend::iptables_legacy;
  return std::nullopt;
}

std::string backend_name(Backend backend) {
  switch (backend) {
    case Backend::nft: return "nft";
    case Backend::iptables_nft: return "iptables";
    case Backend::iptables_legacy: return "iptables-legacy";
  }
  return "nft";
}

std::string iptables_tool(Backend backend, ruleset::Family family, const char* suffix) {
  return fmt::format("{}tables-{}{}", family == ruleset::Family::ipv4 ? "ip" : "ip6", variant(backend), suffix);
}

std::vector<std::string> backend_tools(Backend backend) {
  if (backend == Backend::nft) return {"nft"};
  std::vector<std::string> tools;
  for (auto family : {ruleset::Family::ipv4, ruleset::Family::ipv6}) {
    for (const char* suffix : {"", "-save", "-restore"}) tools.push_back(iptables_tool(backend, family, suffix));
  }
  return tools;
}

std::vector<std::string> preflight(Backend backend) {
  std::vector<std::string> problems;
  if (geteuid() != 0) problems.push_back("faultc run changes the firewall and must run as root");
  for (const std::string& tool : backend_tools(backend)) {
    if (!command_exists(tool)) {
      problems.push_back(fmt::format("`{}` is not installed; install it with `apt-get install {}`", tool,
                                     backend == Backend::nft ? "nftables" : "iptables"));
    }
  }
  if (problems.empty() && backend == Backend::nft) {
    // Kernel support: a check-only transaction that needs nf_tables and the
    // set features the gate uses.
    const CommandResult r = run_nft(
        {"-c", "-f", "-"},
        "table inet faultc_preflight {\n\tset t {\n\t\ttype nf_proto\n\t\tflags timeout\n"
        "\t\telements = { ipv4 timeout 1s }\n\t}\n}\n");
    if (!r.ok()) problems.push_back(fmt::format("the kernel refused an nft check transaction: {}", r.err));
  }
  return problems;
}

std::optional<std::string> apply(Backend backend, const Artifact& a) {
  if (backend == Backend::nft) {
    const CommandResult r = run_nft({"-f", "-"}, a.nft);
    if (!r.ok()) return fmt::format("nft -f failed: {}", r.err);
    return std::nullopt;
  }
  for (auto family : {ruleset::Family::ipv4, ruleset::Family::ipv6}) {
    const std::string& text = family == ruleset::Family::ipv4 ? a.ipv4 : a.ipv6;
    if (text.empty()) continue;
    const CommandResult r = run_command({iptables_tool(backend, family, "-restore"), "-w", "--noflush"}, text);
    if (!r.ok()) {
      // The other family may already be in: take everything back.
      return fmt::format("{} failed: {}", iptables_tool(backend, family, "-restore"), r.err);
    }
  }
  return std::nullopt;
}

namespace {
std::size_t remove_objects_once(Backend backend, const std::string& id);
}  // namespace

// Another process (a runner and its watchdog at the deadline, or an
// operator's own iptables call) can race a removal; go again while anything
// of the scenario is left, a few times.
std::size_t remove_objects(Backend backend, const std::string& id) {
  std::size_t removed = 0;
  if (!valid_id(id)) return 0;  // nothing faultc made has such a name
  for (int attempt = 0; attempt < 5; ++attempt) {
    removed += remove_objects_once(backend, id);
    const auto ids = present_ids(backend);
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) break;
  }
  return removed;
}

namespace {
std::size_t remove_objects_once(Backend backend, const std::string& id) {
  std::size_t removed = 0;
  if (backend == Backend::nft) {
    const std::string table = fmt::format("faultc_{}", id);
    if (run_nft({"list", "table", "inet", table}).ok()) {
      if (run_nft({"delete", "table", "inet", table}).ok()) ++removed;
    }
    return removed;
  }
  for (auto family : {ruleset::Family::ipv4, ruleset::Family::ipv6}) {
    const std::string tool = iptables_tool(backend, family, "");
    // Plain -save: `-t filter` would create the legacy table where none is.
    const std::string dump = run_command({iptables_tool(backend, family, "-save")}).out;
    // Exactly the chains faultc creates for this id: an operator's own
    // FAULTC-<id>-mine shares the prefix and is not ours.
    std::vector<std::string> chains;
    for (const std::string& line : lines_of(dump)) {
      if (!line.starts_with(':')) continue;
      const std::string chain = line.substr(1, line.find(' ') - 1);
      if (is_faultc_chain(chain, id)) chains.push_back(chain);
    }
    // Jumps from the built-in chains into ours, recognised by the comment
    // every faultc jump carries; deleted by exactly that spec. The id is
    // valid (letters, digits, underscores), so it is safe in a regex.
    const std::regex jump("^-A (INPUT|OUTPUT|FORWARD) -m comment --comment \"?faultc " + id +
                          "\"? -j (FAULTC-" + id + "-(in|out|fwd))$");
    for (const std::string& line : lines_of(dump)) {
      std::smatch m;
      if (!std::regex_match(line, m, jump)) continue;
      if (run_command({tool, "-w", "-D", m[1], "-m", "comment", "--comment", fmt::format("faultc {}", id), "-j", m[2]})
              .ok()) {
        ++removed;
      }
    }
    for (const std::string& chain : chains) run_command({tool, "-w", "-F", chain});
    for (const std::string& chain : chains) {
      if (run_command({tool, "-w", "-X", chain}).ok()) ++removed;
    }
  }
  return removed;
}
}  // namespace

std::vector<std::string> present_ids(Backend backend) {
  std::set<std::string> ids;
  if (backend == Backend::nft) {
    static const std::regex table(R"(^table inet faultc_([a-z0-9_]+)$)");
    for (const std::string& line : lines_of(run_nft({"list", "tables"}).out)) {
      std::smatch m;
      if (std::regex_match(line, m, table) && valid_id(m[1].str())) ids.insert(m[1]);
    }
  } else {
    for (auto family : {ruleset::Family::ipv4, ruleset::Family::ipv6}) {
      const std::string dump = run_command({iptables_tool(backend, family, "-save")}).out;
      for (const std::string& line : lines_of(dump)) {
        if (!line.starts_with(":FAULTC-")) continue;
        if (auto id = faultc_chain_id(line.substr(1, line.find(' ') - 1))) ids.insert(*id);
      }
    }
  }
  return {ids.begin(), ids.end()};
}

Snapshot ruleset_snapshot() {
  // -s (stateless): no counters, quota use or timeout timers; snapshot.cpp
  // removes them again in case a version prints some.
  Snapshot out;
  out.lines = parse_nft_ruleset(run_nft({"-s", "list", "ruleset"}).out);
  for (const char* tool : {"iptables-legacy", "ip6tables-legacy"}) {
    const std::string save_tool = fmt::format("{}-save", tool);
    if (!command_exists(save_tool)) continue;
    auto lines = parse_iptables_save(run_command({save_tool}).out, tool);
    out.lines.insert(out.lines.end(), lines.begin(), lines.end());
  }
  return out;
}

IptablesNftLayout iptables_nft_layout() {
  IptablesNftLayout layout;
  static const std::regex chain(R"(^\s*chain (\S+) \{)");
  for (const char* family : {"ip", "ip6"}) {
    const CommandResult r = run_nft({"list", "table", family, "filter"});
    if (!r.ok()) continue;
    auto& chains = layout.tables[family];
    for (const std::string& line : lines_of(r.out)) {
      std::smatch m;
      if (std::regex_search(line, m, chain)) chains.insert(m[1]);
    }
  }
  return layout;
}

void remove_iptables_nft_leftovers(const IptablesNftLayout& before) {
  const IptablesNftLayout now = iptables_nft_layout();
  for (const auto& [family, chains] : now.tables) {
    const auto was = before.tables.find(family);
    for (const std::string& chain : chains) {
      const bool existed = was != before.tables.end() && was->second.count(chain) != 0;
      // nft refuses to delete a chain that still has rules: only empty
      // chains this run created go.
      if (!existed) run_nft({"delete", "chain", family, "filter", chain});
    }
    // `delete table` takes every chain and rule in it: only a table this
    // run created, and only once none of its chains is left (another
    // scenario's or the operator's rules may have arrived in it since).
    if (was != before.tables.end()) continue;
    const auto left = iptables_nft_layout().tables;
    const auto still = left.find(family);
    if (still != left.end() && still->second.empty()) run_nft({"delete", "table", family, "filter"});
  }
}

}  // namespace faultc::runtime
