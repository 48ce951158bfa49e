// The canonical text of the fleet statements' pieces (format_words.hpp).
#include <string>
#include <vector>

#include "compiler/format/format_words.hpp"

namespace faultc::format_words {

std::string node_set_text(const ast::NodeSet& set, const SourceFile& source) {
  if (set.rest) return "rest";
  std::vector<std::string_view> names;
  for (const Span& name : set.names) names.push_back(source.text(name));
  // A set of one written in braces stays a set: the braces say "these
  // nodes", and `fmt` keeps what the writer chose.
  if (names.size() == 1 && source.text(set.span).front() != '{') return std::string(names.front());
  return fmt::format("{{ {} }}", fmt::join(names, ", "));
}

std::string attributes_text(const std::vector<ast::Attribute>& attributes, const SourceFile& source,
                            std::string_view separator) {
  std::vector<std::string> pairs;
  for (const auto& a : attributes) pairs.push_back(fmt::format("{} {}", source.text(a.key), source.text(a.value)));
  return fmt::format("{}", fmt::join(pairs, separator));
}

std::string node_text(const ast::NodeDef& node, const SourceFile& source) {
  std::string text = fmt::format("node {} = {}", node.name, inline_text(node.address, source));
  if (!node.attributes.empty()) text += " " + attributes_text(node.attributes, source, " ");
  return text;
}

std::string group_text(const ast::GroupDef& group, const SourceFile& source) {
  return fmt::format("group {} = {}", group.name,
                     group.members ? node_set_text(*group.members, source)
                                   : attributes_text(group.attributes, source, " and "));
}

std::string partition_text(const ast::Partition& p, const SourceFile& source) {
  std::vector<std::string> words;
  switch (p.kind) {
    case ast::PartitionKind::split:
    case ast::PartitionKind::one_way: {
      words.emplace_back("partition");
      for (std::size_t i = 0; i < p.sides.size(); ++i) {
        if (i > 0) words.emplace_back(p.kind == ast::PartitionKind::split ? "|" : "->");
        words.push_back(node_set_text(p.sides[i], source));
      }
      break;
    }
    case ast::PartitionKind::isolate:
      words.emplace_back("isolate");
      if (p.choose) words.push_back(*p.choose == 1 ? std::string("one of") : fmt::format("{} of", *p.choose));
      break;
    case ast::PartitionKind::bridge: words.emplace_back("bridge"); break;
    case ast::PartitionKind::majorities_ring: words.emplace_back("majorities ring"); break;
  }
  if (p.kind != ast::PartitionKind::split && p.kind != ast::PartitionKind::one_way && !p.sides.empty()) {
    words.push_back(node_set_text(p.sides.front(), source));
  }
  if (p.seed) words.push_back(fmt::format("seed {}", *p.seed));
  for (auto& w : timing_words(p.timing)) words.push_back(std::move(w));
  return fmt::format("{}", fmt::join(words, " "));
}

}  // namespace faultc::format_words
