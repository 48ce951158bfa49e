#pragma once
// The state the grammar actions fill while one statement is parsed. Leaf
// actions push values onto small stacks; the action of the enclosing rule
// takes them off and assembles the AST node. Everything here is scratch for
// one statement and is reset when a statement fails.
#include <optional>
#include <string>
#include <vector>

#include "compiler/parse/ast.hpp"
#include "compiler/diagnostics/diagnostic.hpp"

namespace faultc::parse_detail {

struct NumberToken {
  std::uint64_t value = 0;
  Span span;
};

struct Scratch {
  // Addresses and ports: frame 0 holds top-level items, each open `{`
  // pushes a frame for its elements.
  std::vector<std::vector<ast::AddrItem>> addr_frames{1};
  std::vector<std::vector<ast::PortItem>> port_frames{1};
  std::vector<NumberToken> port_numbers;
  std::vector<ast::AddrMatch> matches;
  bool negate = false;
  std::size_t set_depth = 0;

  std::optional<ast::Direction> direction;
  std::optional<ast::Protocol> protocol;
  Span protocol_span;
  ast::Selector selector;
  std::optional<ast::Interface> iface;

  std::uint8_t last_flag = 0, combo = 0, flags_value = 0, flags_mask = 0;
  std::vector<ast::Pattern> patterns;
  std::optional<ast::Probability> probability;
  std::optional<ast::RejectKind> reject_with;
  std::optional<ast::Rate> rate;
  std::optional<ast::Burst> burst;
  std::optional<std::string> string_value;
  Span string_span;
  std::vector<ast::Action> actions;
  bool block = false;

  std::uint64_t duration_ms = 0;
  std::uint64_t duration_last_unit = 0;
  bool duration_overflow = false;
  std::optional<ast::Duration> duration;
  ast::Timing timing;

  std::string name;
  Span name_span;
  std::int64_t integer = 0;
  ast::Packet packet;
  std::optional<ast::Verdict> verdict;

  // Back to the freshly constructed state, keeping the vectors' capacity:
  // a statement per line must not cost an allocation per line. Every field
  // above is reset here.
  void clear() {
    addr_frames.resize(1);
    addr_frames.front().clear();
    port_frames.resize(1);
    port_frames.front().clear();
    port_numbers.clear();
    matches.clear();
    negate = false;
    set_depth = 0;
    direction.reset();
    protocol.reset();
    protocol_span = {};
    selector = {};
    iface.reset();
    last_flag = combo = flags_value = flags_mask = 0;
    patterns.clear();
    probability.reset();
    reject_with.reset();
    rate.reset();
    burst.reset();
    string_value.reset();
    string_span = {};
    actions.clear();
    block = false;
    duration_ms = duration_last_unit = 0;
    duration_overflow = false;
    duration.reset();
    timing = {};
    name.clear();
    name_span = {};
    integer = 0;
    packet = {};
    verdict.reset();
  }
};

struct Builder {
  Builder(FileId file_id, const char* text, ast::File& file_out, Diagnostics& diagnostics_out)
      : file(file_id), text_begin(text), out(file_out), diagnostics(diagnostics_out) {}

  FileId file = 0;
  const char* text_begin = nullptr;
  ast::File& out;
  Diagnostics& diagnostics;
  Scratch scratch;
  const char* expected_keywords = nullptr;  // set by grammar::control on a raise
  const char* error_code = nullptr;         // likewise; null means F001
  std::optional<ast::Packet> packet_result;

  Span span(const char* begin, const char* end) const {
    return Span{file, static_cast<std::uint32_t>(begin - text_begin), static_cast<std::uint32_t>(end - text_begin)};
  }
  template <typename ActionInput>
  Span span(const ActionInput& in) const {
    return span(in.begin(), in.end());
  }
  void error(Code code, Span at, std::string message, std::string help = {}) {
    diagnostics.push_back(make_diagnostic(code, at, std::move(message), std::move(help)));
  }
  void reset() {
    scratch.clear();
    expected_keywords = nullptr;
    error_code = nullptr;
  }
};

}  // namespace faultc::parse_detail
