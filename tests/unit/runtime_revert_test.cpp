// What `faultc revert NAME` answers when nothing active has that name
// (runtime/revert_suggestion.hpp).
#include <catch2/catch.hpp>

#include "runtime/revert_suggestion.hpp"

using namespace faultc::runtime;

namespace {
RunState state(const std::string& name, const std::string& id) {
  RunState s;
  s.name = name;
  s.id = id;
  return s;
}
}  // namespace

TEST_CASE("revert of a name nothing has: the closest name, and what is active", "[runtime][revert]") {
  const std::vector<RunState> states{state("delta", "delta"), state("site partition", "site_44f2b798")};
  SECTION("a swap of two letters is one edit") {
    CHECK(not_active_message("detla", states, {"delta"}) ==
          "no active scenario is named \"detla\" or has that kernel id; did you mean `faultc revert delta`? "
          "(active: \"delta\" (delta), \"site partition\" (site_44f2b798))");
  }
  SECTION("a long name may be further off") {
    CHECK_THAT(not_active_message("site partitoin!", states, {}),
               Catch::Contains("did you mean `faultc revert site partition`?"));
  }
  SECTION("nothing near: only what is active, a kernel id without a state file said so") {
    CHECK(not_active_message("zzzzzzzz", states, {"orphan"}) ==
          "no active scenario is named \"zzzzzzzz\" or has that kernel id; active: \"delta\" (delta), "
          "\"site partition\" (site_44f2b798), orphan (no state file)");
  }
  SECTION("nothing active at all") {
    CHECK(
        not_active_message("delta", {}, {}) ==
        "no active scenario is named \"delta\" or has that kernel id; no faultc scenario is active (`faultc status`)");
  }
}
