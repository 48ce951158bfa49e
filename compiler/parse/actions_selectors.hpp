#pragma once
// Actions of a rule's selector: direction, protocols and the `from`, `to`,
// `on`, `between` and `with` clauses, each at most once (F005). Packets share the
// direction, protocol and interface name.
#include <fmt/format.h>

#include <memory>
#include <string_view>
#include <utility>

#include "compiler/parse/actions_common.hpp"

namespace faultc::parse_detail {

template <>
struct action<g::direction> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.scratch.direction = from_word<ast::Direction>(in.string_view());
  }
};

// A protocol: a packet's one, or one of a selector's list, which names
// each at most once (F005).
template <>
struct action<g::protocol> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    const ast::Protocol protocol = *from_word<ast::Protocol>(in.string_view());  // the grammar matched a word
    b.scratch.protocol = protocol;
    b.scratch.protocol_span = b.span(in);
    if (b.scratch.protocols.has(protocol)) {
      b.error(Code::F005, b.span(in), fmt::format("`{}` is listed twice", in.string_view()),
              "a selector names each protocol at most once");
    }
    b.scratch.protocols.add(protocol);
  }
};

template <>
struct action<g::protocols> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.scratch.protocol_span = b.span(in);
  }
};

template <>
struct action<g::iface_name> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    b.scratch.iface = ast::Interface{b.span(in)};
  }
};

// The address of a `from` or `to` clause, when it has one.
struct endpoint_address_action {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.endpoint.address = take_back(b.stacks.matches);
  }
};
template <> struct action<g::from_address> : endpoint_address_action {};
template <> struct action<g::to_address> : endpoint_address_action {};
template <> struct action<g::with_address> : endpoint_address_action {};

template <>
struct action<g::endpoint_port_value> {
  template <typename In>
  static void apply(const In&, Builder& b) {
    b.scratch.endpoint.port = take_back(b.stacks.port_frames.front());
  }
};

inline void repeated_clause(Builder& b, Span at, std::string_view clause) {
  b.error(Code::F005, at, fmt::format("`{}` appears twice in one selector", clause),
          "a selector has at most one of each clause; use a `{ set }` to name several addresses or ports");
}

template <auto Member>
struct endpoint_clause_action {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    Scratch& s = b.scratch;
    std::optional<ast::Endpoint>& slot = s.selector.*Member;
    if (slot) repeated_clause(b, b.span(in), Member == &ast::Selector::from ? "from" : "to");
    s.endpoint.span = b.span(in);
    slot = std::exchange(s.endpoint, {});
  }
};
template <> struct action<g::from_clause> : endpoint_clause_action<&ast::Selector::from> {};
template <> struct action<g::to_clause> : endpoint_clause_action<&ast::Selector::to> {};

template <>
struct action<g::on_clause> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    if (b.scratch.selector.on) repeated_clause(b, b.span(in), "on");
    b.scratch.selector.on = std::make_unique<ast::Interface>(take(b.scratch.iface));
  }
};

template <>
struct action<g::between_clause> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    if (b.scratch.selector.between) repeated_clause(b, b.span(in), "between");
    auto between = std::make_unique<ast::Between>();
    between->second = take_back(b.stacks.matches);
    between->first = take_back(b.stacks.matches);
    between->span = b.span(in);
    b.scratch.selector.between = std::move(between);
  }
};

template <>
struct action<g::with_clause> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    Scratch& s = b.scratch;
    if (s.selector.with) repeated_clause(b, b.span(in), "with");
    s.endpoint.span = b.span(in);
    s.selector.with = std::make_unique<ast::Endpoint>(std::exchange(s.endpoint, {}));
  }
};

template <>
struct action<g::selector> {
  template <typename In>
  static void apply(const In& in, Builder& b) {
    ast::Selector& s = b.scratch.selector;
    s.direction = std::exchange(b.scratch.direction, std::nullopt);
    s.protocols = std::exchange(b.scratch.protocols, {});
    s.protocol_span = b.scratch.protocol_span;
    s.span = b.span(in);
  }
};

}  // namespace faultc::parse_detail
