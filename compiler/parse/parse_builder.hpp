#pragma once
// The state the grammar actions fill while one statement is parsed. Leaf
// actions push values onto small stacks or fill a slot; the action of the
// rule that encloses them takes them off and assembles the AST node. Every
// slot is filled by the action of one named rule, so that no action has to
// guess from an empty stack what the text held. Everything here is scratch
// for one statement and starts afresh with the next (Builder::reset).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/parse/ast.hpp"
#include "compiler/parse/syntax_codes.hpp"
#include "grammar/errors.hpp"

namespace faultc::parse_detail {

// The stacks are emptied for the next statement but keep their buffers: a
// statement per line must not cost allocations per line (fresh stacks for
// every statement made parsing 12-15% slower).
struct ScratchStacks {
  // Addresses and ports: frame 0 holds top-level items, each open `{`
  // pushes a frame for its elements.
  std::vector<std::vector<ast::AddrItem>> addr_frames{1};
  std::vector<std::vector<ast::PortItem>> port_frames{1};
  std::vector<std::uint64_t> port_numbers;  // a range's ends, until the range takes them
  std::vector<ast::AddrMatch> matches;      // `between` holds two

  void clear() {
    // The binding names every member, so a stack added above and not
    // emptied here does not compile.
    auto& [addr, port, numbers, addr_matches] = *this;
    addr.resize(1);
    addr.front().clear();
    port.resize(1);
    port.front().clear();
    numbers.clear();
    addr_matches.clear();
  }
};

// Every other part of a statement being read: slots each filled by the
// action of one rule and emptied by the rule that encloses it.
struct Scratch {
  std::optional<std::uint64_t> range_end;  // `-N` of a port range
  bool negate = false;
  std::size_t set_depth = 0;

  // The `from` or `to` being read, of a rule or of a packet.
  ast::Endpoint endpoint;
  ast::PacketEndpoint packet_endpoint;

  std::optional<ast::Direction> direction;
  std::optional<ast::Protocol> protocol;  // a packet's
  ast::Protocols protocols;               // a selector's list
  Span protocol_span;
  ast::Selector selector;
  std::optional<ast::Interface> iface;

  std::uint8_t last_flag = 0, combo = 0, flags_value = 0, flags_mask = 0;
  std::uint8_t mask_before_item = 0;  // the mask before its latest item
  std::uint32_t mask_item_at = 0;     // where that item begins
  std::uint32_t mask_repeat = 0;      // ast::Pattern::mask_repeat of the pattern being read
  std::optional<std::uint8_t> icmp_name, icmp_code;  // the ICMP message being read
  ast::LengthOp length_op = ast::LengthOp::equal;    // the `length` being read
  std::uint32_t length_numbers[2] = {0, 0};
  std::uint8_t length_count = 0;
  std::vector<ast::Pattern> patterns;
  std::optional<ast::Probability> probability;
  std::optional<ast::RejectKind> reject_with;
  std::optional<ast::Rate> rate;
  std::optional<ast::Burst> burst;
  ast::LimitPer per = ast::LimitPer::source;  // the word just read after `per`
  std::optional<ast::LogPrefix> log_prefix;
  std::vector<ast::Action> actions;
  bool block = false;

  std::optional<std::string> string_value;
  Span string_span;

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
  ast::DefaultProtection exposed = ast::DefaultProtection::loopback;

  // A fleet statement's parts.
  ast::NodeSet node_set;  // the set being read
  std::vector<ast::NodeSet> node_sets;
  std::vector<ast::Attribute> attributes;
  std::optional<std::uint32_t> choose;
  Span choose_span;
  std::optional<std::uint64_t> seed;
  Span seed_span;
  bool one_way = false;  // `->` between a partition's sides
};

// Made afresh in place, after the old one is destroyed: that cannot throw.
static_assert(std::is_nothrow_default_constructible_v<Scratch>);

struct Builder {
  Builder(FileId file_id, const char* text, ast::File& file_out, Diagnostics& diagnostics_out)
      : file(file_id), text_begin(text), out(file_out), diagnostics(diagnostics_out) {}

  FileId file = 0;
  const char* text_begin = nullptr;
  ast::File& out;
  Diagnostics& diagnostics;
  ScratchStacks stacks;
  Scratch scratch;
  // What the last syntax error raised: set by grammar::control through
  // raised(), and by an action that refuses its input by throwing.
  const char* expected_keywords = nullptr;
  Code error_code = Code::F001;
  std::optional<ast::Packet> packet_result;
  // Where the statements of the `at` being read begin: the scratch starts
  // afresh after each of them, this does not.
  std::size_t at_first = 0;

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
  template <typename Rule>
  void raised() {
    expected_keywords = grammar::error_keywords<Rule>;
    error_code = syntax_code<Rule>;
  }
  // Ready for the next statement. The scratch is made afresh, so that no
  // field can be left out; in place, because assigning a fresh one (a
  // temporary, then a move of every field) cost 2.7% of the parse.
  void reset() {
    stacks.clear();
    std::destroy_at(&scratch);
    std::construct_at(&scratch);
    expected_keywords = nullptr;
    error_code = Code::F001;
  }
};

}  // namespace faultc::parse_detail
