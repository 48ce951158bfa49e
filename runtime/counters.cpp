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
      RuleCounters& c = out[to_number(m[4])];
      c.seen_packets += to_number(m[1]);
      c.seen_bytes += to_number(m[2]);
      c.hit_packets += to_number(m[1]);
      c.hit_bytes += to_number(m[2]);
    } else if (std::regex_search(row, m, jump)) {
      RuleCounters& c = out[to_number(m[3])];
      c.seen_packets += to_number(m[1]);
      c.seen_bytes += to_number(m[2]);
    } else if (chain.starts_with("rule_") && std::regex_search(row, m, line) && is_hit(m[3])) {
      RuleCounters& c = out[to_number(chain.substr(5))];
      c.hit_packets += to_number(m[1]);
      c.hit_bytes += to_number(m[2]);
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
        RuleCounters& c = out[to_number(m[4])];
        c.seen_packets += to_number(m[1]);
        c.seen_bytes += to_number(m[2]);
        c.hit_packets += to_number(m[1]);
        c.hit_bytes += to_number(m[2]);
      } else if (std::regex_match(row, m, jump)) {
        RuleCounters& c = out[to_number(m[4])];
        c.seen_packets += to_number(m[1]);
        c.seen_bytes += to_number(m[2]);
      } else if (std::regex_match(row, m, line)) {
        RuleCounters& c = out[to_number(m[3])];
        c.hit_packets += to_number(m[1]);
        c.hit_bytes += to_number(m[2]);
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
