#include "compiler/format/text_diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace faultc {

namespace {

// Above this many cells the LCS table is not built: the differing middle is
// shown as removed then added, which is still a correct diff.
constexpr std::size_t kMaxTableCells = 16'000'000;

// Lines with their terminator, so that a missing final newline is a change.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t eol = text.find('\n', start);
    const std::size_t end = eol == std::string_view::npos ? text.size() : eol + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

enum class Op : std::uint8_t { same, removed, added };

struct Edit {
  Op op;
  std::size_t line;  // index into the old lines (same, removed) or the new ones (added)
};

// The edit script turning `a` into `b`.
std::vector<Edit> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  const std::size_t n = a.size() - prefix - suffix;
  const std::size_t m = b.size() - prefix - suffix;

  std::vector<Edit> edits;
  for (std::size_t i = 0; i < prefix; ++i) edits.push_back({Op::same, i});
  if ((n + 1) * (m + 1) > kMaxTableCells) {
    for (std::size_t i = 0; i < n; ++i) edits.push_back({Op::removed, prefix + i});
    for (std::size_t j = 0; j < m; ++j) edits.push_back({Op::added, prefix + j});
  } else {
    // lcs[i][j]: the LCS length of a[prefix+i..] and b[prefix+j..].
    // min(n, m) < 4000 under the cap, so a length fits in 16 bits.
    std::vector<std::uint16_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint16_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        at(i, j) = a[prefix + i] == b[prefix + j] ? static_cast<std::uint16_t>(at(i + 1, j + 1) + 1)
                                                  : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
        edits.push_back({Op::same, prefix + i});
        ++i;
        ++j;
      } else if (j < m && (i == n || at(i, j + 1) > at(i + 1, j))) {
        edits.push_back({Op::added, prefix + j});
        ++j;
      } else {
        edits.push_back({Op::removed, prefix + i});
        ++i;
      }
    }
  }
  for (std::size_t i = 0; i < suffix; ++i) edits.push_back({Op::same, a.size() - suffix + i});
  return edits;
}

// `start,count` as diff writes it: the count is left out when it is 1, and
// an empty range names the line before it.
std::string range(std::size_t lines_before, std::size_t count) {
  if (count == 1) return fmt::format("{}", lines_before + 1);
  if (count == 0) return fmt::format("{},0", lines_before);
  return fmt::format("{},{}", lines_before + 1, count);
}

void append_line(std::string& out, char mark, std::string_view line) {
  out += mark;
  if (line.ends_with('\n')) {
    out += line;
  } else {
    out += line;
    out += "\n\\ No newline at end of file\n";
  }
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after, std::string_view before_name,
                         std::string_view after_name, std::size_t context) {
  if (before == after) return {};
  const std::vector<std::string_view> a = split_lines(before);
  const std::vector<std::string_view> b = split_lines(after);
  const std::vector<Edit> edits = edit_script(a, b);

  // Old and new lines before each edit, for the hunk headers.
  std::vector<std::size_t> old_before(edits.size() + 1, 0), new_before(edits.size() + 1, 0);
  for (std::size_t k = 0; k < edits.size(); ++k) {
    old_before[k + 1] = old_before[k] + (edits[k].op != Op::added ? 1 : 0);
    new_before[k + 1] = new_before[k] + (edits[k].op != Op::removed ? 1 : 0);
  }

  std::string out = fmt::format("--- {}\n+++ {}\n", before_name, after_name);
  std::size_t next = 0;  // the first edit not yet in a hunk
  while (true) {
    std::size_t change = next;
    while (change < edits.size() && edits[change].op == Op::same) ++change;
    if (change == edits.size()) break;
    const std::size_t start = std::max(next, change >= context ? change - context : 0);
    // Extend over changes separated by at most 2 * context unchanged lines.
    std::size_t end = change;
    while (true) {
      while (end < edits.size() && edits[end].op != Op::same) ++end;
      std::size_t run = 0;
      while (end + run < edits.size() && edits[end + run].op == Op::same) ++run;
      if (end + run == edits.size() || run > 2 * context) {
        end += std::min(run, context);
        break;
      }
      end += run;
    }
    out += fmt::format("@@ -{} +{} @@\n", range(old_before[start], old_before[end] - old_before[start]),
                       range(new_before[start], new_before[end] - new_before[start]));
    for (std::size_t k = start; k < end; ++k) {
      const Edit& e = edits[k];
      switch (e.op) {
        case Op::same: append_line(out, ' ', a[e.line]); break;
        case Op::removed: append_line(out, '-', a[e.line]); break;
        case Op::added: append_line(out, '+', b[e.line]); break;
      }
    }
    next = end;
  }
  return out;
}

}  // namespace faultc
