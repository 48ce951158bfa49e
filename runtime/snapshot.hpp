#pragma once
// The ruleset as `faultc run` compares it before and after a run: every
// line with where it belongs (table, chain, set), with what changes by
// itself left out (counters, quota use, the `expires` timers of timeout
// sets), and without the objects of the other faultc scenarios active at
// the time, which come and go on their own schedule. Pure text functions:
// backend.cpp feeds them the tools' output.
#include <compare>
#include <set>
#include <string>
#include <vector>

namespace faultc::runtime {

struct SnapshotLine {
  std::string source;  // "nft", "iptables-legacy", "ip6tables-legacy"
  std::string table;   // "inet f2b", "filter"; empty for a table's own line
  std::string block;   // "set banned", "chain INPUT"; empty for a table's own lines
  std::string text;    // "element 10.0.0.1 timeout 1h", "-A INPUT -j DROP", "table inet f2b"
  bool operator==(const SnapshotLine&) const = default;
  auto operator<=>(const SnapshotLine&) const = default;
};

// "nft table inet f2b, set banned": where a line belongs, for the reader.
std::string where(const SnapshotLine& line);

struct Snapshot {
  std::vector<SnapshotLine> lines;
  bool operator==(const Snapshot&) const = default;
};

// A tool's output, line by line.
std::vector<std::string> lines_of(const std::string& text);

// `nft list ruleset` output (with or without -s). Set and map elements
// become one line each, sorted: a set has no order. The elements of a set
// with `flags dynamic` are left out: the packet path fills it (meters,
// `update @set`), so they are traffic state, not configuration.
std::vector<SnapshotLine> parse_nft_ruleset(const std::string& text);

// `iptables-save` output of one tool (the name goes into `where`).
std::vector<SnapshotLine> parse_iptables_save(const std::string& text, const std::string& tool);

// Leaves out the objects of the scenarios `ids`: their `inet faultc_<id>`
// tables, their FAULTC-<id>-* chains (exact names, see object_names.hpp)
// and the jumps into them, then any iptables table left with only empty
// built-in chains that accept (which filters nothing, and which
// iptables-legacy never removes once created).
Snapshot without_scenarios(const Snapshot& snapshot, const std::set<std::string>& ids);

// A readable difference: each line only one side has, with its place,
// "  - nft table inet f2b, set banned: element 10.0.0.9" (before only) or
// "  + ..." (after only). Empty when the snapshots are equal; when only
// the order differs, the first place where it does.
std::string snapshot_difference(const Snapshot& before, const Snapshot& after);

}  // namespace faultc::runtime
