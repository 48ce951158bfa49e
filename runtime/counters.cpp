#include "runtime/counters.hpp"

#include <fmt/format.h>

#include <regex>
#include <sstream>
#include <tuple>

#include "runtime/object_names.hpp"
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
// (`seen`), as what the line did to them (`outcome`), or both.
void add(RuleCounters& c, const std::string& packets, const std::string& bytes, bool seen,
         std::optional<Outcome> outcome) {
  const std::uint64_t p = to_number(packets), b = to_number(bytes);
  if (seen) {
    c.seen_packets += p;
    c.seen_bytes += b;
  }
  if (!outcome) return;
  auto [kp, kb] = *outcome == Outcome::dropped    ? std::tie(c.dropped_packets, c.dropped_bytes)
                   : *outcome == Outcome::rejected ? std::tie(c.rejected_packets, c.rejected_bytes)
                                                   : std::tie(c.limited_packets, c.limited_bytes);
  kp += p;
  kb += b;
}

}  // namespace

void count_nft(const std::string& text, std::map<std::size_t, RuleCounters>& out) {
  static const std::regex chain_header(R"(^\s*chain (\S+) \{)");
  // What enters a rule: a jump from a hook, or a window's line of the
  // rule's gate chain (the hook's jumps into gate_<n> are not counted: they
  // pass outside the windows too).
  static const std::regex jump(R"(counter packets (\d+) bytes (\d+) jump rule_(\d+))");
  static const std::regex line(R"(counter packets (\d+) bytes (\d+) (\w+))");
  // An entry that carries its rule's verdict (no chain): seen and hit at once.
  static const std::regex inlined(R"re(counter packets (\d+) bytes (\d+) (drop|reject).* comment "[^"]* rule (\d+)")re");
  std::istringstream in(text);
  std::string row, chain;
  while (std::getline(in, row)) {
    std::smatch m;
    if (std::regex_search(row, m, chain_header)) {
      chain = m[1];
    } else if (std::regex_search(row, m, inlined)) {
      add(out[to_number(m[4])], m[1], m[2], true, outcome_of(row));
    } else if (std::regex_search(row, m, jump)) {
      add(out[to_number(m[3])], m[1], m[2], true, std::nullopt);
    } else if (chain.starts_with("rule_") && std::regex_search(row, m, line)) {
      add(out[to_number(chain.substr(5))], m[1], m[2], false, outcome_of(row));
    }
  }
}

void count_iptables(const std::string& text, const std::string& id, std::map<std::size_t, RuleCounters>& out) {
  if (!valid_id(id)) return;  // never into a regex
  // What enters a rule: a jump from a dispatch chain, or a window's line of
  // its gate chain (`<n>g`, or when hashed 7 or 8 hex digits, not all
  // digits: a rule chain's name is). The rule chain entered has a number of
  // at most 7 digits: never a hashed name of 8.
  const std::string entry =
      "^\\[(\\d+):(\\d+)\\] -A FAULTC-" + id + "-(in|out|fwd|\\d+g|(?!\\d+ )[0-9a-f]{7,8}) ";
  const std::regex jump(entry + ".*-j FAULTC-" + id + "-(\\d{1,7})$");
  const std::regex line("^\\[(\\d+):(\\d+)\\] -A FAULTC-" + id + "-(\\d+) .*-j (DROP|REJECT)( .*)?$");
  // An entry that carries its rule's verdict (no chain): seen and hit at once.
  const std::regex inlined(entry + ".*--comment \"[^\"]* rule (\\d+)\" -j (DROP|REJECT)( .*)?$");
  std::istringstream in(text);
  std::string row;
  while (std::getline(in, row)) {
    std::smatch m;
    if (std::regex_match(row, m, inlined)) {
      add(out[to_number(m[4])], m[1], m[2], true, outcome_of(row));
    } else if (std::regex_match(row, m, jump)) {
      add(out[to_number(m[4])], m[1], m[2], true, std::nullopt);
    } else if (std::regex_match(row, m, line)) {
      add(out[to_number(m[3])], m[1], m[2], false, outcome_of(row));
    }
  }
}

std::optional<Outcome> outcome_of(const std::string& rule_text) {
  // The label comment names the scenario file, which may say anything.
  static const std::regex comment(R"re((-m comment )?-?-?comment "[^"]*")re");
  static const std::regex verdict(R"((?:^|\s)(drop|reject|-j DROP|-j REJECT)(?:\s|$))");
  const std::string text = std::regex_replace(rule_text, comment, "");
  std::smatch m;
  if (!std::regex_search(text, m, verdict)) return std::nullopt;
  if (text.find("limit rate over") != std::string::npos || text.find("-m hashlimit") != std::string::npos ||
      text.find("-m limit") != std::string::npos) {
    return Outcome::limited;
  }
  return m[1] == "reject" || m[1] == "-j REJECT" ? Outcome::rejected : Outcome::dropped;
}

std::map<std::size_t, RuleCounters> read_counters(Backend backend, const std::string& id) {
  std::map<std::size_t, RuleCounters> out;
  if (!valid_id(id)) return out;  // and never into a regex or a command
  if (backend == Backend::nft) {
    count_nft(run_nft({"list", "table", "inet", fmt::format("faultc_{}", id)}).out, out);
    return out;
  }
  for (auto family : {ruleset::Family::ipv4, ruleset::Family::ipv6}) {
    count_iptables(run_command({iptables_tool(backend, family, "-save"), "-c"}).out, id, out);
  }
  return out;
}

}  // namespace faultc::runtime
