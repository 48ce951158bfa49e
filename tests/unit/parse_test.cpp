// The parse stage as a specification: a scenario in, the AST out.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <arpa/inet.h>

#include <array>
#include <random>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/format/format.hpp"
#include "compiler/parse/literals.hpp"
#include "compiler/parse/icmp_types.hpp"
#include "compiler/parse/parse.hpp"
#include "tests/fuzz/fuzz_entries.hpp"

using namespace faultc;

namespace {

struct Parsed {
  SourceMap sources;
  FileId id = 0;
  Result<ast::File> result;
};

Parsed parse_text(std::string text) {
  Parsed p;
  p.id = p.sources.add("t.fault", std::move(text));
  p.result = parse_file(p.sources, p.id);
  return p;
}

template <typename T>
const T& statement(const Parsed& p, std::size_t index) {
  REQUIRE(p.result.value);
  REQUIRE(index < p.result.value->statements.size());
  const auto* s = std::get_if<T>(&p.result.value->statements[index]);
  REQUIRE(s != nullptr);
  return *s;
}

std::string text_of(const Parsed& p, Span span) {
  return p.sources.file(span.file).text().substr(span.begin, span.end - span.begin);
}

}  // namespace

TEST_CASE("the incident one-liner parses into one rule with two actions", "[parse]") {
  const auto p = parse_text("host victim = 10.0.0.5\nfrom victim to port 1234 allow SYN, ACK; drop rest for 4m\n");
  REQUIRE(p.result.diagnostics.empty());
  const auto& host = statement<ast::HostDef>(p, 0);
  CHECK(host.name == "victim");
  CHECK(host.value.kind == ast::AddrItem::Kind::literal);
  CHECK(host.value.address.bytes[0] == 10);
  CHECK(host.value.address.bytes[3] == 5);

  const auto& rule = statement<ast::Rule>(p, 1);
  REQUIRE(rule.selector.from);
  CHECK(text_of(p, rule.selector.from->address->value.span) == "victim");
  REQUIRE(rule.selector.to);
  CHECK_FALSE(rule.selector.to->address);
  CHECK(rule.selector.to->port->low == 1234);
  CHECK(rule.selector.to->port->high == 1234);
  REQUIRE(rule.actions.size() == 2);
  CHECK(rule.actions[0].kind == ast::Action::Kind::allow);
  REQUIRE(rule.actions[0].patterns.size() == 2);
  CHECK(rule.actions[0].patterns[0].value == ast::tcp_flag::syn);
  CHECK(rule.actions[0].patterns[1].value == ast::tcp_flag::ack);
  CHECK(rule.actions[1].kind == ast::Action::Kind::drop);
  REQUIRE(rule.actions[1].patterns.size() == 1);
  CHECK(rule.actions[1].patterns[0].kind == ast::Pattern::Kind::rest);
  REQUIRE(rule.timing);
  REQUIRE(rule.timing->for_);
  CHECK(rule.timing->for_->ms == 240'000);
  CHECK(text_of(p, rule.span) == "from victim to port 1234 allow SYN, ACK; drop rest for 4m");
  CHECK(text_of(p, rule.actions[0].span) == "allow SYN, ACK");
}

TEST_CASE("a block is the same rule written with braces", "[parse]") {
  const auto p = parse_text("from victim to port 1234 {\n    allow SYN, ACK\n\n    drop rest  # the rest\n} for 4m\n");
  REQUIRE(p.result.diagnostics.empty());
  const auto& rule = statement<ast::Rule>(p, 0);
  CHECK(rule.block);
  REQUIRE(rule.actions.size() == 2);
  CHECK(rule.timing->for_->ms == 240'000);
  REQUIRE(p.result.value->comments.size() == 1);
  CHECK(text_of(p, p.result.value->comments[0].span) == "# the rest");
}

TEST_CASE("every literal kind decodes", "[parse]") {
  const auto p = parse_text(
      "host h = { 10.0.0.0/24, ::1, fd00::3:10, ::ffff:10.0.0.1, 2001:db8:0:0:0:0:0:1, 1:2:3:4:5:6:7:8, { 192.0.2.1 } }\n"
      "port p = { 80, 8000-8080, other }\n"
      "to port p drop 0.5% for 1h30m\n"
      "to port 80 limit 1mbyte/s burst 64kbyte for 250ms\n"
      "log \"a \\\"quoted\\\" \\\\ prefix\\n\" for 1d\n");
  REQUIRE(p.result.diagnostics.empty());
  const auto& host = statement<ast::HostDef>(p, 0);
  REQUIRE(host.value.kind == ast::AddrItem::Kind::set);
  REQUIRE(host.value.items().size() == 7);
  CHECK(host.value.items()[0].address.prefix == 24);
  CHECK(text_of(p, host.value.items()[0].span) == "10.0.0.0/24");  // literals read as written, by span
  CHECK(host.value.items()[1].address.family == ast::Family::ipv6);
  CHECK(host.value.items()[1].address.bytes[15] == 1);
  CHECK(host.value.items()[3].address.bytes[10] == 0xff);
  CHECK(host.value.items()[3].address.bytes[12] == 10);
  CHECK(host.value.items()[6].kind == ast::AddrItem::Kind::set);

  const auto& ports = statement<ast::PortDef>(p, 1);
  REQUIRE(ports.value.items().size() == 3);
  CHECK(ports.value.items()[1].low == 8000);
  CHECK(ports.value.items()[1].high == 8080);
  CHECK(ports.value.items()[2].kind == ast::PortItem::Kind::name);
  CHECK(text_of(p, ports.value.items()[2].span) == "other");

  const auto& drop = statement<ast::Rule>(p, 2);
  CHECK(drop.actions[0].probability->per_million == 5000);
  CHECK(text_of(p, drop.actions[0].probability->span) == "0.5%");
  CHECK(drop.timing->for_->ms == 5'400'000);

  const auto& limit = statement<ast::Rule>(p, 3);
  CHECK(limit.actions[0].rate->bytes);
  CHECK(limit.actions[0].rate->amount == 1024.0 * 1024.0);
  CHECK(limit.actions[0].rate->period_ms == 1000);
  CHECK(limit.actions[0].burst->amount == 64 * 1024);
  CHECK(text_of(p, limit.actions[0].rate->span) == "1mbyte/s");
  CHECK(text_of(p, limit.actions[0].burst->span) == "64kbyte");
  CHECK(limit.timing->for_->ms == 250);

  const auto& log = statement<ast::Rule>(p, 4);
  CHECK(log.actions[0].log_prefix->text == "a \"quoted\" \\ prefix\n");
  CHECK(log.timing->for_->ms == 86'400'000);
}

TEST_CASE("flag patterns: combinations, the full form, badflags and states", "[parse]") {
  const auto p = parse_text(
      "tcp { allow syn+Ack, NONE, ALL; drop flags SYN,ACK of SYN,ACK,FIN; reject new, established, data; log badflags } for 1m\n");
  REQUIRE(p.result.diagnostics.empty());
  const auto& rule = statement<ast::Rule>(p, 0);
  CHECK(rule.selector.protocols == ast::Protocols(ast::Protocol::tcp));
  REQUIRE(rule.actions.size() == 4);
  const auto& allow = rule.actions[0].patterns;
  REQUIRE(allow.size() == 3);
  CHECK(allow[0].value == (ast::tcp_flag::syn | ast::tcp_flag::ack));
  CHECK(allow[1].value == 0);
  CHECK(allow[2].value == ast::tcp_flag::classic);
  const auto& full = rule.actions[1].patterns.at(0);
  CHECK(full.value == (ast::tcp_flag::syn | ast::tcp_flag::ack));
  CHECK(full.mask == (ast::tcp_flag::syn | ast::tcp_flag::ack | ast::tcp_flag::fin));
  const auto& states = rule.actions[2].patterns;
  REQUIRE(states.size() == 3);
  CHECK(states[0].kind == ast::Pattern::Kind::state_new);
  CHECK(states[1].kind == ast::Pattern::Kind::state_established);
  CHECK(states[2].kind == ast::Pattern::Kind::data);
  CHECK(rule.actions[3].patterns.at(0).kind == ast::Pattern::Kind::badflags);
}

TEST_CASE("selectors: direction, protocol, clauses in any order, negation, between", "[parse]") {
  const auto p = parse_text(
      "outbound udp to port 53 on eth0.100 from not 10.0.0.0/8 drop for 1m\n"
      "forwarded between { a, b } and not c drop after 10s for 20s every 1m\n"
      "for 1h\n");
  REQUIRE(p.result.diagnostics.empty());
  const auto& first = statement<ast::Rule>(p, 0);
  CHECK(first.selector.direction == ast::Direction::outbound);
  CHECK(first.selector.protocols == ast::Protocols(ast::Protocol::udp));
  CHECK(text_of(p, first.selector.on->span) == "eth0.100");
  CHECK(first.selector.from->address->negated);
  const auto& second = statement<ast::Rule>(p, 1);
  REQUIRE(second.selector.between);
  CHECK_FALSE(second.selector.between->first.negated);
  CHECK(second.selector.between->first.value.items().size() == 2);
  CHECK(second.selector.between->second.negated);
  CHECK(second.timing->after->ms == 10'000);
  CHECK(second.timing->every->ms == 60'000);
  const auto& life = statement<ast::Life>(p, 2);
  CHECK(life.duration->ms == 3'600'000);
}

// `from port P` needs no address, as `to port P` never did: a server's
// answers, seen on the way out, or every client of a source port.
TEST_CASE("a source port without an address, alone or with `to`", "[parse]") {
  const auto p = parse_text(
      "outbound from port 8080 drop SYN+ACK 50% for 1m\n"
      "udp from port { 53, 5353 } to 10.0.0.9 drop for 1m\n"
      "from port 22 to port 1024-65535 allow for 1m\n");
  REQUIRE(p.result.diagnostics.empty());
  const auto& first = statement<ast::Rule>(p, 0);
  REQUIRE(first.selector.from);
  CHECK_FALSE(first.selector.from->address);
  REQUIRE(first.selector.from->port);
  CHECK(text_of(p, first.selector.from->span) == "from port 8080");
  const auto& second = statement<ast::Rule>(p, 1);
  CHECK_FALSE(second.selector.from->address);
  CHECK(second.selector.to->address);
  const auto& third = statement<ast::Rule>(p, 2);
  CHECK(third.selector.from->port);
  CHECK(third.selector.to->port);
  CHECK_FALSE(third.selector.to->address);
  // `from` still needs something after it.
  const auto bare = parse_text("from drop for 1m\n");
  REQUIRE(bare.result.diagnostics.size() == 1);
  CHECK(bare.result.diagnostics[0].message.starts_with(
      "expected an address, a host name, a `{ set }` or `port` after `from`"));
}

// `with ADDR [port P]`: a rule may start with it; `reject ... with KIND`
// stays an action's.
TEST_CASE("`with` clauses and protocol lists", "[parse]") {
  const auto p = parse_text(
      "with db drop for 1m\n"
      "udp, tcp with not { a, 10.0.0.1 } port 53 on eth0 reject with icmp-host-unreachable for 1m\n"
      "icmp,udp , tcp from a drop for 1m\n");
  REQUIRE(p.result.diagnostics.empty());
  const auto& first = statement<ast::Rule>(p, 0);
  REQUIRE(first.selector.with);
  CHECK(first.selector.protocols.empty());
  CHECK_FALSE(first.selector.with->port);
  CHECK(text_of(p, first.selector.with->span) == "with db");
  const auto& second = statement<ast::Rule>(p, 1);
  REQUIRE(second.selector.with);
  CHECK(second.selector.with->address->negated);
  CHECK(text_of(p, second.selector.with->port->span) == "53");
  CHECK(second.selector.protocols.has(ast::Protocol::tcp));
  CHECK(second.selector.protocols.has(ast::Protocol::udp));
  CHECK_FALSE(second.selector.protocols.has(ast::Protocol::icmp));
  CHECK(text_of(p, second.selector.protocol_span) == "udp, tcp");
  CHECK(second.actions.at(0).reject_with == ast::RejectKind::icmp_host_unreachable);
  const auto& third = statement<ast::Rule>(p, 2);
  CHECK(third.selector.protocols.size() == 3);
  CHECK(text_of(p, third.selector.protocol_span) == "icmp,udp , tcp");
  // Each protocol once (F005, at the repeat), and one after each comma.
  const auto twice = parse_text("tcp, udp, tcp drop for 1m\n");
  REQUIRE(twice.result.diagnostics.size() == 1);
  CHECK(twice.result.diagnostics[0].code == Code::F005);
  CHECK(twice.result.diagnostics[0].message == "`tcp` is listed twice");
  CHECK(twice.result.diagnostics[0].span.begin == 10);
  const auto dangling = parse_text("tcp, drop for 1m\n");
  REQUIRE(dangling.result.diagnostics.size() == 1);
  CHECK(dangling.result.diagnostics[0].message.starts_with("expected a protocol (tcp, udp or icmp) after `,`"));
  const auto bare = parse_text("with port 53 drop for 1m\n");
  REQUIRE(bare.result.diagnostics.size() == 1);
  CHECK(bare.result.diagnostics[0].message.starts_with("expected an address, a host name or a `{ set }` after `with`"));
  const auto again = parse_text("with a with b drop for 1m\n");
  REQUIRE(again.result.diagnostics.size() == 1);
  CHECK(again.result.diagnostics[0].code == Code::F005);
}

TEST_CASE("ICMP messages and lengths: patterns as written, packet clauses, and their errors", "[parse][icmp]") {
  const auto p = parse_text(
      "icmp { allow echo-request; drop destination-unreachable code 4, frag-needed; log length > 1400, "
      "length < 100, length 1500, length 1000-1500 } for 1m\n"
      "expect icmp from 10.0.0.1 time-exceeded code 1 length 576 is dropped\n");
  REQUIRE(p.result.diagnostics.empty());
  const auto& rule = statement<ast::Rule>(p, 0);
  const auto& drop = rule.actions.at(1).patterns;
  REQUIRE(drop.size() == 2);
  CHECK(drop[0].kind == ast::Pattern::Kind::icmp);
  CHECK(icmp_name(drop[0].icmp_name).word == "destination-unreachable");
  CHECK(drop[0].icmp_code == 4);
  CHECK_FALSE(drop[1].icmp_code);
  const auto& lengths = rule.actions.at(2).patterns;
  REQUIRE(lengths.size() == 4);
  CHECK(lengths[0].length_op == ast::LengthOp::greater);
  CHECK(lengths[0].length_low == 1400);
  CHECK(lengths[1].length_op == ast::LengthOp::less);
  CHECK(lengths[2].length_op == ast::LengthOp::equal);
  CHECK(lengths[3].length_op == ast::LengthOp::range);
  CHECK(lengths[3].length_low == 1000);
  CHECK(lengths[3].length_high == 1500);
  const auto& packet = statement<ast::Expect>(p, 1).packet;
  CHECK(icmp_name(*packet.icmp_name).word == "time-exceeded");
  CHECK(packet.icmp_code == 1);
  CHECK(packet.length == 576);
  // Out of range and empty: F003 at the number or the pattern.
  for (const char* bad : {"icmp drop echo-request code 256 for 1m\n", "drop length 0 for 1m\n",
                          "drop length 65536 for 1m\n", "drop length 1500-1000 for 1m\n",
                          "drop length > 65535 for 1m\n", "drop length < 1 for 1m\n",
                          "expect icmp length 70000 is allowed\ndrop for 1m\n"}) {
    const auto e = parse_text(bad);
    INFO(bad);
    REQUIRE(e.result.diagnostics.size() == 1);
    CHECK(e.result.diagnostics[0].code == Code::F003);
  }
  // A name once per packet; `length` needs a number.
  CHECK(parse_text("expect icmp echo-request echo-reply is allowed\n").result.diagnostics.at(0).code == Code::F005);
  CHECK(parse_text("drop length big for 1m\n").result.diagnostics.at(0).code == Code::F001);
  CHECK(parse_text("icmp drop echo-request code x for 1m\n").result.diagnostics.at(0).code == Code::F001);
}

TEST_CASE("keywords never match a prefix of a longer name", "[parse]") {
  const auto p = parse_text("host fromage = 10.0.0.1\nhost drop-zone = 10.0.0.2\nfrom fromage to drop-zone drop for 1m\n");
  REQUIRE(p.result.diagnostics.empty());
  CHECK(statement<ast::HostDef>(p, 0).name == "fromage");
  CHECK(statement<ast::HostDef>(p, 1).name == "drop-zone");
  const auto& rule = statement<ast::Rule>(p, 2);
  CHECK(text_of(p, rule.selector.from->address->value.span) == "fromage");
  CHECK(text_of(p, rule.selector.to->address->value.span) == "drop-zone");
}

TEST_CASE("statements: scenario, port, priority, include, for ever, expect", "[parse]") {
  const auto p = parse_text(
      "scenario \"half-open clients\"\npriority -300\ninclude \"common.fault\"\nfor ever\n"
      "expect outbound tcp from 10.0.0.5 port 40000 to fd00::1 port 1234 on eth0 flags PSH+ACK established data "
      "is dropped at 30s\n");
  REQUIRE(p.result.diagnostics.empty());
  CHECK(statement<ast::Scenario>(p, 0).name == "half-open clients");
  CHECK(statement<ast::Priority>(p, 1).value == -300);
  CHECK(statement<ast::Include>(p, 2).path == "common.fault");
  CHECK_FALSE(statement<ast::Life>(p, 3).duration);
  const auto& expect = statement<ast::Expect>(p, 4);
  CHECK(expect.packet.direction == ast::Direction::outbound);
  CHECK(expect.packet.protocol == ast::Protocol::tcp);
  CHECK(expect.packet.from->port->low == 40000);
  CHECK(expect.packet.to->address->address.family == ast::Family::ipv6);
  CHECK(expect.packet.flags == (ast::tcp_flag::psh | ast::tcp_flag::ack));
  CHECK(expect.packet.state == ast::ConnState::established);
  CHECK(expect.packet.data);
  CHECK(text_of(p, expect.packet.on->span) == "eth0");
  CHECK(expect.verdict == ast::Verdict::dropped);
  CHECK(expect.at->ms == 30'000);
}

TEST_CASE("the packet syntax parses on its own", "[parse]") {
  SourceMap sources;
  const auto id = sources.add("--packet", "tcp from 10.0.0.5 port 40000 to 10.0.0.1 port 1234 flags PSH+ACK");
  const auto r = parse_packet(sources, id);
  REQUIRE(r.diagnostics.empty());
  REQUIRE(r.value);
  CHECK(r.value->to->port->low == 1234);
  CHECK(r.value->flags == (ast::tcp_flag::psh | ast::tcp_flag::ack));
  const auto bad = sources.add("--packet", "tcp from 10.0.0.5 sideways");
  CHECK_FALSE(parse_packet(sources, bad).ok());
}

TEST_CASE("CRLF line endings and a byte order mark are accepted", "[parse]") {
  const auto p = parse_text("\xEF\xBB\xBFhost victim = 10.0.0.5\r\nfrom victim drop for 4m\r\n# done\r\n");
  REQUIRE(p.result.diagnostics.empty());
  CHECK(p.sources.file(p.id).had_bom());
  CHECK(statement<ast::Rule>(p, 1).timing->for_->ms == 240'000);
}

TEST_CASE("a rule pays nothing for the parts it does not use", "[parse]") {
  const auto p = parse_text("tcp from 10.1.2.3 to port 1234 drop\n");
  REQUIRE(p.result.diagnostics.empty());
  const auto& rule = statement<ast::Rule>(p, 0);
  CHECK_FALSE(rule.timing);
  CHECK_FALSE(rule.selector.on);
  CHECK_FALSE(rule.selector.between);
  REQUIRE(rule.actions.size() == 1);
  CHECK_FALSE(rule.actions[0].rate);
  CHECK_FALSE(rule.actions[0].log_prefix);
  CHECK(rule.selector.from->address->value.items().empty());
}

TEST_CASE("an empty file and a file of comments parse to nothing", "[parse]") {
  CHECK(parse_text("").result.value->statements.empty());
  const auto p = parse_text("# only\n\n   # comments\n");
  CHECK(p.result.diagnostics.empty());
  CHECK(p.result.value->statements.empty());
  CHECK(p.result.value->comments.size() == 2);
}

TEST_CASE("IPv4 literals are read as inet_pton reads them", "[parse]") {
  // literals::address reads dotted quads itself; inet_pton is the reference.
  const auto agrees = [](const std::string& text) {
    std::array<std::uint8_t, 4> expected{};
    const bool valid = inet_pton(AF_INET, text.c_str(), expected.data()) == 1;
    const auto got = literals::address(text);
    INFO(text);
    REQUIRE(got.has_value() == valid);
    if (valid) {
      CHECK(got->family == ast::Family::ipv4);
      CHECK(std::equal(expected.begin(), expected.end(), got->bytes.begin()));
    }
  };
  for (const char* text : {"0.0.0.0", "255.255.255.255", "10.0.0.1", "192.168.100.250", "256.0.0.1", "1.2.3.256",
                           "01.2.3.4", "1.2.3.04", "00.0.0.0", "1.2.3", "1.2.3.4.5", "1..2.3", "", ".1.2.3",
                           "1.2.3.", "1.2.3.4 ", " 1.2.3.4", "+1.2.3.4", "1.2.3.-4", "1234.1.1.1", "1.2.3.4a",
                           "0x1.2.3.4", "1.2.3.4/24", "999.999.999.999"}) {
    agrees(text);
  }
  // Random near-quads: three to five parts of zero to four digits.
  std::mt19937 random(9);
  int valid = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const std::size_t parts = 3 + random() % 3;
    for (std::size_t k = 0; k < parts; ++k) {
      if (k > 0) text += '.';
      const std::size_t digits = random() % 5;
      for (std::size_t d = 0; d < digits; ++d) text += static_cast<char>('0' + random() % (d == 0 ? 3 : 10));
    }
    agrees(text);
    valid += literals::address(text).has_value() ? 1 : 0;
  }
  CHECK(valid > 100);  // both outcomes are exercised (239 here)
}

// Past 50 syntax errors a file is no longer read.
TEST_CASE("the syntax error limit stops reading at the 50th error", "[parse]") {
  for (const std::size_t bad : {30, 49, 50, 51, 120}) {
    std::string text;
    for (std::size_t i = 0; i < bad; ++i) text += fmt::format("form 10.0.{}.1 drop\ndrop\n", i % 250);
    SourceMap sources;
    const FileId id = sources.add("many.fault", text);
    INFO(bad << " bad lines");
    const auto parsed = parse_file(sources, id);
    CHECK(parsed.diagnostics.size() == std::min<std::size_t>(bad, 50));
    CHECK((parsed.diagnostics.back().notes.size() == 1) == (bad >= 50));  // "stopped reading this file"
  }
}

// The input check reads a file a block at a time for non-ASCII bytes: one
// far past the first block is found, at its offset, and valid UTF-8 there
// passes.
TEST_CASE("a bad byte deep in a long file is reported where it is", "[parse][input]") {
  std::string text;
  for (int i = 0; text.size() < 20000; ++i) text += fmt::format("from 10.0.{}.{} drop\n", i / 250, i % 250);
  const std::size_t at = text.size();
  const std::string good = text + "# caf\xC3\xA9\nfrom 10.9.9.9 drop\n";
  CHECK(parse_text(good).result.diagnostics.empty());
  const auto bad = parse_text(text + "# caf\xE9\nfrom 10.9.9.9 drop\n");
  REQUIRE(bad.result.diagnostics.size() == 1);
  CHECK(bad.result.diagnostics[0].code == Code::F007);
  CHECK(bad.result.diagnostics[0].span.begin == at + 5);
}
