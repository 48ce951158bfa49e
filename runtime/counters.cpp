#include "runtime/counters.hpp"

#include <fmt/format.h>

#include <regex>
#include <sstream>

#include "runtime/process.hpp"

namespace faultc::runtime {

namespace {

std::uint64_t to_number(const std::string& text) {
  try {
    return std::stoull(text);
  } catch (const std::exception&) {
    return 0;
  }
}

// One counter line's figures, added to its rule as packets that reached it
// (`seen`), that it dropped or rejected (`hit`), or both.
void add(RuleCounters& c, const std::string& packets, const std::string& bytes, bool seen, bool hit) {
  if (seen) {
    c.seen_packets += to_number(packets);
    c.seen_bytes += to_number(bytes);
  }
  if (hit) {
    c.hit_packets += to_number(packets);
    c.hit_bytes += to_number(bytes);
  }
}

bool is_hit(const std::string& verdict) {
  return verdict.starts_with("drop") || verdict.starts_with("reject") || verdict == "DROP" || verdict == "REJECT";
}

void read_nft(const std::string& id, std::map<std::size_t, RuleCounters>& out) {
  const std::string text = run_command({"nft", "list", "table", "inet", fmt::format("faultc_{}", id)}).out;
  static const std::regex chain_header(R"(^\s*chain (\S+) \{)");
  static const std::regex jump(R"(counter packets (\d+) bytes (\d+) jump rule_(\d+))");
  static const std::regex line(R"(counter packets (\d+) bytes (\d+) (\w+))");
  // A jump that carries its rule's verdict (no chain): seen and hit at once.
  static const std::regex inlined(R"re(counter packets (\d+) bytes (\d+) (drop|reject).* comment "[^"]* rule (\d+)")re");
  std::istringstream in(text);
  std::string row, chain;
  while (std::getline(in, row)) {
    std::smatch m;
    if (std::regex_search(row, m, chain_header)) {
      chain = m[1];
    } else if (std::regex_search(row, m, inlined)) {
      add(out[to_number(m[4])], m[1], m[2], true, true);
    } else if (std::regex_search(row, m, jump)) {
      add(out[to_number(m[3])], m[1], m[2], true, false);
    } else if (chain.starts_with("rule_") && std::regex_search(row, m, line) && is_hit(m[3])) {
      add(out[to_number(chain.substr(5))], m[1], m[2], false, true);
    }
  }
}

void read_iptables(Backend backend, const std::string& id, std::map<std::size_t, RuleCounters>& out) {
  const std::regex jump("^\\[(\\d+):(\\d+)\\] -A FAULTC-" + id + "-(in|out|fwd) .*-j FAULTC-" + id + "-(\\d+)$");
  const std::regex line("^\\[(\\d+):(\\d+)\\] -A FAULTC-" + id + "-(\\d+) .*-j (DROP|REJECT)( .*)?$");
  // A jump that carries its rule's verdict (no chain): seen and hit at once.
  const std::regex inlined("^\\[(\\d+):(\\d+)\\] -A FAULTC-" + id +
                           "-(in|out|fwd) .*--comment \"[^\"]* rule (\\d+)\" -j (DROP|REJECT)( .*)?$");
  for (auto family : {ruleset::Family::ipv4, ruleset::Family::ipv6}) {
    const std::string text = run_command({iptables_tool(backend, family, "-save"), "-c"}).out;
    std::istringstream in(text);
    std::string row;
    while (std::getline(in, row)) {
      std::smatch m;
      if (std::regex_match(row, m, inlined)) {
        add(out[to_number(m[4])], m[1], m[2], true, true);
      } else if (std::regex_match(row, m, jump)) {
        add(out[to_number(m[4])], m[1], m[2], true, false);
      } else if (std::regex_match(row, m, line)) {
        add(out[to_number(m[3])], m[1], m[2], false, true);
      }
    }
  }
}

}  // namespace

std::map<std::size_t, RuleCounters> read_counters(Backend backend, const std::string& id) {
  std::map<std::size_t, RuleCounters> out;
  if (backend == Backend::nft) read_nft(id, out);
  else read_iptables(backend, id, out);
  return out;
}

}  // namespace faultc::runtime
