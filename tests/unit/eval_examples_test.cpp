// The shipped examples under eval: every expect line passes, and the
// expect lines cover every action (docs/testing.md, "Writing good expect
// lines").
#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <variant>

#include "compiler/parse/read_file.hpp"
#include "tests/unit/eval_support.hpp"
#include "tests/unit/examples.hpp"

using namespace faultc;
using namespace faultc::test;
using namespace faultc::test::eval_tests;

namespace {

struct Example {
  std::unique_ptr<Loaded> loaded;
  ExpectReport report;
};

Example load_example(const std::filesystem::path& path) {
  Example e;
  e.loaded = std::make_unique<Loaded>();
  auto text = read_source_file(path.string());
  REQUIRE(std::holds_alternative<std::string>(text));
  const FileId id = e.loaded->sources.add(path.filename().string(), std::get<std::string>(text));
  e.loaded->c = compile_front(e.loaded->sources, id);
  REQUIRE(e.loaded->c.ok());
  auto checked = check_expects(*e.loaded->c.scenario, e.loaded->sources);
  REQUIRE(checked.ok());
  e.report = std::move(*checked.value);
  return e;
}

bool inside(Span outer, Span inner) {
  return outer.file == inner.file && outer.begin <= inner.begin && inner.end <= outer.end;
}

}  // namespace

TEST_CASE("examples: every expect line passes", "[eval][examples]") {
  for (const auto& path : examples()) {
    Example e = load_example(path);
    CHECK(!e.report.outcomes.empty());
    for (const ExpectOutcome& o : e.report.outcomes) {
      INFO(location_text(o.expect.span, e.loaded->sources)
           << ": " << excerpt(o.expect.span, e.loaded->sources, 200) << "\nfound " << verdict_summary(o.verdict));
      CHECK(o.passed);
    }
  }
}

// Every action is covered by an expect: a packet reaches it (it decides,
// logs, or is a hazard on the path). A random drop decides no single
// packet, so it is covered by an expect showing what its rule, while
// active, leaves alone (docs/testing.md).
TEST_CASE("examples: expect lines cover every action", "[eval][examples]") {
  for (const auto& path : examples()) {
    Example e = load_example(path);
    const ir::Scenario& scenario = e.loaded->scenario();
    for (const ir::Rule& rule : scenario.rules) {
      for (const ir::Action& action : rule.actions) {
        bool covered = false;
        for (const ExpectOutcome& o : e.report.outcomes) {
          for (const eval::Step& step : o.verdict.trace) {
            const bool reached = step.kind != eval::Step::Kind::other_hook && step.kind != eval::Step::Kind::inactive &&
                                 step.kind != eval::Step::Kind::not_selected &&
                                 step.kind != eval::Step::Kind::entered && step.kind != eval::Step::Kind::passed &&
                                 inside(action.span, step.span);
            const bool spared =
                action.probability && step.kind == eval::Step::Kind::not_selected && step.rule_number == rule.number;
            covered = covered || reached || spared;
          }
        }
        INFO(path.filename().string() << ": `" << excerpt(action.span, e.loaded->sources) << "` (rule " << rule.number
                                      << ")");
        CHECK(covered);
      }
    }
  }
}
