// The names `faultc compile -o DIR/` gives artifacts, and how `--check`
// reads a folder's names back: a teardown is never taken for an artifact,
// one family's restore file never for the other's, and two inputs that
// would write the same file are found before anything is written.
#include "compiler/driver/artifact_files.hpp"

#include <catch2/catch.hpp>

using namespace faultc;
using emit::Target;

TEST_CASE("artifact file names follow the scenario's name and the target") {
  CHECK(artifact_file_name("scenarios/half-open.fault", Target::nft, false) == "half-open.nft");
  CHECK(artifact_file_name("scenarios/half-open.fault", Target::nft, true) == "half-open.teardown.nft");
  CHECK(artifact_file_name("half-open.fault", Target::iptables, false) == "half-open.sh");
  CHECK(artifact_file_name("half-open.fault", Target::iptables, true) == "half-open.teardown.sh");
  CHECK(artifact_file_name("a/b/x.fault", Target::iptables_restore, false) == "x.v4.rules");
  CHECK(artifact_file_name("x.fault", Target::ip6tables_restore, true) == "x.teardown.v6.rules");
  // Only ".fault" is taken off: another name is kept whole.
  CHECK(artifact_file_name("notes.txt", Target::nft, false) == "notes.txt.nft");
  CHECK(artifact_file_name("dir/v1.2.fault", Target::nft, false) == "v1.2.nft");
}

TEST_CASE("a folder's file names are read back by the longest suffix") {
  CHECK(artifact_owner("half-open.nft", Target::nft, false) == "half-open");
  CHECK(artifact_owner("half-open.teardown.nft", Target::nft, false).empty());
  CHECK(artifact_owner("half-open.teardown.nft", Target::nft, true) == "half-open");
  CHECK(artifact_owner("half-open.nft", Target::nft, true).empty());
  CHECK(artifact_owner("x.v4.rules", Target::iptables_restore, false) == "x");
  CHECK(artifact_owner("x.v6.rules", Target::iptables_restore, false).empty());
  CHECK(artifact_owner("x.v6.rules", Target::ip6tables_restore, false) == "x");
  CHECK(artifact_owner("x.teardown.v6.rules", Target::ip6tables_restore, false).empty());
  CHECK(artifact_owner("x.rules", Target::iptables_restore, false).empty());
  CHECK(artifact_owner("x.sh", Target::iptables, false) == "x");
  CHECK(artifact_owner("README.md", Target::nft, false).empty());
  // A bare suffix names no scenario.
  CHECK(artifact_owner(".nft", Target::nft, false).empty());
  // Every name given is read back to its scenario.
  for (const Target target : {Target::nft, Target::iptables, Target::iptables_restore, Target::ip6tables_restore}) {
    for (const bool teardown : {false, true}) {
      CHECK(artifact_owner(artifact_file_name("s/a.b.fault", target, teardown), target, teardown) == "a.b");
    }
  }
}

TEST_CASE("inputs that would write the same file are found in input order") {
  CHECK(same_name_inputs({"a/x.fault", "b/y.fault"}).empty());
  const auto clashes = same_name_inputs({"a/x.fault", "b/y.fault", "c/x.fault", "x.fault"});
  REQUIRE(clashes.size() == 2);
  CHECK(clashes[0] == std::pair<std::string, std::string>{"a/x.fault", "c/x.fault"});
  CHECK(clashes[1] == std::pair<std::string, std::string>{"a/x.fault", "x.fault"});
  // The same file twice would be written twice.
  CHECK(same_name_inputs({"x.fault", "x.fault"}).size() == 1);
}
