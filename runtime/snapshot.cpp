#include "runtime/snapshot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <regex>
#include <sstream>

#include "runtime/object_names.hpp"

namespace faultc::runtime {

namespace {

std::string trim(const std::string& text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  const std::size_t last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

// What changes by itself: counters, quota use, timeout sets' timers.
std::string without_volatile(std::string text) {
  static const std::regex counter(R"(counter packets \d+ bytes \d+)");
  static const std::regex expires(R"( expires [0-9dhms]+)");
  static const std::regex used(R"( used \d+ [a-z]+)");
  static const std::regex last_used(R"( last used (never|[0-9dhms]+( ago)?))");
  static const std::regex save_counters(R"( \[\d+:\d+\])");
  text = std::regex_replace(text, counter, "counter");
  text = std::regex_replace(text, expires, "");
  text = std::regex_replace(text, used, "");
  text = std::regex_replace(text, last_used, "");
  return std::regex_replace(text, save_counters, "");
}

// A named counter's own figures ("packets 5 bytes 300"): volatile as a whole.
bool counter_figures(const std::string& text) {
  static const std::regex figures(R"(packets \d+ bytes \d+)");
  return std::regex_match(text, figures);
}

// "{ a timeout 1h, b comment "x, y" }" → its elements: commas split them
// outside quotes and nested braces.
std::vector<std::string> split_elements(const std::string& braced) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  bool quoted = false;
  for (char c : braced) {
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '{') {
      if (depth++ == 0) continue;
    } else if (!quoted && c == '}') {
      if (--depth == 0) continue;
    } else if (!quoted && c == ',' && depth == 1) {
      out.push_back(trim(current));
      current.clear();
      continue;
    }
    current += c == '\n' || c == '\t' ? ' ' : c;
  }
  out.push_back(trim(current));
  std::erase_if(out, [](const std::string& e) { return e.empty(); });
  return out;
}

// The change in brace depth over a line, outside quoted strings.
int brace_balance(const std::string& text) {
  int balance = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    else if (!quoted && c == '{') ++balance;
    else if (!quoted && c == '}') --balance;
  }
  return balance;
}

}  // namespace

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::string where(const SnapshotLine& line) {
  std::string out = line.source;
  if (!line.table.empty()) out += " table " + line.table;
  if (!line.block.empty()) out += ", " + line.block;
  return out;
}

std::vector<SnapshotLine> parse_nft_ruleset(const std::string& text) {
  std::vector<SnapshotLine> out;
  std::string table, block;
  bool dynamic = false;  // the block is a set with `flags dynamic`
  std::string elements;  // an `elements = { ... }` being gathered
  int elements_depth = 0;
  for (const std::string& raw : lines_of(text)) {
    const std::string line = trim(raw);
    if (elements_depth > 0) {
      elements += " " + line;
      elements_depth += brace_balance(line);
    } else if (line.starts_with("elements = {")) {
      elements = line.substr(line.find('{'));
      elements_depth = brace_balance(elements);
    } else if (line.empty() || line.starts_with('#')) {
      continue;
    } else if (line == "}") {
      if (!block.empty()) block.clear();
      else table.clear();
      dynamic = false;
      continue;
    } else if (line.ends_with(" {") && brace_balance(line) == 1) {
      const std::string header = line.substr(0, line.size() - 2);
      if (table.empty() && header.starts_with("table ")) {
        out.push_back({"nft", "", "", header});
        table = header.substr(6);
      } else {
        out.push_back({"nft", table, "", header});
        block = header;
      }
      continue;
    } else {
      if (line.starts_with("flags ") && line.find("dynamic") != std::string::npos) dynamic = true;
      if (!counter_figures(line)) out.push_back({"nft", table, block, without_volatile(line)});
      continue;
    }
    if (elements_depth > 0) continue;
    // A set the packet path fills (`flags dynamic`: meters, `add @s`,
    // `update @s`) holds traffic state, like a counter: its elements come
    // and go with the packets, not with anyone's change.
    if (dynamic) continue;
    // A complete element list: one line per element, in a fixed order.
    std::vector<std::string> items = split_elements(elements);
    for (std::string& item : items) item = "element " + without_volatile(item);
    std::sort(items.begin(), items.end());
    for (std::string& item : items) out.push_back({"nft", table, block, std::move(item)});
  }
  return out;
}

std::vector<SnapshotLine> parse_iptables_save(const std::string& text, const std::string& tool) {
  std::vector<SnapshotLine> out;
  std::string table;
  for (const std::string& raw : lines_of(text)) {
    const std::string line = trim(raw);
    if (line.empty() || line.starts_with('#') || line == "COMMIT") continue;
    if (line.starts_with('*')) {
      table = line.substr(1);
      out.push_back({tool, "", "", "table " + table});
    } else if (line.starts_with("-A ")) {
      const std::size_t end = line.find(' ', 3);
      out.push_back({tool, table, "chain " + line.substr(3, end - 3), without_volatile(line)});
    } else {
      out.push_back({tool, table, "", without_volatile(line)});
    }
  }
  return out;
}

namespace {

// The chain a rule jumps or goes to, in nft's or iptables-save's words.
std::string jump_target(const std::string& text) {
  static const std::regex target(R"re((?:^|\s)(?:jump|goto|-j|-g)\s+"?([^"\s]+)"?(?:\s|$))re");
  std::smatch m;
  return std::regex_search(text, m, target) ? std::string(m[1]) : std::string();
}

// "chain FAULTC-x-in" (nft) or ":FAULTC-x-in - [0:0]" (save): the name.
std::string declared_chain(const SnapshotLine& line) {
  if (line.block.empty() && line.text.starts_with("chain ")) return line.text.substr(6);
  if (line.block.empty() && line.text.starts_with(':')) return line.text.substr(1, line.text.find(' ') - 1);
  return {};
}

bool owned_by(const SnapshotLine& line, const std::set<std::string>& ids) {
  for (const std::string& id : ids) {
    const std::string table = "inet faultc_" + id;
    if (line.source == "nft" && (line.table == table || (line.table.empty() && line.text == "table " + table))) {
      return true;
    }
    if (line.block.starts_with("chain ") && is_faultc_chain(line.block.substr(6), id)) return true;
    if (const std::string chain = declared_chain(line); !chain.empty() && is_faultc_chain(chain, id)) return true;
    if (!line.block.empty() && is_faultc_dispatch_chain(jump_target(line.text), id)) return true;
  }
  return false;
}

const std::set<std::string>& builtin_chains() {
  static const std::set<std::string> names{"INPUT", "FORWARD", "OUTPUT", "PREROUTING", "POSTROUTING"};
  return names;
}

// Whether a table's lines are only empty built-in chains that accept: what
// iptables leaves behind once it has been used, and which filters nothing.
bool inert_iptables_table(const std::vector<const SnapshotLine*>& lines) {
  static const std::regex nft_base(R"(type \w+ hook \w+ priority [-\w]+; policy accept;)");
  static const std::regex save_declaration(R"(:(\w+) ACCEPT)");
  for (const SnapshotLine* line : lines) {
    std::smatch m;
    if (line->table.empty()) continue;  // the table's own line
    if (line->source == "nft") {
      if (line->block.empty() && line->text.starts_with("chain ") &&
          builtin_chains().count(line->text.substr(6)) != 0) {
        continue;
      }
      if (!line->block.empty() && std::regex_match(line->text, nft_base)) continue;
      return false;
    }
    if (line->block.empty() && std::regex_match(line->text, m, save_declaration) &&
        builtin_chains().count(m[1]) != 0) {
      continue;
    }
    return false;
  }
  return true;
}

bool iptables_table(const SnapshotLine& line) {
  static const std::regex xtables(R"((ip|ip6) (filter|raw|mangle|nat|security))");
  if (line.source != "nft") return true;  // the -save tools show only iptables tables
  const std::string& table = line.table.empty() ? line.text.substr(std::min<std::size_t>(6, line.text.size()))
                                                : line.table;
  return std::regex_match(table, xtables);
}

}  // namespace

Snapshot without_scenarios(const Snapshot& snapshot, const std::set<std::string>& ids) {
  std::vector<SnapshotLine> kept;
  for (const SnapshotLine& line : snapshot.lines) {
    if (!owned_by(line, ids)) kept.push_back(line);
  }
  // Group by table, keeping the order, and leave out the inert ones.
  std::map<std::pair<std::string, std::string>, std::vector<const SnapshotLine*>> tables;
  auto key = [](const SnapshotLine& line) {
    return std::make_pair(line.source, line.table.empty() && line.text.starts_with("table ") ? line.text.substr(6)
                                                                                                : line.table);
  };
  for (const SnapshotLine& line : kept) tables[key(line)].push_back(&line);
  Snapshot out;
  for (const SnapshotLine& line : kept) {
    const auto& group = tables[key(line)];
    if (iptables_table(*group.front()) && inert_iptables_table(group)) continue;
    out.lines.push_back(line);
  }
  return out;
}

std::string snapshot_difference(const Snapshot& before, const Snapshot& after) {
  if (before == after) return {};
  std::multiset<SnapshotLine> a(before.lines.begin(), before.lines.end());
  std::multiset<SnapshotLine> b(after.lines.begin(), after.lines.end());
  std::string out;
  for (const SnapshotLine& line : before.lines) {
    if (auto it = b.find(line); it != b.end()) b.erase(it);
    else out += fmt::format("  - {}: {}\n", where(line), line.text);
  }
  b = std::multiset<SnapshotLine>(after.lines.begin(), after.lines.end());
  for (const SnapshotLine& line : after.lines) {
    if (auto it = a.find(line); it != a.end()) a.erase(it);
    else out += fmt::format("  + {}: {}\n", where(line), line.text);
  }
  if (!out.empty()) return out;
  // The same lines in another order: say where the order first differs.
  const auto [x, y] = std::mismatch(before.lines.begin(), before.lines.end(), after.lines.begin(), after.lines.end());
  return fmt::format("  ~ {}: the same lines in another order, from `{}` (before) / `{}` (after)\n", where(*x),
                     x->text, y->text);
}

}  // namespace faultc::runtime
