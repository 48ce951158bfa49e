#include "compiler/format/format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "compiler/format/format_lines.hpp"
#include "compiler/format/format_words.hpp"
#include "compiler/parse/parse.hpp"
#include "compiler/parse/words.hpp"
#include "compiler/source/duration_text.hpp"

namespace faultc {

namespace {

using namespace format_words;
using namespace format_lines;

// Where the comments of one container go: the top level (children are
// statements), a `{ }` set (its elements) or a block (its actions).
struct Slots {
  std::vector<std::vector<std::size_t>> before;    // [k]: own-line comments before child k; [n]: before the close
  std::vector<std::vector<std::size_t>> trailing;  // [k]: at the end of child k's last line
  std::vector<std::size_t> after_open;             // at the end of the line that opens the container
};

class Printer {
 public:
  Printer(const ast::File& file, const SourceFile& source) : file_(file), source_(source), text_(source.text()) {
    for (const auto& c : file.comments) comments_.push_back(c.span);
    std::sort(comments_.begin(), comments_.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
    used_.assign(comments_.size(), false);
  }

  std::string run() {
    print_top_level();
    return render_lines(lines_);
  }

 private:
  const ast::File& file_;
  const SourceFile& source_;
  std::string_view text_;
  std::vector<Span> comments_;
  std::vector<bool> used_;
  std::vector<Line> lines_;

  // ---------------------------------------------------------------- source
  std::string comment_text(std::size_t index) const {
    const Span s = comments_[index];
    std::string_view t = text_.substr(s.begin, s.end - s.begin);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r')) t.remove_suffix(1);
    return std::string(t);
  }

  bool has_newline(std::uint32_t begin, std::uint32_t end) const {
    if (end <= begin) return false;
    return text_.substr(begin, end - begin).find('\n') != std::string_view::npos;
  }

  std::size_t newlines(std::uint32_t begin, std::uint32_t end) const {
    if (end <= begin) return 0;
    const std::string_view gap = text_.substr(begin, end - begin);
    return static_cast<std::size_t>(std::count(gap.begin(), gap.end(), '\n'));
  }

  // The offset of the last code character before `offset` on its line, if
  // any: a comment after code is a trailing comment.
  std::optional<std::uint32_t> code_before_on_line(std::uint32_t offset) const {
    std::uint32_t i = offset;
    while (i > 0) {
      const char c = text_[i - 1];
      if (c == '\n') return std::nullopt;
      if (c != ' ' && c != '\t' && c != '\r') return i - 1;
      --i;
    }
    return std::nullopt;
  }

  // The first `want` at or after `from` that is not inside a comment.
  std::optional<std::uint32_t> find_code_char(std::uint32_t from, std::uint32_t to, char want) const {
    for (std::uint32_t i = from; i < to && i < text_.size(); ++i) {
      if (text_[i] == '#') {
        const std::size_t eol = text_.find('\n', i);
        if (eol == std::string_view::npos) return std::nullopt;
        i = static_cast<std::uint32_t>(eol);
        continue;
      }
      if (text_[i] == want) return i;
    }
    return std::nullopt;
  }

  // The first comment that starts at or after `offset`.
  std::size_t first_comment_from(std::uint32_t offset) const {
    return static_cast<std::size_t>(std::lower_bound(comments_.begin(), comments_.end(), offset,
                                                     [](const Span& c, std::uint32_t at) { return c.begin < at; }) -
                                    comments_.begin());
  }

  // Comments strictly inside (open, close) that no child span contains,
  // sorted into their slots. `open` is absent at the top level. Children
  // are in source order and do not overlap.
  Slots classify(std::optional<std::uint32_t> open, std::uint32_t close, const std::vector<Span>& children) {
    Slots slots;
    const std::size_t n = children.size();
    slots.before.resize(n + 1);
    slots.trailing.resize(n);
    // The index of the last child that starts at or before `offset`, plus one.
    auto children_up_to = [&](std::uint32_t offset) {
      return static_cast<std::size_t>(std::upper_bound(children.begin(), children.end(), offset,
                                                       [](std::uint32_t at, const Span& s) { return at < s.begin; }) -
                                      children.begin());
    };
    const std::uint32_t from = open ? *open + 1 : 0;
    for (std::size_t i = first_comment_from(from); i < comments_.size() && comments_[i].begin < close; ++i) {
      const Span c = comments_[i];
      if (used_[i]) continue;
      const std::size_t up_to = children_up_to(c.begin);
      if (up_to > 0 && c.begin < children[up_to - 1].end) continue;  // inside a child: the child's own
      used_[i] = true;
      if (const auto code = code_before_on_line(c.begin)) {
        // After code: the child that code belongs to (its separator `,`/`;`
        // included), when the child ends on the comment's line.
        const std::size_t owner = children_up_to(*code);
        if (owner > 0 && !has_newline(children[owner - 1].end, c.begin)) {
          slots.trailing[owner - 1].push_back(i);
          continue;
        }
        if (owner == 0 && open) {
          slots.after_open.push_back(i);
          continue;
        }
        // Otherwise only a separator precedes it on its line: it stays
        // between the same two children, on a line of its own.
      }
      slots.before[up_to].push_back(i);
    }
    return slots;
  }

  // ---------------------------------------------------------------- lines
  void start_line(std::size_t indent) { lines_.push_back(Line{indent, {}, {}, {}}); }
  void put(std::string_view s) { lines_.back().code += s; }
  void space() {
    const std::string& code = lines_.back().code;
    if (!code.empty() && code.back() != ' ') lines_.back().code += ' ';
  }
  void word(std::string_view s) {
    space();
    put(s);
  }
  std::size_t current_line() const { return lines_.size() - 1; }
  void comment_line(std::size_t indent, std::size_t comment) {
    lines_.push_back(Line{indent, {}, comment_text(comment), {}});
  }
  void attach(std::size_t line, std::size_t comment) { lines_[line].trailing.push_back(comment_text(comment)); }
  std::size_t current_width() const { return lines_.back().indent * kIndentWidth + display_width(lines_.back().code); }

  // The children of a container, each on its own line(s) at `indent`, with
  // their comments, and at most one blank line kept wherever the source
  // had one or more. `print_child(k)` starts its own line.
  template <typename PrintChild>
  void print_children(const Slots& slots, const std::vector<Span>& children, std::size_t indent,
                      PrintChild&& print_child) {
    std::optional<std::uint32_t> previous_end;
    auto blank_before = [&](std::uint32_t begin) {
      if (previous_end && newlines(*previous_end, begin) >= 2) start_line(indent);
    };
    for (std::size_t k = 0; k <= children.size(); ++k) {
      for (const std::size_t c : slots.before[k]) {
        blank_before(comments_[c].begin);
        comment_line(indent, c);
        previous_end = comments_[c].end;
      }
      if (k == children.size()) break;
      blank_before(children[k].begin);
      const std::size_t first = lines_.size();
      print_child(k);
      const std::size_t last = rescue_comments(children[k], first);
      for (const std::size_t c : slots.trailing[k]) attach(last, c);
      previous_end = children[k].end;
    }
  }

  // A comment inside `span` that no inner container placed (none should
  // exist) goes on its own line before the child rather than be lost.
  // Returns the child's last line.
  std::size_t rescue_comments(Span span, std::size_t first) {
    std::vector<Line> rescued;
    for (std::size_t i = first_comment_from(span.begin); i < comments_.size() && comments_[i].begin < span.end; ++i) {
      if (used_[i]) continue;
      used_[i] = true;
      rescued.push_back(Line{lines_[first].indent, {}, comment_text(i), {}});
    }
    lines_.insert(lines_.begin() + static_cast<std::ptrdiff_t>(first), rescued.begin(), rescued.end());
    return current_line();
  }

  // ---------------------------------------------------------------- sets
  // A set written across lines (or forced) is printed one element per line;
  // any other item on the current line.
  template <typename Item>
  void print_item(const Item& item, std::size_t indent, bool force_lines = false) {
    if (!is_set(item) || (!force_lines && !has_newline(item.span.begin, item.span.end))) {
      put(inline_text(item, source_));
      return;
    }
    put("{");
    const std::size_t open_line = current_line();
    std::vector<Span> spans;
    for (const auto& element : item.items()) spans.push_back(element.span);
    const Slots slots = classify(item.span.begin, item.span.end - 1, spans);
    for (const std::size_t c : slots.after_open) attach(open_line, c);
    print_children(slots, spans, indent + 1, [&](std::size_t k) {
      start_line(indent + 1);
      print_item(item.items()[k], indent + 1);
      if (k + 1 < item.items().size()) put(",");
    });
    start_line(indent);
    put("}");
  }

  void print_match(const ast::AddrMatch& match) {
    space();
    if (match.negated) put("not ");
    print_item(match.value, lines_.back().indent);
  }

  void print_endpoint_port(const ast::PortItem& port) {
    word("port");
    space();
    print_item(port, lines_.back().indent);
  }

  // ---------------------------------------------------------------- statements
  // The statements of an `at` follow it in the source but precede it in
  // the file's list: the top level's children are the statements no `at`
  // holds, in source order.
  void print_top_level() {
    std::vector<bool> held(file_.statements.size(), false);
    for (const auto& s : file_.statements) {
      if (const auto* at = std::get_if<ast::At>(&s)) std::fill_n(held.begin() + at->first, at->count, true);
    }
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < file_.statements.size(); ++i) {
      if (!held[i]) order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return statement_span(file_.statements[a]).begin < statement_span(file_.statements[b]).begin;
    });
    std::vector<Span> spans;
    for (const std::size_t i : order) spans.push_back(statement_span(file_.statements[i]));
    const Slots slots = classify(std::nullopt, static_cast<std::uint32_t>(text_.size()), spans);
    print_children(slots, spans, 0, [&](std::size_t k) {
      start_line(0);
      std::visit([&](const auto& node) { print(node); }, file_.statements[order[k]]);
    });
    // A comment outside every statement that found no slot cannot exist,
    // but one must never be lost.
    for (std::size_t i = 0; i < comments_.size(); ++i) {
      if (used_[i]) continue;
      used_[i] = true;
      comment_line(0, i);
    }
  }

  void print(const ast::Scenario& s) { put(fmt::format("scenario {}", quoted(s.name))); }

  void print(const ast::HostDef& d) {
    put(fmt::format("host {} =", d.name));
    space();
    print_item(d.value, 0, too_wide_inline(d.value));
  }

  void print(const ast::PortDef& d) {
    put(fmt::format("port {} =", d.name));
    space();
    print_item(d.value, 0, too_wide_inline(d.value));
  }

  // A definition's set written on one line that would run past the width.
  template <typename Item>
  bool too_wide_inline(const Item& value) const {
    return is_set(value) && !has_newline(value.span.begin, value.span.end) &&
           current_width() + display_width(inline_text(value, source_)) > kFormatWidth;
  }

  void print(const ast::Priority& p) { put(fmt::format("priority {}", p.value)); }

  void print(const ast::Include& i) { put(fmt::format("include {}", quoted(i.path))); }

  void print(const ast::Life& l) {
    put(l.duration ? fmt::format("for {}", format_duration(l.duration->ms)) : "for ever");
  }

  void print(const ast::Expect& e) {
    const ast::Packet& p = e.packet;
    std::vector<std::string> words{"expect"};
    if (p.direction) words.emplace_back(faultc::word(*p.direction));
    if (p.protocol) words.emplace_back(faultc::word(*p.protocol));
    if (p.from) {
      words.emplace_back("from");
      words.push_back(packet_address_text(*p.from, source_));
      if (p.from->port) words.push_back("port " + leaf_text(*p.from->port, source_));
    }
    if (p.to) {
      words.emplace_back("to");
      if (p.to->address) words.push_back(packet_address_text(*p.to, source_));
      if (p.to->port) words.push_back("port " + leaf_text(*p.to->port, source_));
    }
    if (p.on) words.push_back(fmt::format("on {}", source_.text(p.on->span)));
    if (p.flags) words.push_back("flags " + flag_combo(*p.flags));
    if (p.state) words.emplace_back(faultc::word(*p.state));
    if (p.data) words.emplace_back("data");
    if (p.icmp_name) words.push_back(icmp_message_text(*p.icmp_name, p.icmp_code));
    if (p.length) words.push_back(fmt::format("length {}", *p.length));
    words.emplace_back("is");
    words.emplace_back(faultc::word(e.verdict));
    if (e.at) words.push_back("at " + format_duration(e.at->ms));
    put(fmt::format("{}", fmt::join(words, " ")));
  }

  void print(const ast::Protect& p) {
    word("protect");
    print_selector(p.selector);
  }

  void print(const ast::Expose& x) { put(fmt::format("expose {}", faultc::word(x.what))); }

  void print(const ast::NodeDef& n) { put(node_text(n, source_)); }
  void print(const ast::GroupDef& g) { put(group_text(g, source_)); }
  void print(const ast::Controller& c) { put("controller " + inline_text(c.address, source_)); }
  void print(const ast::Partition& p) { put(partition_text(p, source_)); }

  // `at NODES STATEMENT` on one line, or `at NODES {` with a statement a
  // line, as written.
  void print(const ast::At& at) {
    put("at " + node_set_text(at.nodes, source_));
    if (at.count == 0) return;
    const auto item = [&](std::uint32_t k) -> const ast::Statement& { return file_.statements[at.first + k]; };
    const std::uint32_t first_begin = statement_span(item(0)).begin;
    const auto open = find_code_char(at.nodes.span.end, first_begin, '{');
    if (!open) {
      space();
      std::visit([&](const auto& node) { print(node); }, item(0));
      return;
    }
    const std::size_t indent = lines_.back().indent;
    word("{");
    std::vector<Span> spans;
    for (std::uint32_t k = 0; k < at.count; ++k) spans.push_back(statement_span(item(k)));
    const Slots slots = classify(*open, at.span.end - 1, spans);
    for (const std::size_t c : slots.after_open) attach(current_line(), c);
    print_children(slots, spans, indent + 1, [&](std::size_t k) {
      start_line(indent + 1);
      std::visit([&](const auto& node) { print(node); }, item(static_cast<std::uint32_t>(k)));
    });
    start_line(indent);
    put("}");
  }

  // The selector's words, its clauses in the order written.
  void print_selector(const ast::Selector& s) {
    if (s.direction) word(faultc::word(*s.direction));
    if (!s.protocols.empty()) {
      std::vector<std::string_view> listed;
      s.protocols.for_each([&listed](ast::Protocol p) { listed.push_back(faultc::word(p)); });
      word(fmt::format("{}", fmt::join(listed, ", ")));
    }
    enum class Clause { from, to, on, between, with };
    std::vector<std::pair<std::uint32_t, Clause>> clauses;
    if (s.from) clauses.emplace_back(s.from->span.begin, Clause::from);
    if (s.to) clauses.emplace_back(s.to->span.begin, Clause::to);
    if (s.on) clauses.emplace_back(s.on->span.begin, Clause::on);
    if (s.between) clauses.emplace_back(s.between->span.begin, Clause::between);
    if (s.with) clauses.emplace_back(s.with->span.begin, Clause::with);
    std::sort(clauses.begin(), clauses.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [at, clause] : clauses) {
      switch (clause) {
        case Clause::from:
          word("from");
          if (s.from->address) print_match(*s.from->address);
          if (s.from->port) print_endpoint_port(*s.from->port);
          break;
        case Clause::to:
          word("to");
          if (s.to->address) print_match(*s.to->address);
          if (s.to->port) print_endpoint_port(*s.to->port);
          break;
        case Clause::on: word(fmt::format("on {}", source_.text(s.on->span))); break;
        case Clause::between:
          word("between");
          print_match(s.between->first);
          word("and");
          print_match(s.between->second);
          break;
        case Clause::with:
          word("with");
          print_match(*s.with->address);
          if (s.with->port) print_endpoint_port(*s.with->port);
          break;
      }
    }
  }

  // The actions as a `{ }` block over several lines, each action on its
  // own with its comments, then the timing.
  void print_action_block(const ast::Rule& rule, const std::vector<std::string>& actions,
                          const std::vector<std::string>& timing, std::optional<std::uint32_t> open,
                          std::optional<std::uint32_t> close) {
    const std::size_t indent = lines_.back().indent;
    word("{");
    const std::size_t open_line = current_line();
    std::vector<Span> spans;
    for (const auto& a : rule.actions) spans.push_back(a.span);
    const Slots slots = open && close ? classify(*open, *close, spans) : classify(0, 0, spans);
    for (const std::size_t c : slots.after_open) attach(open_line, c);
    print_children(slots, spans, indent + 1, [&](std::size_t k) {
      start_line(indent + 1);
      put(actions[k]);
    });
    start_line(indent);
    put("}");
    for (const auto& w : timing) word(w);
  }

  // A rule: its selector, then its actions on the line (joined by `;`, or
  // in `{ }` when written so) while it fits, else as a block.
  void print(const ast::Rule& rule) {
    const ast::Selector& s = rule.selector;
    const std::size_t first_line = current_line();
    print_selector(s);
    const bool has_selector = current_line() != first_line || !lines_.back().code.empty();

    std::vector<std::string> actions;
    for (const auto& a : rule.actions) actions.push_back(action_text(a, source_));
    const std::vector<std::string> timing = rule.timing ? timing_words(*rule.timing) : std::vector<std::string>{};
    std::string timing_text;
    for (const auto& w : timing) timing_text += " " + w;

    // The `{ }` of a block as written, when it was.
    std::optional<std::uint32_t> open, close;
    if (rule.block && !rule.actions.empty()) {
      open = find_code_char(s.span.end, rule.actions.front().span.begin, '{');
      close = find_code_char(rule.actions.back().span.end, rule.span.end, '}');
    }
    if (!rule.block || !(open && close && has_newline(*open, *close))) {
      const std::string joined = fmt::format("{}", fmt::join(actions, "; "));
      const std::string one_line = rule.block ? fmt::format("{{ {} }}", joined) : joined;
      const std::size_t width =
          current_width() + (lines_.back().code.empty() ? 0 : 1) + display_width(one_line) + display_width(timing_text);
      // A rule cannot start with `{`: without a selector the line stays.
      if (width <= kFormatWidth || !has_selector) {
        word(one_line);
        for (const auto& w : timing) word(w);
        return;
      }
    }
    print_action_block(rule, actions, timing, open, close);
  }
};

}  // namespace

std::string format_file(const ast::File& file, const SourceFile& source) {
  return Printer(file, source).run();
}

Result<std::string> format_source(const SourceMap& sources, FileId id) {
  Result<ast::File> parsed = parse_file(sources, id);
  Result<std::string> out;
  out.diagnostics = std::move(parsed.diagnostics);
  if (!parsed.value || has_errors(out.diagnostics)) return out;
  out.value = format_file(*parsed.value, sources.file(id));
  return out;
}

}  // namespace faultc
