// The analyze stage on a program it is given (`faultc compile` frees each
// rule's AST once analysed) against one it only reads (every other
// command): the same IR and the same diagnostics in the same order, on
// generated statements and on every shipped example.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "compiler/analyze/analyze.hpp"
#include "compiler/diagnostics/render_text.hpp"
#include "compiler/parse/load.hpp"
#include "compiler/parse/read_file.hpp"
#include "tests/unit/examples.hpp"

using namespace faultc;
using namespace faultc::test;

namespace {

// Two analyses gave the same IR: every field the later stages read.
void check_same_ir(const ir::Scenario& a, const ir::Scenario& b) {
  REQUIRE(b.rules.size() == a.rules.size());
  for (std::size_t i = 0; i < a.rules.size(); ++i) {
    const ir::Rule& x = a.rules[i];
    const ir::Rule& y = b.rules[i];
    INFO("rule " << x.number);
    CHECK(y.number == x.number);
    CHECK(y.span == x.span);
    CHECK(y.selector.protocols == x.selector.protocols);
    CHECK(y.selector.flows == x.selector.flows);  // their directions and ports too
    CHECK(y.selector.interface == x.selector.interface);
    CHECK(y.selector.ipv4 == x.selector.ipv4);
    CHECK(y.selector.ipv6 == x.selector.ipv6);
    REQUIRE(y.actions.size() == x.actions.size());
    for (std::size_t k = 0; k < x.actions.size(); ++k) {
      CHECK(y.actions[k].kind == x.actions[k].kind);
      CHECK(y.actions[k].patterns == x.actions[k].patterns);
      CHECK(y.actions[k].probability == x.actions[k].probability);
      CHECK(y.actions[k].reject_with == x.actions[k].reject_with);
      CHECK(y.actions[k].span == x.actions[k].span);
    }
    CHECK(y.timing().after_ms == x.timing().after_ms);
    CHECK(y.timing().for_ms == x.timing().for_ms);
    CHECK(y.timing().every_ms == x.timing().every_ms);
  }
  REQUIRE(b.expects.size() == a.expects.size());
  for (std::size_t i = 0; i < a.expects.size(); ++i) {
    CHECK(b.expects[i].span == a.expects[i].span);
    CHECK(b.expects[i].verdict == a.expects[i].verdict);
    CHECK(b.expects[i].at_ms == a.expects[i].at_ms);
  }
  CHECK(b.life_ms == a.life_ms);
}

// Analyses the program whose root is `id` twice, kept and given away: the
// same IR and the same diagnostics in the same order. Whether it found errors.
bool check_consumed_as_kept(SourceMap& sources, FileId id) {
  auto loaded = load_program(sources, id);
  auto given = load_program(sources, id);
  REQUIRE(!has_errors(loaded.diagnostics));
  const auto one_go = analyze(*loaded.value, sources);
  const auto consumed = analyze(std::move(*given.value), sources);
  REQUIRE(one_go.value);
  REQUIRE(consumed.value);
  CHECK(render_text(consumed.diagnostics, sources) == render_text(one_go.diagnostics, sources));
  check_same_ir(*one_go.value, *consumed.value);
  CHECK(given.value->files.front().statements.empty());  // it was consumed
  return has_errors(one_go.diagnostics);
}

}  // namespace

// `faultc compile` analyses a program it gives away (each rule's AST freed
// once analysed); every other command keeps the AST. Every prefix of a
// varied list of statements (failing rules, expects, unknown names) is
// analysed both ways: the same IR and the same diagnostics in the same order.
TEST_CASE("analysing a consumed program gives the same IR and diagnostics as a kept one", "[analyze]") {
  std::vector<std::string> statements;
  for (int i = 0; i < 24; ++i) {
    statements.push_back(fmt::format("tcp from 10.0.{}.1 to port {} allow SYN, ACK; drop rest\n", i, 1000 + i));
    if (i % 7 == 3) statements.push_back(fmt::format("from nowhere{} drop\n", i));  // F010: fails
    if (i % 5 == 4) statements.push_back("icmp to port 80 drop\n");                 // F024: fails
    if (i % 4 == 1) statements.push_back(fmt::format("from 10.1.{}.0/24 reject with tcp-reset for 10s every 1m\n", i));
    if (i % 3 == 2) {
      statements.push_back(fmt::format("expect tcp from 10.0.{}.1 to port {} flags SYN is allowed\n", i, 1000 + i));
    }
    if (i % 6 == 5) statements.push_back("expect udp from unknownhost to port 53 is dropped at 5s\n");  // F010
    if (i % 8 == 6) statements.push_back(fmt::format("outbound udp to fd00::{:x} port 53 drop 30% after 5s for 1m\n", i));
  }
  std::size_t compared = 0, with_errors = 0;
  for (std::size_t count = 1; count <= statements.size(); ++count) {
    std::string text = "for 1h\n";
    for (std::size_t k = 0; k < count; ++k) text += statements[k];
    SourceMap sources;
    const FileId id = sources.add("halves.fault", text);
    INFO("the first " << count << " statements:\n" << text);
    with_errors += check_consumed_as_kept(sources, id);
    ++compared;
  }
  CHECK(compared == statements.size());
  CHECK(with_errors > compared / 2);  // the failing rules are part of the test
}

// The same on every shipped example: real scenarios, each analysed without
// an error.
TEST_CASE("analysing a consumed example gives the same IR and diagnostics as a kept one",
          "[analyze][examples]") {
  const std::vector<std::filesystem::path> paths = examples();
  REQUIRE(paths.size() >= 10);
  for (const std::filesystem::path& path : paths) {
    INFO(path.filename().string());
    auto text = read_source_file(path.string());
    REQUIRE(std::holds_alternative<std::string>(text));
    SourceMap sources;
    const FileId id = sources.add(path.string(), std::get<std::string>(text));
    CHECK_FALSE(check_consumed_as_kept(sources, id));
  }
}
