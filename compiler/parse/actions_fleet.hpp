#pragma once
// Actions of the fleet statements (`node`, `group`, `controller`, the
// partitions, `at`): each takes its parts off the scratch and appends one
// statement. A node set is assembled as its names are read and moved to
// `node_sets` when complete; the statement takes the sets in order.
#include <charconv>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "compiler/parse/actions_common.hpp"

namespace faultc::parse_detail {

template <>
struct action<g::node_ref> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.scratch.node_set.names.push_back(b.span(in));
  }
};

template <>
struct action<g::node_set_rest> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.node_set.rest = true;
  }
};

template <>
struct action<g::node_set> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::NodeSet set = std::exchange(b.scratch.node_set, ast::NodeSet{});
    set.span = b.span(in);
    b.scratch.node_sets.push_back(std::move(set));
  }
};

// `role db`: the key is the first word, the value what follows the blanks.
template <>
struct action<g::attr_pair> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    const std::string_view text = in.string_view();
    const std::size_t key_end = text.find_first_of(" \t");
    const std::size_t value_begin = text.find_first_not_of(" \t", key_end);
    const Span whole = b.span(in);
    b.scratch.attributes.push_back({Span{whole.file, whole.begin, whole.begin + static_cast<std::uint32_t>(key_end)},
                                    Span{whole.file, whole.begin + static_cast<std::uint32_t>(value_begin), whole.end}});
  }
};

template <> struct action<g::node_name> : definition_name {};
template <> struct action<g::group_name> : definition_name {};

template <>
struct action<g::node_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.out.statements.push_back(ast::NodeDef{std::move(b.scratch.name), b.scratch.name_span,
                                            take_back(b.stacks.addr_frames.front()),
                                            std::move(b.scratch.attributes), b.span(in)});
  }
};

template <>
struct action<g::group_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::GroupDef group{std::move(b.scratch.name), b.scratch.name_span, std::nullopt,
                        std::move(b.scratch.attributes), b.span(in)};
    if (!b.scratch.node_sets.empty()) group.members = take_back(b.scratch.node_sets);
    b.out.statements.push_back(std::move(group));
  }
};

template <>
struct action<g::controller_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.out.statements.push_back(ast::Controller{take_back(b.stacks.addr_frames.front()), b.span(in)});
  }
};

// A small count (`seed`, `N of`): digits that do not fit are refused here,
// where the text is known (F003).
template <typename T>
std::optional<T> small_number(std::string_view digits) {
  T value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

template <>
struct action<g::seed_value> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.scratch.seed = small_number<std::uint64_t>(in.string_view());
    b.scratch.seed_span = b.span(in);
    if (!b.scratch.seed) b.error(Code::F003, b.span(in), fmt::format("seed {} is too large", in.string_view()));
  }
};

template <>
struct action<g::choose_one> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.choose = 1;
  }
};

template <>
struct action<g::choose_number> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.scratch.choose = small_number<std::uint32_t>(in.string_view());
    if (!b.scratch.choose) b.error(Code::F003, b.span(in), fmt::format("{} nodes is too many", in.string_view()));
  }
};

template <>
struct action<g::choose> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.scratch.choose_span = b.span(in);
  }
};

template <ast::PartitionKind Kind>
struct partition_action {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::Partition partition;
    partition.kind = Kind;
    partition.sides = std::move(b.scratch.node_sets);
    partition.choose = b.scratch.choose;
    partition.choose_span = b.scratch.choose_span;
    partition.seed = b.scratch.seed;
    partition.seed_span = b.scratch.seed_span;
    partition.timing = std::move(b.scratch.timing);
    partition.span = b.span(in);
    b.out.statements.push_back(std::move(partition));
  }
};

// `A -> B` is one way; `A | B` (the other shape) cuts both ways.
template <>
struct action<g::partition_arrow> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.one_way = true;
  }
};

template <>
struct action<g::partition_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    if (b.scratch.one_way) {
      partition_action<ast::PartitionKind::one_way>::apply(in, b);
    } else {
      partition_action<ast::PartitionKind::split>::apply(in, b);
    }
  }
};
template <> struct action<g::isolate_stmt> : partition_action<ast::PartitionKind::isolate> {};
template <> struct action<g::bridge_stmt> : partition_action<ast::PartitionKind::bridge> {};
template <> struct action<g::majorities_stmt> : partition_action<ast::PartitionKind::majorities_ring> {};

// The nodes are read: the statements that follow belong to the `at`.
template <>
struct action<g::at_nodes> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.at_first = b.out.statements.size();
  }
};

// Each statement of an `at` is complete: the next starts afresh, keeping
// the `at`'s nodes.
template <>
struct action<g::at_block_item> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    ast::NodeSet nodes = take_back(b.scratch.node_sets);
    b.reset();
    b.scratch.node_sets.push_back(std::move(nodes));
  }
};

template <>
struct action<g::at_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::At at;
    at.nodes = take_back(b.scratch.node_sets);
    at.first = static_cast<std::uint32_t>(b.at_first);
    at.count = static_cast<std::uint32_t>(b.out.statements.size() - b.at_first);
    at.span = b.span(in);
    b.out.statements.push_back(std::move(at));
  }
};

}  // namespace faultc::parse_detail
