#pragma once
// Actions of whole statements: each takes what its parts left in the
// scratch and appends one statement to the file. After every statement the
// scratch starts afresh.
#include <algorithm>
#include <memory>
#include <string_view>
#include <utility>

#include "compiler/parse/actions_common.hpp"

namespace faultc::parse_detail {

template <>
struct action<g::scenario_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.out.statements.push_back(ast::Scenario{take(b.scratch.string_value), b.scratch.string_span, b.span(in)});
  }
};

struct definition_name {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.scratch.name = in.string();
    b.scratch.name_span = b.span(in);
  }
};
template <> struct action<g::host_name> : definition_name {};
template <> struct action<g::port_name> : definition_name {};

template <>
struct action<g::host_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.out.statements.push_back(ast::HostDef{std::move(b.scratch.name), b.scratch.name_span,
                                            take_back(b.stacks.addr_frames.front()), b.span(in)});
  }
};

template <>
struct action<g::port_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.out.statements.push_back(ast::PortDef{std::move(b.scratch.name), b.scratch.name_span,
                                            take_back(b.stacks.port_frames.front()), b.span(in)});
  }
};

template <>
struct action<g::priority_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.out.statements.push_back(ast::Priority{b.scratch.integer, b.span(in)});
  }
};

template <>
struct action<g::include_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.out.statements.push_back(ast::Include{take(b.scratch.string_value), b.scratch.string_span, b.span(in)});
  }
};

// `for ever` leaves no duration.
template <>
struct action<g::life_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.out.statements.push_back(ast::Life{std::exchange(b.scratch.duration, std::nullopt), b.span(in)});
  }
};

template <>
struct action<g::expect_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::Expect expect;
    expect.packet = std::move(b.scratch.packet);
    expect.verdict = take(b.scratch.verdict);
    expect.at = std::exchange(b.scratch.duration, std::nullopt);
    expect.span = b.span(in);
    b.out.statements.push_back(std::move(expect));
  }
};

template <>
struct action<g::rule_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    // Built in place: a rule is moved once, from the scratch.
    auto& rule = b.out.statements.emplace_back<ast::Rule>();
    rule.selector = std::move(b.scratch.selector);
    rule.actions = std::move(b.scratch.actions);
    rule.block = b.scratch.block;
    const ast::Timing& t = b.scratch.timing;
    if (t.after || t.for_ || t.every) rule.timing = std::make_unique<ast::Timing>(std::move(b.scratch.timing));
    rule.span = b.span(in);
  }
};

template <>
struct action<g::protect_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    auto& protect = b.out.statements.emplace_back<ast::Protect>();
    protect.selector = std::move(b.scratch.selector);
    // The selector's clauses take the spaces after them, and with them a
    // trailing comment: the statement ends before both. On the statement's
    // last line a `#` can start nothing else (a comment inside a `{ }` set
    // has the set's `}` on a later line).
    const std::string_view text(in.begin(), in.size());
    const std::size_t last_line = text.rfind('\n') == std::string_view::npos ? 0 : text.rfind('\n') + 1;
    std::size_t end = std::min(text.find('#', last_line), text.size());
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
    protect.span = b.span(in.begin(), in.begin() + end);
    protect.selector.span.end = std::min(protect.selector.span.end, protect.span.end);
  }
};

template <>
struct action<g::expose_loopback> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.exposed = ast::DefaultProtection::loopback;
  }
};
template <>
struct action<g::expose_neighbour_discovery> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.exposed = ast::DefaultProtection::neighbour_discovery;
  }
};
template <>
struct action<g::expose_stmt> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.out.statements.push_back(ast::Expose{b.scratch.exposed, b.span(in)});
  }
};

template <>
struct action<g::line> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.reset();
  }
};

}  // namespace faultc::parse_detail
