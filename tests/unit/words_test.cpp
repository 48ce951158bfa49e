// The word tables (parse/words.hpp, source/units.hpp): every value has one
// word, and the grammar reads each word back as its value, so that the
// printers (fmt, explain, test, the diagnostics) write what the parser
// reads.
#include "compiler/parse/words.hpp"

#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "compiler/eval/eval.hpp"
#include "compiler/parse/icmp_types.hpp"
#include "compiler/parse/literals.hpp"
#include "compiler/parse/parse.hpp"
#include "compiler/source/duration_text.hpp"
#include "compiler/source/units.hpp"

using namespace faultc;

namespace {

// Every value from the first to `last` has a word, which reads back as it.
template <typename Enum>
void check_table(Enum last) {
  for (int i = 0; i <= static_cast<int>(last); ++i) {
    const auto value = static_cast<Enum>(i);
    const std::string_view text = word(value);
    INFO("value " << i << ", word `" << std::string(text) << "`");
    CHECK_FALSE(text.empty());
    CHECK(from_word<Enum>(text) == value);
  }
  CHECK(std::size(Words<Enum>::table) == static_cast<std::size_t>(last) + 1);
  CHECK_FALSE(from_word<Enum>("nonsense").has_value());
}

// A whole file (parse_file) or a packet (parse_packet) that must parse.
template <typename Parse>
auto parsed(Parse parse, const std::string& text) {
  SourceMap sources;
  auto result = parse(sources, sources.add("t.fault", text));
  INFO(text);
  REQUIRE(result.diagnostics.empty());
  return std::move(*result.value);
}

ast::File parse_ok(const std::string& text) {
  return parsed([](const SourceMap& s, FileId id) { return parse_file(s, id); }, text);
}

ast::Packet packet_ok(const std::string& text) { return parsed(parse_packet, text); }

const ast::Rule& only_rule(const ast::File& file) {
  REQUIRE(file.statements.size() == 1);
  return std::get<ast::Rule>(file.statements[0]);
}

}  // namespace

TEST_CASE("each enum's table holds every value once, read both ways", "[words]") {
  check_table(ast::Direction::forwarded);
  check_table(ast::Protocol::icmp);
  check_table(ast::RejectKind::icmp_admin_prohibited);
  check_table(ast::Verdict::rejected);
  check_table(ast::Action::Kind::blackhole);
  check_table(ast::ConnState::established);
  check_table(ast::LimitPer::connection);
  check_table(eval::Verdict::Kind::rate_limited);
  CHECK(word(ast::Action::Kind::half_open) == "half-open");
  CHECK(word(ir::written_kind(ir::Action::Kind::limit)) == "limit");
  CHECK(word(eval::Verdict::Kind::dropped) == word(ast::Verdict::dropped));
}

TEST_CASE("the grammar reads each word as its value", "[words]") {
  for (const auto& [value, text] : Words<ast::Direction>::table) {
    CHECK(packet_ok(fmt::format("{} tcp to 10.0.0.1 port 80", text)).direction == value);
  }
  for (const auto& [value, text] : Words<ast::Protocol>::table) {
    CHECK(packet_ok(fmt::format("{} to 10.0.0.1", text)).protocol == value);
  }
  for (const auto& [value, text] : Words<ast::ConnState>::table) {
    CHECK(packet_ok(fmt::format("tcp to 10.0.0.1 port 80 {}", text)).state == value);
  }
  for (const auto& [value, text] : Words<ast::RejectKind>::table) {
    const ast::File file = parse_ok(fmt::format("to port 80 reject with {} for 1m\n", text));
    CHECK(only_rule(file).actions.at(0).reject_with == value);
  }
  for (const auto& [value, text] : Words<ast::Action::Kind>::table) {
    const std::string action = value == ast::Action::Kind::limit ? "limit 10/s" : std::string(text);
    const ast::File file = parse_ok(fmt::format("tcp to port 80 {} for 1m\n", action));
    CHECK(only_rule(file).actions.at(0).kind == value);
  }
  for (const auto& [value, text] : Words<ast::Verdict>::table) {
    const ast::File file = parse_ok(fmt::format("expect tcp to 10.0.0.1 port 80 is {}\n", text));
    CHECK(std::get<ast::Expect>(file.statements[0]).verdict == value);
  }
}

TEST_CASE("each ICMP name reads as its entry, in a pattern and in a packet, and is no keyword", "[words][icmp]") {
  for (std::size_t i = 0; i < icmp_names().size(); ++i) {
    const IcmpName& name = icmp_names()[i];
    const ast::File file = parse_ok(fmt::format("icmp drop {}, length 1 for 1m\n", name.word));
    const auto& patterns = only_rule(file).actions.at(0).patterns;
    REQUIRE(patterns.size() == 2);
    CHECK(patterns[0].kind == ast::Pattern::Kind::icmp);
    CHECK(patterns[0].icmp_name == i);
    CHECK(packet_ok(fmt::format("icmp to 10.0.0.1 {}", name.word)).icmp_name == i);
    CHECK(icmp_name_index(name.word) == i);
    // A context word: still a host's name.
    CHECK(std::holds_alternative<ast::HostDef>(parse_ok(fmt::format("host {} = 10.0.0.1\n", name.word)).statements[0]));
  }
  CHECK_FALSE(icmp_name_index("neighbor-solicitation"));
  CHECK(icmp_words(ast::Family::ipv4, 3, 4).name == "frag-needed");
  CHECK(icmp_words(ast::Family::ipv6, 3, 0).name == "time-exceeded");
  CHECK(icmp_words(ast::Family::ipv4, 3, 9).name == "destination-unreachable");
  CHECK(icmp_words(ast::Family::ipv4, 3, 9).code == 9);
  CHECK(icmp_words(ast::Family::ipv4, 8, 0).name == "echo-request");
  CHECK_FALSE(icmp_words(ast::Family::ipv4, 8, 0).code);
  CHECK(icmp_words(ast::Family::ipv4, 200, 0).name.empty());
}

TEST_CASE("TCP flags read as their bits, and print in header order", "[words]") {
  for (const auto& [bit, text] : kTcpFlagWords) {
    CHECK(packet_ok(fmt::format("tcp to 10.0.0.1 port 80 flags {}", text)).flags == bit);
    CHECK(flag_words(bit, "+") == text);
  }
  CHECK(flag_words(ast::tcp_flag::ack | ast::tcp_flag::syn, "+") == "SYN+ACK");
  CHECK(flag_words(ast::tcp_flag::cwr | ast::tcp_flag::fin | ast::tcp_flag::psh, ",") == "FIN,PSH,CWR");
  CHECK(flag_words(0, "+").empty());
}

TEST_CASE("units read and print through one table", "[words]") {
  for (const Unit& unit : kTimeUnits) {
    CHECK(parse_duration_text(fmt::format("3{}", unit.word)) == 3 * unit.size);
    CHECK(format_duration(3 * unit.size) == fmt::format("3{}", unit.word));
  }
  for (const Unit& unit : kByteUnits) {
    const auto rate = literals::rate(fmt::format("2{}/s", unit.word));
    REQUIRE(std::holds_alternative<ast::Rate>(rate));
    CHECK(std::get<ast::Rate>(rate).amount == static_cast<double>(2 * unit.size));
    CHECK(std::get<ast::Rate>(rate).bytes);
  }
  CHECK(unit_size(kTimeUnits, "w") == std::nullopt);
  const auto packets = literals::rate("2/s");  // no unit: a packet rate
  REQUIRE(std::holds_alternative<ast::Rate>(packets));
  CHECK(std::get<ast::Rate>(packets).amount == 2.0);
  CHECK(!std::get<ast::Rate>(packets).bytes);
}
