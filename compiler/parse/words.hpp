#pragma once
// The language's words for the AST's enums and TCP flags, each written
// once: the parser reads them (from_word), `fmt`, `explain`, `test` and the
// diagnostics print them (word). The grammar (grammar/grammar.hpp) spells
// the same keywords as PEGTL rules; tests/unit/words_test.cpp checks that
// every word here parses back to its value.
#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/parse/ast.hpp"
#include "compiler/support/word_table.hpp"

namespace faultc {

template <>
struct Words<ast::Direction> {
  static constexpr Word<ast::Direction> table[] = {{ast::Direction::inbound, "inbound"},
                                                   {ast::Direction::outbound, "outbound"},
                                                   {ast::Direction::forwarded, "forwarded"}};
};

template <>
struct Words<ast::Protocol> {
  static constexpr Word<ast::Protocol> table[] = {
      {ast::Protocol::tcp, "tcp"}, {ast::Protocol::udp, "udp"}, {ast::Protocol::icmp, "icmp"}};
};

template <>
struct Words<ast::RejectKind> {
  static constexpr Word<ast::RejectKind> table[] = {{ast::RejectKind::tcp_reset, "tcp-reset"},
                                                    {ast::RejectKind::icmp_port_unreachable, "icmp-port-unreachable"},
                                                    {ast::RejectKind::icmp_host_unreachable, "icmp-host-unreachable"},
                                                    {ast::RejectKind::icmp_admin_prohibited, "icmp-admin-prohibited"}};
};

// What an `expect` line says of a packet: `is allowed`.
template <>
struct Words<ast::Verdict> {
  static constexpr Word<ast::Verdict> table[] = {
      {ast::Verdict::allowed, "allowed"}, {ast::Verdict::dropped, "dropped"}, {ast::Verdict::rejected, "rejected"}};
};

template <>
struct Words<ast::Action::Kind> {
  using Kind = ast::Action::Kind;
  static constexpr Word<Kind> table[] = {
      {Kind::allow, "allow"}, {Kind::drop, "drop"},           {Kind::reject, "reject"},      {Kind::limit, "limit"},
      {Kind::log, "log"},     {Kind::half_open, "half-open"}, {Kind::blackhole, "blackhole"}};
};

// What `expose` gives up: the default protections.
template <>
struct Words<ast::DefaultProtection> {
  static constexpr Word<ast::DefaultProtection> table[] = {
      {ast::DefaultProtection::loopback, "loopback"},
      {ast::DefaultProtection::neighbour_discovery, "neighbour-discovery"}};
};

// A limit's buckets: `per source`, `per connection`.
template <>
struct Words<ast::LimitPer> {
  static constexpr Word<ast::LimitPer> table[] = {{ast::LimitPer::source, "source"},
                                                  {ast::LimitPer::connection, "connection"}};
};

// A packet's connection state in an `expect` line.
template <>
struct Words<ast::ConnState> {
  static constexpr Word<ast::ConnState> table[] = {{ast::ConnState::new_, "new"},
                                                   {ast::ConnState::established, "established"}};
};

// TCP flags in header order (FIN is bit 0), as the language writes them.
// The grammar reads them (in either case) with a rule per flag, not from
// this table; the test checks that each word reads as its bit.
inline constexpr Word<std::uint8_t> kTcpFlagWords[] = {
    {ast::tcp_flag::fin, "FIN"}, {ast::tcp_flag::syn, "SYN"}, {ast::tcp_flag::rst, "RST"}, {ast::tcp_flag::psh, "PSH"},
    {ast::tcp_flag::ack, "ACK"}, {ast::tcp_flag::urg, "URG"}, {ast::tcp_flag::ece, "ECE"}, {ast::tcp_flag::cwr, "CWR"}};

// The flags set in `bits`, in header order, joined by `separator`:
// "SYN+ACK" with "+"; empty for none (each caller has its word for that,
// `NONE` in the language).
std::string flag_words(std::uint8_t bits, std::string_view separator);

}  // namespace faultc
