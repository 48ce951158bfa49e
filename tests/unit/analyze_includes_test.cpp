// The analyze stage's includes (the load in front of it): a missing file
// (F013), a cycle (F014), a chain deeper than the limit (F006), rules or
// settings in an included file (F015), a path outside the root's tree
// (F017), and the "included from" notes on a diagnostic in an included file.
// Every file is served from memory, so these tests never touch the disk.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "tests/unit/analyze_support.hpp"

using namespace faultc;
using namespace faultc::test::analyze_tests;

// ---------------------------------------------------------------- F013

TEST_CASE("F013: an include that is not there, at the include's path", "[analyze][F013][include]") {
  const auto r = compile("scenario \"x\"\ninclude \"nope.fault\"\nfrom 10.0.0.1 drop for 1m\n");
  const Diagnostic& d = expect_at(*r, Code::F013, 2, 9, "cannot include `nope.fault`", "relative to the including");
  CHECK_THAT(d.message, Catch::Contains("No such file"));
  CHECK_FALSE(r->c.ok());
}

TEST_CASE("F013: a missing include inside an included file points into that file", "[analyze][F013][include]") {
  const auto r = compile("include \"lib/common.fault\"\nfor 1m\n",
                         {{"dir/lib/common.fault", "host a = 10.0.0.1\ninclude \"gone.fault\"\n"}}, "dir/main.fault");
  const Diagnostic& d = expect_at(*r, Code::F013, 2, 9, "cannot include `gone.fault`");
  CHECK(r->file_of(d.span) == "dir/lib/common.fault");
  // Paths are relative to the including file.
  CHECK(r->reads == std::vector<std::string>{"dir/lib/common.fault", "dir/lib/gone.fault"});
}

TEST_CASE("a diagnostic in an included file says where it was included from, chained", "[analyze][include]") {
  const Files files = {{"a/b.fault", "# b\ninclude \"c.fault\"\n"}, {"a/c.fault", "host h = 10.0.0.300\n"}};
  const auto r = compile("include \"a/b.fault\"\nfor 1m\n", files);
  const Diagnostic& d = expect_at(*r, Code::F002, 1, 17, "");
  CHECK(r->file_of(d.span) == "a/c.fault");
  REQUIRE(d.notes.size() == 2);
  CHECK(d.notes[0].message == "included from a/b.fault:2:9");
  CHECK(d.notes[1].message == "included from main.fault:1:9");
}

TEST_CASE("F017: includes outside the root's tree, `-` and other files are refused unread", "[analyze][F017][include]") {
  const auto r = compile("include \"../up.fault\"\ninclude \"-\"\ninclude \"/etc/passwd\"\ninclude \"x.env\"\nfor 1m\n",
                         {{"../up.fault", "host a = 10.0.0.1\n"}}, "dir/main.fault");
  CHECK(r->all(Code::F017).size() == 4);
  expect_at(*r, Code::F017, 1, 9, "outside the scenario's directory tree", "--include-path DIR");
  CHECK(r->reads.empty());
}

TEST_CASE("F013 near miss: includes resolve relative to the including file", "[analyze][F013][include]") {
  const Files files = {{"dir/lib/common.fault", "include \"../hosts.fault\"\nport web = 80\n"},
                       {"dir/hosts.fault", "host db = 10.0.3.10\n"}};
  const auto r = compile("include \"lib/common.fault\"\ntcp from db to port web drop for 1m\n", files, "dir/main.fault");
  expect_clean(*r);
  CHECK(r->reads == std::vector<std::string>{"dir/lib/common.fault", "dir/hosts.fault"});
}

// ---------------------------------------------------------------- F014

TEST_CASE("F014: an include cycle names the whole chain", "[analyze][F014][include]") {
  const Files files = {{"b.fault", "host b = 10.0.0.2\ninclude \"c.fault\"\n"},
                       {"c.fault", "include \"main.fault\"\n"}};
  const auto r = compile("include \"b.fault\"\nfor 1m\n", files);
  const Diagnostic& d =
      expect_at(*r, Code::F014, 1, 9, "include cycle: main.fault -> b.fault -> c.fault -> main.fault");
  CHECK(r->file_of(d.span) == "c.fault");
  CHECK(r->all(Code::F014).size() == 1);
}

TEST_CASE("F014: a file that includes itself", "[analyze][F014][include]") {
  const auto r = compile("host a = 10.0.0.1\ninclude \"main.fault\"\nfrom a drop for 1m\n");
  expect_at(*r, Code::F014, 2, 9, "include cycle: main.fault -> main.fault");
  CHECK(r->reads.empty());
}

TEST_CASE("F014 near miss: a diamond of includes is no cycle and reads each file once", "[analyze][F014][include]") {
  const Files files = {{"left.fault", "include \"base.fault\"\nhost l = 10.0.0.1\n"},
                       {"right.fault", "include \"base.fault\"\nhost r = 10.0.0.2\n"},
                       {"base.fault", "host base = 10.0.0.3\n"}};
  const auto r = compile("include \"left.fault\"\ninclude \"right.fault\"\nfrom { l, r, base } drop for 1m\n", files);
  expect_clean(*r);
  CHECK(std::count(r->reads.begin(), r->reads.end(), "base.fault") == 1);
  CHECK(r->c.program.files.size() == 4);
}

// ---------------------------------------------------------------- F006 (include depth)

TEST_CASE("F006: includes nested deeper than the limit", "[analyze][F006][include]") {
  // main -> f1 -> ... -> fN: the chain on the stack may hold 16 files.
  const auto chain = [](int n) {
    Files files;
    for (int i = 1; i <= n; ++i) {
      files[fmt::format("f{}.fault", i)] = i < n ? fmt::format("include \"f{}.fault\"\n", i + 1) : "host end = 10.0.0.1\n";
    }
    return files;
  };
  const auto deep = compile("include \"f1.fault\"\nfrom 10.0.0.9 drop for 1m\n", chain(16));
  const Diagnostic& d = expect_at(*deep, Code::F006, 1, 9, "nested deeper than 16");
  CHECK(deep->file_of(d.span) == "f15.fault");
  expect_clean(*compile("include \"f1.fault\"\nfrom 10.0.0.9 drop for 1m\n", chain(15)));
}

// ---------------------------------------------------------------- F015

TEST_CASE("F015: rules and settings in an included file", "[analyze][F015][include]") {
  const Files files = {{"common.fault",
                        "host db = 10.0.0.1\nfrom db drop for 1m\nscenario \"x\"\n  for 1h\n"
                        "expect from db is dropped\npriority 3\n"}};
  const auto r = compile("include \"common.fault\"\nfrom db drop for 1m\n", files);
  const Diagnostic& d = expect_at(*r, Code::F015, 2, 1, "an included file may only define hosts and ports",
                                  "scenario's own file");
  CHECK(r->file_of(d.span) == "common.fault");
  const auto found = r->all(Code::F015);
  REQUIRE(found.size() == 5);
  CHECK(r->at(found[2]->span).line == 4);
  CHECK(r->at(found[2]->span).column == 3);
}

TEST_CASE("F015 near miss: hosts, ports and includes are fine in an included file", "[analyze][F015][include]") {
  const Files files = {{"common.fault", "# shared\nhost db = 10.0.0.1\nport pg = 5432\ninclude \"more.fault\"\n"},
                       {"more.fault", "host web = 10.0.0.2\n"}};
  expect_clean(*compile("include \"common.fault\"\ntcp from db to web port pg drop for 1m\n", files));
}
