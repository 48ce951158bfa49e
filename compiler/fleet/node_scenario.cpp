#include "compiler/fleet/node_scenario.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <variant>

#include "compiler/format/format_words.hpp"
#include "compiler/source/text_safety.hpp"

namespace faultc::fleet {

namespace {

class Writer {
 public:
  explicit Writer(Node& node) : node_(node) {}

  // A line made from a fleet statement: all of it maps to `from`.
  void made(std::string_view line, Span from) { add(line, from, false); }
  // A statement copied as written.
  void copied(std::string_view text, Span from) { add(text, from, true); }

 private:
  void add(std::string_view text, Span from, bool verbatim) {
    const auto begin = static_cast<std::uint32_t>(node_.scenario.size());
    node_.scenario.append(text);
    node_.origins.push_back({begin, static_cast<std::uint32_t>(node_.scenario.size()), from, verbatim});
    node_.scenario.push_back('\n');
  }
  Node& node_;
};

std::string names_text(const std::vector<std::size_t>& nodes, const Roster& roster) {
  std::vector<std::string_view> names;
  for (const std::size_t n : nodes) names.push_back(roster.nodes[n].name);
  if (names.size() == 1) return std::string(names.front());
  return fmt::format("{{ {} }}", fmt::join(names, ", "));
}

std::string timing_text(const ast::Timing& timing) {
  const auto words = format_words::timing_words(timing);
  return words.empty() ? std::string() : fmt::format(" {}", fmt::join(words, " "));
}

// The node's end of one cut: what it must not receive, and what it must
// not send.
void write_cut(Writer& out, const Cut& cut, std::size_t node, const FleetParts& parts) {
  std::vector<std::size_t> from, to;
  for (const auto& [sender, receiver] : cut.edges) {
    if (receiver == node) from.push_back(sender);
    if (sender == node) to.push_back(receiver);
  }
  if (from.empty() && to.empty()) return;
  const ast::Partition& p = *cut.statement;
  const SourceFile& file = parts.sources.file(p.span.file);
  out.made(fmt::format("# {}:{}: {}", emit::comment_text(file.name(), 200), file.line_of(p.span.begin),
                       format_words::partition_text(p, file)),
           p.span);
  const std::string timing = timing_text(p.timing);
  if (from == to) {
    out.made(fmt::format("with {} blackhole{}", names_text(from, parts.roster), timing), p.span);
    return;
  }
  if (!from.empty()) out.made(fmt::format("from {} blackhole{}", names_text(from, parts.roster), timing), p.span);
  if (!to.empty()) out.made(fmt::format("outbound to {} blackhole{}", names_text(to, parts.roster), timing), p.span);
}

}  // namespace

bool held_by_at(const FleetParts& parts, const ast::File& file, std::size_t index) {
  return std::any_of(parts.ats.begin(), parts.ats.end(), [&](const auto& at) {
    return at.first->nodes.span.file == file.file && index >= at.first->first &&
           index < at.first->first + at.first->count;
  });
}

Node node_scenario(const FleetParts& parts, std::size_t node) {
  const RosterNode& me = parts.roster.nodes[node];
  Node out{me.name, me.addresses, me.attributes, {}, {}};
  Writer w(out);
  const Span def = me.def->span;
  w.made(fmt::format("# Node {} of a fleet scenario, made by faultc from {}; do not edit.", me.name,
                     emit::comment_text(parts.sources.file(def.file).name(), 200)),
         def);
  w.made(fmt::format("scenario {}", format_words::quoted(fmt::format("{} on {}", parts.scenario_name, me.name))), def);
  // Every node and group, so that any rule may name them; each node uses
  // a few, and says so to the linter.
  for (const auto& n : parts.roster.nodes) {
    w.made(fmt::format("host {} = {}  # faultc: allow W101", n.name, parts.sources.text(n.def->address.span)),
           n.def->span);
  }
  for (const auto& g : parts.roster.groups) {
    if (g.members.empty()) continue;
    w.made(fmt::format("host {} = {}  # faultc: allow W101", g.name, names_text(g.members, parts.roster)),
           g.def->span);
  }
  // The fleet's single-host statements hold on every node, as written.
  for (const auto& file : parts.program.files) {
    for (std::size_t i = 0; i < file.statements.size(); ++i) {
      const ast::Statement& s = file.statements[i];
      const bool single_host = std::holds_alternative<ast::HostDef>(s) || std::holds_alternative<ast::PortDef>(s) ||
                               std::holds_alternative<ast::Priority>(s) || std::holds_alternative<ast::Expose>(s) ||
                               std::holds_alternative<ast::Protect>(s) || std::holds_alternative<ast::Rule>(s) ||
                               std::holds_alternative<ast::Life>(s);
      if (!single_host || held_by_at(parts, file, i)) continue;
      const Span span = format_words::statement_span(s);
      w.copied(parts.sources.text(span), span);
    }
  }
  if (parts.controller != nullptr) {
    w.made(fmt::format("protect tcp from {} to port 22", parts.sources.text(parts.controller->address.span)),
           parts.controller->span);
  }
  for (const Cut& cut : parts.cuts) write_cut(w, cut, node, parts);
  for (const auto& [at, nodes] : parts.ats) {
    if (!std::binary_search(nodes.begin(), nodes.end(), node)) continue;
    const FileId in = at->nodes.span.file;  // a lambda cannot capture a structured binding (clang 14)
    const ast::File& file = *std::find_if(parts.program.files.begin(), parts.program.files.end(),
                                          [in](const ast::File& f) { return f.file == in; });
    for (std::uint32_t k = 0; k < at->count; ++k) {
      const Span span = format_words::statement_span(file.statements[at->first + k]);
      w.copied(parts.sources.text(span), span);
    }
  }
  return out;
}

}  // namespace faultc::fleet
