// The analyze stage (with load and the severity policy in front of and
// behind it): every semantic error code F006 (include depth) and F010-F029,
// each with a scenario that triggers it (code, line, column, the gist of the
// message and, where there is one, the hint) and a near miss that must not;
// then the normalized IR those stages build. Every file is compiled through
// compile_front with an in-memory file system, so include tests never touch
// the disk. Expected positions were worked out by hand from the text.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "compiler/analyze/analyze.hpp"
#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"

using namespace faultc;

namespace {

namespace flag = ast::tcp_flag;
using Files = std::map<std::string, std::string>;

// One compilation and everything needed to look at its result.
struct Compiled {
  SourceMap sources;
  Compilation c;
  std::vector<std::string> reads;  // every path the loader asked for, in order

  LineColumn at(const Span& span) const { return sources.file(span.file).locate(span.begin); }
  std::string file_of(const Span& span) const { return sources.file(span.file).name(); }
  std::string text() const { return render_text(c.diagnostics, sources); }
  std::vector<const Diagnostic*> all(Code code) const {
    std::vector<const Diagnostic*> out;
    for (const Diagnostic& d : c.diagnostics) {
      if (d.code == code) out.push_back(&d);
    }
    return out;
  }
  bool has(Code code) const { return !all(code).empty(); }
  const ir::Scenario& scenario() const { return *c.scenario; }
  const ir::Rule& rule(std::size_t i = 0) const { return c.scenario->rules.at(i); }
};

std::unique_ptr<Compiled> compile(std::string_view text, const Files& files = {},
                                  const std::string& root = "main.fault", const SeverityPolicy& policy = {}) {
  auto out = std::make_unique<Compiled>();
  const FileId id = out->sources.add(root, std::string(text));
  std::vector<std::string>* reads = &out->reads;
  const ReadFunction read = [files, reads](const std::string& path) -> std::variant<std::string, ReadError> {
    reads->push_back(path);
    const auto it = files.find(path);
    if (it == files.end()) return ReadError{fmt::format("{}: cannot open: No such file or directory", path)};
    return it->second;
  };
  out->c = compile_front(out->sources, id, policy, read);
  return out;
}

// The first diagnostic with `code` is at line:column, its message contains
// `gist` and its help contains `help` (when given).
const Diagnostic& expect_at(const Compiled& r, Code code, std::uint32_t line, std::uint32_t column,
                            std::string_view gist, const char* help = nullptr) {
  INFO("diagnostics:\n" << r.text());
  const auto found = r.all(code);
  REQUIRE(!found.empty());
  const Diagnostic& d = *found.front();
  CHECK(r.at(d.span).line == line);
  CHECK(r.at(d.span).column == column);
  CHECK_THAT(d.message, Catch::Contains(std::string(gist)));
  if (help != nullptr) CHECK_THAT(d.help, Catch::Contains(help));
  CHECK(d.severity == Severity::error);
  return d;
}

void expect_none(const Compiled& r, Code code) {
  INFO("diagnostics:\n" << r.text());
  CHECK(r.all(code).empty());
}

void expect_clean(const Compiled& r) {
  INFO("diagnostics:\n" << r.text());
  CHECK(r.c.diagnostics.empty());
  CHECK(r.c.ok());
}

constexpr std::uint32_t v4(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

// A set's intervals as a vector, to compare with a literal list.
template <typename T>
std::vector<Interval<T>> intervals(const IntervalSet<T>& set) {
  return {set.intervals().begin(), set.intervals().end()};
}

constexpr std::uint64_t kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute;

}  // namespace

// ---------------------------------------------------------------- F010

TEST_CASE("F010: an unknown host, with the closest name as a hint", "[analyze][F010]") {
  const auto r = compile("host victim = 10.0.0.5\nfrom victm to port 1234 drop for 4m\n");
  const Diagnostic& d = expect_at(*r, Code::F010, 2, 6, "unknown host `victm`", "did you mean `victim`?");
  CHECK(d.message == "unknown host `victm`");
  CHECK(d.help == "did you mean `victim`?");
  CHECK(r->all(Code::F010).size() == 1);
  CHECK_FALSE(r->c.ok());
}

TEST_CASE("F010: an unknown port name, with a hint", "[analyze][F010]") {
  const auto r = compile("port https = 443\nto port http drop for 1m\n");
  expect_at(*r, Code::F010, 2, 9, "unknown port `http`", "did you mean `https`?");
}

TEST_CASE("F010: a port name where a host is wanted says so", "[analyze][F010]") {
  const auto r = compile("port web = 80\nfrom web drop for 1m\n");
  expect_at(*r, Code::F010, 2, 6, "unknown host `web`", "`web` is a port name, not a host name");
  const auto s = compile("host web = 10.0.0.1\nto port web drop for 1m\n");
  expect_at(*s, Code::F010, 2, 9, "unknown port `web`", "`web` is a host name, not a port name");
}

TEST_CASE("F010: no close name: the hint says how to define it", "[analyze][F010]") {
  const auto r = compile("host victim = 10.0.0.5\nfrom 10.0.0.1 to zzzzzz drop for 1m\n");
  expect_at(*r, Code::F010, 2, 18, "unknown host `zzzzzz`", "define it with `host zzzzzz = ...`");
}

TEST_CASE("F010: in an expect line and inside another definition", "[analyze][F010]") {
  const auto r = compile("host victim = 10.0.0.5\nfrom victim drop for 1m\nexpect from victin is dropped\n");
  expect_at(*r, Code::F010, 3, 13, "unknown host `victin`", "did you mean `victim`?");
  const auto s = compile("host db = 10.0.0.1\nhost group = { db, bakup }\nfrom group drop for 1m\n");
  expect_at(*s, Code::F010, 2, 20, "unknown host `bakup`", "define it with");
}

TEST_CASE("F010: an unknown name inside an unused definition is still unknown", "[analyze][F010]") {
  // Every definition is resolved, used or not: a typo inside one nothing
  // uses yet (typically in a shared include) is reported, not only W101.
  const auto r = compile("host all-db = { 10.0.0.1, bakup }\nfrom 10.0.0.1 drop for 1m\n");
  INFO("diagnostics:\n" << r->text());
  CHECK(r->has(Code::F010));
}

TEST_CASE("F010 near misses: names defined after their use, and nested in any order", "[analyze][F010]") {
  expect_clean(*compile("from group to port web drop for 1m\nhost group = { db, 10.0.0.9 }\nhost db = 10.0.0.1\n"
                        "port web = { http, 443 }\nport http = 80\n"));
  // A host and a port may share a name: they live in separate namespaces.
  expect_clean(*compile("host web = 10.0.0.1\nport web = 80\nto web port web drop for 1m\n"));
}

// ---------------------------------------------------------------- F011

TEST_CASE("F011: a host defined twice in one file, pointing at the first", "[analyze][F011]") {
  const auto r = compile("host a = 10.0.0.1\nhost a = 10.0.0.2\nfrom a drop for 1m\n");
  const Diagnostic& d = expect_at(*r, Code::F011, 2, 6, "host `a` is defined twice", "another name");
  REQUIRE(d.notes.size() == 1);
  REQUIRE(d.notes[0].span);
  CHECK(r->at(*d.notes[0].span).line == 1);
  CHECK(r->at(*d.notes[0].span).column == 6);
  CHECK(d.notes[0].message == "first defined here");
}

TEST_CASE("F011: a port defined twice", "[analyze][F011]") {
  const auto r = compile("port p = 80\nto port p drop for 1m\nport p = 81\n");
  expect_at(*r, Code::F011, 3, 6, "port `p` is defined twice");
}

TEST_CASE("F011: a host defined in two included files reports both files", "[analyze][F011][include]") {
  const Files files = {{"one.fault", "# shared hosts\nhost db = 10.0.3.10\n"},
                       {"two.fault", "host web = 10.0.0.80\n\nhost db = 10.0.3.11\n"}};
  const auto r = compile("include \"one.fault\"\ninclude \"two.fault\"\nfrom db to web drop for 1m\n", files);
  const Diagnostic& d = expect_at(*r, Code::F011, 3, 6, "host `db` is defined twice");
  CHECK(r->file_of(d.span) == "two.fault");
  REQUIRE(d.notes.size() == 2);
  REQUIRE(d.notes[0].span);
  CHECK(r->file_of(*d.notes[0].span) == "one.fault");
  CHECK(r->at(*d.notes[0].span).line == 2);
  CHECK(r->at(*d.notes[0].span).column == 6);
  // Then where two.fault was included from.
  CHECK_FALSE(d.notes[1].span);
  CHECK(d.notes[1].message == "included from main.fault:2:9");
  CHECK(r->all(Code::F011).size() == 1);
}

TEST_CASE("F011 near miss: the same file included twice defines its names once", "[analyze][F011][include]") {
  const Files files = {{"common.fault", "host db = 10.0.3.10\n"}, {"other.fault", "include \"common.fault\"\n"}};
  const auto r = compile("include \"common.fault\"\ninclude \"other.fault\"\nfrom db drop for 1m\n", files);
  expect_clean(*r);
}

// ---------------------------------------------------------------- F012

TEST_CASE("F012: a host set that contains itself", "[analyze][F012]") {
  const auto r = compile("host a = { 10.0.0.1, a }\nfrom a drop for 1m\n");
  expect_at(*r, Code::F012, 1, 22, "host `a` is defined in terms of itself", "not in a cycle");
  CHECK(r->all(Code::F012).size() == 1);
}

TEST_CASE("F012: a cycle through two hosts, and a port cycle", "[analyze][F012]") {
  const auto r = compile("host a = { b }\nhost b = { a }\nfrom a drop for 1m\n");
  // Resolving `a` enters `b`, whose `a` closes the cycle.
  expect_at(*r, Code::F012, 2, 12, "host `a` is defined in terms of itself");
  const auto s = compile("port p = { 80, q }\nport q = { p, 443 }\nto port p drop for 1m\n");
  expect_at(*s, Code::F012, 2, 12, "port `p` is defined in terms of itself", "port set");
}

TEST_CASE("F012 near miss: a name reached twice by different paths is no cycle", "[analyze][F012]") {
  expect_clean(*compile("host a = { b, c }\nhost b = { c, 10.0.0.2 }\nhost c = 10.0.0.1\nfrom a drop for 1m\n"));
}

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
  const auto r = compile("include \"lib/common.fault\"\nfrom db to port web drop for 1m\n", files, "dir/main.fault");
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
  expect_clean(*compile("include \"common.fault\"\nfrom db to web port pg drop for 1m\n", files));
}

// ---------------------------------------------------------------- F016

TEST_CASE("F016: scenario, priority and the life given twice", "[analyze][F016]") {
  const auto r = compile("scenario \"a\"\nfor 1m\nscenario \"b\"\n");
  const Diagnostic& d = expect_at(*r, Code::F016, 3, 1, "`scenario` is given twice", "one name");
  REQUIRE(d.notes.size() == 1);
  CHECK(r->at(*d.notes[0].span).line == 1);
  CHECK(d.notes[0].message == "first given here");
  expect_at(*compile("priority 1\nfor 1m\n  priority 2\n"), Code::F016, 3, 3, "`priority` is given twice");
  const auto life = compile("for 1m\nfrom 10.0.0.1 drop\nfor 2m\n");
  expect_at(*life, Code::F016, 3, 1, "`for` is given twice");
}

TEST_CASE("F016 near miss: one of each, and rules with their own `for`", "[analyze][F016]") {
  expect_clean(*compile("scenario \"a\"\npriority -5\nfor 1h\nfrom 10.0.0.1 drop for 1m\nfrom 10.0.0.2 drop for 2m\n"));
}

// ---------------------------------------------------------------- F020

TEST_CASE("F020: a rule without a time limit in a scenario without a life", "[analyze][F020]") {
  const auto r = compile("host a = 10.0.0.1\nfrom a drop for 1m\n  from a to port 80 reject\n");
  expect_at(*r, Code::F020, 3, 3, "this rule has no time limit and the scenario has no total life", "dead-man");
  CHECK_FALSE(r->c.ok());
}

TEST_CASE("F020: a repeating rule without the scenario's life", "[analyze][F020]") {
  const auto r = compile("from 10.0.9.0/24 drop for 10s every 1m\n");
  expect_at(*r, Code::F020, 1, 37, "a repeating rule needs the scenario's total life");
}

TEST_CASE("F020 near misses: a `for` on every rule, a life line, `for ever`, no rules", "[analyze][F020]") {
  expect_clean(*compile("from 10.0.0.1 drop for 1m\nfrom 10.0.0.2 drop after 1m for 1m\n"));
  expect_clean(*compile("from 10.0.0.1 drop\nfor 1h\n"));
  expect_none(*compile("from 10.0.0.1 drop\nfor ever\n"), Code::F020);
  expect_clean(*compile("# definitions only\nhost a = 10.0.0.1\n"));
}

// ---------------------------------------------------------------- F021

TEST_CASE("F021: a window that ends after the scenario", "[analyze][F021]") {
  const auto r = compile("from 10.0.0.1 drop after 59m for 2m\nfor 1h\n");
  const Diagnostic& d = expect_at(*r, Code::F021, 1, 34, "this window ends at 1h1m but the scenario ends at 1h",
                                  "inside the scenario's life");
  CHECK(d.message == "this window ends at 1h1m but the scenario ends at 1h");
}

TEST_CASE("F021: a rule that starts when the scenario has ended", "[analyze][F021]") {
  expect_at(*compile("from 10.0.0.1 drop after 2h for 1m\nfor 1h\n"), Code::F021, 1, 26,
            "when the scenario has already ended", "shorten `after`");
  expect_at(*compile("for 1h\nfrom 10.0.0.1 drop after 1h\n"), Code::F021, 2, 26, "when the scenario has already ended");
}

TEST_CASE("F021: a repeating rule whose first window does not fit", "[analyze][F021]") {
  // `every` rules are checked too: otherwise windows() would yield no
  // window at all and the rule would silently never run.
  const auto r = compile("from 10.0.0.1 drop after 50m for 20m every 30m\nfor 1h\n");
  INFO("diagnostics:\n" << r->text());
  CHECK(r->has(Code::F021));
  const auto s = compile("from 10.0.0.1 drop for 10s every 1m\nfor 5s\n");
  INFO("diagnostics:\n" << s->text());
  CHECK(s->has(Code::F021));
}

TEST_CASE("F021 near misses: a window ending exactly at the end, repeating windows", "[analyze][F021]") {
  expect_clean(*compile("from 10.0.0.1 drop after 59m for 1m\nfor 1h\n"));
  expect_clean(*compile("from 10.0.0.1 drop after 30m\nfor 1h\n"));
  expect_clean(*compile("from 10.0.0.1 drop for 10s every 1m\nfor 1h5s\n"));
}

// ---------------------------------------------------------------- F022

TEST_CASE("F022: `every` without `for`, and a window as long as its period", "[analyze][F022]") {
  expect_at(*compile("from 10.0.0.1 drop every 1m\nfor 1h\n"), Code::F022, 1, 26,
            "`every` repeats a window, but this rule has no `for`", "for 10s every 1m");
  expect_at(*compile("from 10.0.0.1 drop for 1m every 1m\nfor 1h\n"), Code::F022, 1, 33,
            "each window lasts 1m, as long as or longer than its period of 1m", "shorter than the period");
  expect_at(*compile("from 10.0.0.1 drop every 30s for 1m\nfor 1h\n"), Code::F022, 1, 26, "longer than its period");
}

TEST_CASE("F022 near miss: a window shorter than its period", "[analyze][F022]") {
  expect_clean(*compile("from 10.0.0.1 drop every 1m for 59s999ms\nfor 1h\n"));
}

// ---------------------------------------------------------------- F023

TEST_CASE("F023: flags outside their mask", "[analyze][F023]") {
  const auto r = compile("to port 80 drop flags SYN,ACK of SYN for 1m\n");
  const Diagnostic& d = expect_at(*r, Code::F023, 1, 17, "flags SYN,ACK are not all in the mask SYN",
                                  "did you mean `flags SYN,ACK of SYN,ACK`?");
  CHECK(r->at(Span{d.span.file, d.span.end, d.span.end}).column == 37);
}

TEST_CASE("F023 near misses: a subset of the mask, and NONE", "[analyze][F023]") {
  expect_clean(*compile("to port 80 drop flags SYN of SYN,ACK for 1m\n"));
  expect_clean(*compile("to port 80 drop flags NONE of ALL for 1m\n"));
  expect_clean(*compile("to port 80 drop flags SYN,ACK of SYN,ACK,FIN for 1m\n"));
}

// ---------------------------------------------------------------- F024

TEST_CASE("F024: ports on an ICMP rule", "[analyze][F024]") {
  expect_at(*compile("icmp to port 80 drop for 1m\n"), Code::F024, 1, 1, "ICMP has no ports", "port clause");
  expect_at(*compile("outbound icmp from 10.0.0.1 port 7 drop for 1m\n"), Code::F024, 1, 10, "ICMP has no ports");
}

TEST_CASE("F024: TCP patterns on a UDP or ICMP rule", "[analyze][F024]") {
  expect_at(*compile("udp drop SYN for 1m\n"), Code::F024, 1, 10, "TCP patterns need a TCP rule", "write `tcp`");
  expect_at(*compile("udp to port 53 { allow new; drop data } for 1m\n"), Code::F024, 1, 34,
            "TCP patterns need a TCP rule");
  expect_at(*compile("icmp log badflags for 1m\n"), Code::F024, 1, 10, "TCP patterns need a TCP rule");
}

TEST_CASE("F024: `reject with tcp-reset` without TCP", "[analyze][F024]") {
  expect_at(*compile("udp reject with tcp-reset for 1m\n"), Code::F024, 1, 5,
            "`reject with tcp-reset` needs a TCP rule", "ICMP kind");
  // No protocol and no port: the rule matches every protocol.
  expect_at(*compile("from 10.0.0.1 reject with tcp-reset for 1m\n"), Code::F024, 1, 15, "needs a TCP rule");
}

TEST_CASE("F024 near misses: implied TCP, states on UDP", "[analyze][F024]") {
  expect_clean(*compile("to port 80 reject with tcp-reset for 1m\n"));
  expect_clean(*compile("from 10.0.0.1 drop SYN for 1m\n"));
  expect_clean(*compile("from 10.0.0.1 reject SYN with tcp-reset for 1m\n"));
  expect_clean(*compile("udp to port 53 drop new for 1m\n"));
  expect_clean(*compile("icmp from 10.0.0.1 drop established for 1m\n"));
  expect_clean(*compile("udp to port 53 reject with icmp-port-unreachable for 1m\n"));
}

// ---------------------------------------------------------------- F025

TEST_CASE("F025: `between` with `from` or `to` addresses", "[analyze][F025]") {
  expect_at(*compile("between 10.0.0.1 and 10.0.0.2 to 10.0.0.3 drop for 1m\n"), Code::F025, 1, 1,
            "`between` cannot be combined with `from` or `to` addresses", "`from A to B`");
  expect_at(*compile("from 10.0.0.3 between 10.0.0.1 and 10.0.0.2 drop for 1m\n"), Code::F025, 1, 15,
            "cannot be combined");
}

TEST_CASE("F025: addresses of different families", "[analyze][F025]") {
  expect_at(*compile("host v6 = fd00::1\nfrom 10.0.0.1 to v6 drop for 1m\n"), Code::F025, 2, 1,
            "this selector can never match: its addresses are of different families", "share a family");
  expect_at(*compile("forwarded between 10.0.0.1 and fd00::1 drop for 1m\n"), Code::F025, 1, 1, "different families");
}

TEST_CASE("F025 near misses: ports with between, negation, mixed sets", "[analyze][F025]") {
  expect_clean(*compile("between 10.0.0.1 and 10.0.0.2 to port 80 drop for 1m\n"));
  expect_clean(*compile("from not 10.0.0.1 to fd00::1 port 80 drop for 1m\n"));
  expect_clean(*compile("from { 10.0.0.1, fd00::2 } to fd00::1 drop for 1m\n"));
}

TEST_CASE("F025: a `not` covering every address of both families", "[analyze][F025]") {
  expect_at(*compile("from not { 0.0.0.0/0, ::/0 } drop for 1m\n"), Code::F025, 1, 1, "its `not` covers every address",
            "0.0.0.0/0 or ::/0");
}

TEST_CASE("F031: `between` with a negated set of several prefixes in a family", "[analyze][F031]") {
  // iptables cannot say `! -s a,b`; RETURN guards serve one jump per family.
  expect_at(*compile("between 10.0.0.5 and not { 203.0.113.7, 100.64.0.1 } drop 50% for 1m  # faultc: allow W106\n"),
            Code::F031, 1, 22, "(2 IPv4 prefixes here) in a `between` rule", "one rule per direction");
}

TEST_CASE("F031 near misses: one prefix per family, or one direction", "[analyze][F031]") {
  expect_clean(*compile("between 10.0.0.5 and not { 10.0.1.0/24, 10.0.0.0/24 } drop for 1m  # faultc: allow W106\n"));
  expect_clean(*compile("between 10.0.0.5 and not { 10.0.1.0/24, fd00::1 } drop for 1m  # faultc: allow W106\n"));
  expect_clean(*compile("from 10.0.0.5 to not { 203.0.113.7, 100.64.0.1 } drop for 1m\n"));
}

// ---------------------------------------------------------------- F026

TEST_CASE("F026: `rest` listed with other patterns", "[analyze][F026]") {
  expect_at(*compile("to port 80 drop rest, SYN for 1m\n"), Code::F026, 1, 17, "`rest` already means every packet",
            "either `rest` or the patterns");
  expect_at(*compile("to port 80 { allow SYN\n  log new, rest\n} for 1m\n"), Code::F026, 2, 12, "`rest`");
}

TEST_CASE("F026 near miss: `rest` alone", "[analyze][F026]") {
  expect_clean(*compile("to port 80 allow SYN; drop rest for 1m\n"));
}

// ---------------------------------------------------------------- F027

TEST_CASE("F027: an interface name longer than 15 characters", "[analyze][F027]") {
  expect_at(*compile("to port 80 on abcdefghijklmnop drop for 1m\n"), Code::F027, 1, 15,
            "interface name `abcdefghijklmnop` is longer than 15 characters", "at most 15");
}

TEST_CASE("F027 near miss: exactly 15 characters", "[analyze][F027]") {
  expect_clean(*compile("to port 80 on abcdefghijklmno drop for 1m\n"));
}

// ---------------------------------------------------------------- F028

TEST_CASE("F028: an expect packet needs one address and one port", "[analyze][F028]") {
  expect_at(*compile("host db = { 10.0.0.1, 10.0.0.2 }\nfrom db drop for 1m\nexpect from db is dropped\n"),
            Code::F028, 3, 13, "an expect packet needs exactly one address here", "several addresses");
  expect_at(*compile("host net = 10.0.0.0/24\nfrom net drop for 1m\nexpect from net is dropped\n"), Code::F028, 3, 13,
            "exactly one address");
  expect_at(*compile("port p = { 80, 81 }\nto port p drop for 1m\nexpect to port p is dropped\n"), Code::F028, 3, 16,
            "an expect packet needs exactly one port here", "several ports");
  expect_at(*compile("to port 80 drop for 1m\nexpect from 10.0.0.1 to fd00::1 port 80 is dropped\n"), Code::F028, 2, 8,
            "an expect packet's addresses must be of one family");
}

TEST_CASE("F028 near misses: a one-element set, a one-port range", "[analyze][F028]") {
  expect_clean(*compile("host db = { 10.0.0.1 }\nport p = 80-80\nfrom db to port p drop for 1m\n"
                        "expect from db to port p is dropped\nexpect from 10.0.0.1/32 to port 80 is dropped\n"));
}

// ---------------------------------------------------------------- F029

TEST_CASE("F029: an unknown code in a suppression comment", "[analyze][F029][policy]") {
  const auto r = compile("to port 80 drop for 1m  # faultc: allow W999\n");
  const Diagnostic& d = expect_at(*r, Code::F029, 1, 41, "unknown diagnostic code `W999`", "docs/lint.md");
  CHECK(d.message == "unknown diagnostic code `W999`");
  CHECK_FALSE(r->c.ok());
  // In a list, on a line of its own: each unknown code is reported where it is.
  const auto s = compile("# faultc: allow W104, X1,F99\nto port 80 drop for 1m\n");
  const auto found = s->all(Code::F029);
  REQUIRE(found.size() == 2);
  CHECK(s->at(found[0]->span).column == 23);
  CHECK(s->at(found[1]->span).column == 26);
  CHECK_THAT(found[1]->message, Catch::Contains("`F99`"));
}

TEST_CASE("F029 near misses: known codes, and comments that are not directives", "[analyze][F029][policy]") {
  expect_clean(*compile("to port 80 drop for 1m  # faultc: allow W104, W106\n"));
  expect_clean(*compile("# see W999 and faultc allow W999\nto port 80 drop for 1m\n"));
}

TEST_CASE("F029 cannot itself be silenced, nor can any error", "[analyze][F029][policy]") {
  const auto r = compile("to port 80 drop for 1m  # faultc: allow F029, W999\n");
  expect_at(*r, Code::F029, 1, 47, "`W999`");
  const auto s = compile("from victm drop for 1m  # faultc: allow F010\n");
  expect_at(*s, Code::F010, 1, 6, "unknown host `victm`");
}

// ---------------------------------------------------------------- F032

TEST_CASE("F032: a scenario without a rule", "[analyze][F032]") {
  // Nothing at all, comments only, settings and expect lines only: the
  // scenario would apply an empty table.
  const auto empty = compile("");
  const Diagnostic& d = expect_at(*empty, Code::F032, 1, 1, "this file has no statement", "add a rule");
  CHECK(d.message == "this file has no statement: a scenario needs at least one rule");
  CHECK_FALSE(empty->c.ok());
  expect_at(*compile("# the rules are below\n\n"), Code::F032, 1, 1, "this file has no statement");
  expect_at(*compile("scenario \"x\"\nfor 1m\n"), Code::F032, 1, 1, "this scenario has no rule: it would apply nothing");
  expect_at(*compile("host a = 10.0.0.1\nexpect tcp from a to port 80 is allowed\nfor 1m\n"), Code::F032, 1, 1,
            "this scenario has no rule");
  expect_at(*compile("priority -10\n# from 10.0.0.1 drop for 1m\n"), Code::F032, 1, 1, "this scenario has no rule");
}

TEST_CASE("F032 near misses: one rule, a file of definitions, a broken rule", "[analyze][F032]") {
  expect_clean(*compile("from 10.0.0.1 drop for 1m\n"));
  // Definitions (and includes) only: an include file, checked as one, and
  // its names are not "unused" (W101): they are for the files including it.
  expect_clean(*compile("host a = 10.0.0.1\nport web = { 80, 443 }\n"));
  expect_clean(*compile("include \"common.fault\"\n", {{"common.fault", "host shared = 10.0.0.3\n"}}));
  // A rule that fails analysis is reported for itself, not as "no rule".
  const auto r = compile("from victm drop for 1m\n");
  expect_at(*r, Code::F010, 1, 6, "unknown host `victm`");
  expect_none(*r, Code::F032);
}

// ---------------------------------------------------------------- F033

TEST_CASE("F033: `for 0s`, for the scenario or for a rule", "[analyze][F033]") {
  const auto r = compile("from 10.0.0.1 drop\nfor 0s\n");
  const Diagnostic& d = expect_at(*r, Code::F033, 2, 5, "`for 0s` ends the scenario as it starts", "positive life");
  CHECK(d.message == "`for 0s` ends the scenario as it starts: nothing would be applied");
  // Said once: not again as "the rule starts when the scenario has ended".
  expect_none(*r, Code::F021);
  expect_at(*compile("from 10.0.0.1 drop for 0s\n"), Code::F033, 1, 24, "`for 0s` leaves this rule no time",
            "positive duration");
  expect_at(*compile("from 10.0.0.1 drop for 0ms\nfor 1m\n"), Code::F033, 1, 24, "`for 0ms` leaves this rule no time");
  expect_at(*compile("from 10.0.0.1 drop after 10s for 0s\nfor 1m\n"), Code::F033, 1, 34, "never be active");
  expect_at(*compile("from 10.0.0.1 drop for 0s every 1m\nfor 1h\n"), Code::F033, 1, 24, "never be active");
}

TEST_CASE("F033 near misses: the shortest durations, `after 0s`", "[analyze][F033]") {
  expect_clean(*compile("from 10.0.0.1 drop for 1ms\n"));
  expect_clean(*compile("from 10.0.0.1 drop after 0s for 1s\n"));
  expect_clean(*compile("from 10.0.0.1 drop\nfor 1ms\n"));
}

// ---------------------------------------------------------------- the IR

TEST_CASE("IR: address sets are sorted and merged intervals", "[analyze][ir]") {
  const auto r = compile("host net = { 10.0.0.128/25, 10.0.0.5, 10.0.0.0/25 }\nfrom net drop for 1m\n"
                         "from { 10.0.0.9, 10.0.0.1, 10.0.0.2, fd00::1, fd00::2 } drop for 1m\n");
  expect_clean(*r);
  const ir::AddressMatch& one = *r->rule(0).selector.flows.at(0).source;
  CHECK(intervals(one.set.v4) == std::vector<Interval<std::uint32_t>>{{v4(10, 0, 0, 0), v4(10, 0, 0, 255)}});
  CHECK(one.set.v6.empty());
  CHECK_FALSE(one.negated);
  const ir::AddressMatch& two = *r->rule(1).selector.flows.at(0).source;
  CHECK(intervals(two.set.v4) ==
        std::vector<Interval<std::uint32_t>>{{v4(10, 0, 0, 1), v4(10, 0, 0, 2)}, {v4(10, 0, 0, 9), v4(10, 0, 0, 9)}});
  const ir::u128 fd00 = static_cast<ir::u128>(0xfd00) << 112;
  CHECK(intervals(two.set.v6) == std::vector<Interval<ir::u128>>{{fd00 + 1, fd00 + 2}});
  CHECK_FALSE(r->rule(0).selector.flows.at(0).destination.has_value());
}

TEST_CASE("IR: port sets are sorted and merged", "[analyze][ir]") {
  const auto r = compile("port app = 8050-9000\nto port { 443, 80, app, 81, 8000-8080 } drop for 1m\n"
                         "from 10.0.0.1 port 1-65535 drop for 1m\n");
  expect_clean(*r);
  const ir::Selector& s = r->rule(0).selector;
  REQUIRE(s.destination_ports);
  CHECK(intervals(s.destination_ports->set) ==
        std::vector<Interval<std::uint16_t>>{{80, 81}, {443, 443}, {8000, 9000}});
  CHECK_FALSE(s.source_ports);
  REQUIRE(r->rule(1).selector.source_ports);
  CHECK(r->rule(1).selector.source_ports->set.is_everything() == false);  // port 0 is not a port
  CHECK(intervals(r->rule(1).selector.source_ports->set) == std::vector<Interval<std::uint16_t>>{{1, 65535}});
}

TEST_CASE("IR: nested host names resolve in any definition order", "[analyze][ir]") {
  const auto r = compile("from group drop for 1m\nhost group = { db, backup, { 10.0.5.0/24 } }\n"
                         "host backup = 10.0.4.10\nhost db = { 10.0.3.10, 10.0.3.11, fd00::3:10 }\n");
  expect_clean(*r);
  const ir::AddressSet& set = r->rule(0).selector.flows.at(0).source->set;
  CHECK(intervals(set.v4) == std::vector<Interval<std::uint32_t>>{{v4(10, 0, 3, 10), v4(10, 0, 3, 11)},
                                                                   {v4(10, 0, 4, 10), v4(10, 0, 4, 10)},
                                                                   {v4(10, 0, 5, 0), v4(10, 0, 5, 255)}});
  REQUIRE(set.v6.intervals().size() == 1);
  for (const ir::Definition& def : r->scenario().definitions) CHECK(def.used);
}

TEST_CASE("IR: `not` negates, `between` gives two flows", "[analyze][ir]") {
  const auto r = compile("from not 10.0.0.1 to port 80 drop for 1m\nforwarded between 10.1.0.0/16 and 10.2.0.0/16 drop for 1m\n");
  // W108 (loopback traffic to port 80 is outside the set too) is all it says.
  INFO(r->text());
  CHECK(r->c.ok());
  CHECK(r->c.diagnostics.size() == 1);
  expect_none(*r, Code::W106);
  const ir::Flow& negated = r->rule(0).selector.flows.at(0);
  REQUIRE(negated.source);
  CHECK(negated.source->negated);
  CHECK(intervals(negated.source->set.v4) == std::vector<Interval<std::uint32_t>>{{v4(10, 0, 0, 1), v4(10, 0, 0, 1)}});
  CHECK(r->rule(0).selector.ipv4);
  CHECK(r->rule(0).selector.ipv6);  // `not` an IPv4 address: every IPv6 address too

  const ir::Selector& between = r->rule(1).selector;
  CHECK(between.direction == ast::Direction::forwarded);
  REQUIRE(between.flows.size() == 2);
  const auto a = intervals(between.flows[0].source->set.v4);
  const auto b = intervals(between.flows[0].destination->set.v4);
  CHECK(a == std::vector<Interval<std::uint32_t>>{{v4(10, 1, 0, 0), v4(10, 1, 255, 255)}});
  CHECK(b == std::vector<Interval<std::uint32_t>>{{v4(10, 2, 0, 0), v4(10, 2, 255, 255)}});
  CHECK(intervals(between.flows[1].source->set.v4) == b);
  CHECK(intervals(between.flows[1].destination->set.v4) == a);
}

TEST_CASE("IR: the default direction and protocol", "[analyze][ir]") {
  const auto r = compile(
      "from 10.0.0.1 drop for 1m\n"            // 0: every protocol
      "to port 80 drop for 1m\n"               // 1: a port means TCP
      "from 10.0.0.1 drop SYN for 1m\n"        // 2: flags mean TCP
      "from 10.0.0.1 log data for 1m\n"        // 3: data means TCP
      "from 10.0.0.1 drop new for 1m\n"        // 4: a state alone does not
      "udp to port 53 drop for 1m\n"           // 5: a written protocol stays
      "outbound icmp drop for 1m\n"            // 6
      "from 10.0.0.1 drop badflags for 1m\n");  // 7: badflags are flags
  expect_clean(*r);
  REQUIRE(r->scenario().rules.size() == 8);
  CHECK_FALSE(r->rule(0).selector.protocol.has_value());
  CHECK(r->rule(0).selector.direction == ast::Direction::inbound);
  CHECK(r->rule(1).selector.protocol == ast::Protocol::tcp);
  CHECK(r->rule(2).selector.protocol == ast::Protocol::tcp);
  CHECK(r->rule(3).selector.protocol == ast::Protocol::tcp);
  CHECK_FALSE(r->rule(4).selector.protocol.has_value());
  CHECK(r->rule(5).selector.protocol == ast::Protocol::udp);
  CHECK(r->rule(6).selector.protocol == ast::Protocol::icmp);
  CHECK(r->rule(6).selector.direction == ast::Direction::outbound);
  CHECK(r->rule(7).selector.protocol == ast::Protocol::tcp);
  for (const ir::Rule& rule : r->scenario().rules) CHECK(rule.number == static_cast<std::size_t>(&rule - &r->rule(0) + 1));
}

TEST_CASE("IR: address families", "[analyze][ir]") {
  const auto r = compile("from 10.0.0.1 drop for 1m\n"                          // IPv4 only
                         "from fd00::1 drop for 1m\n"                           // IPv6 only
                         "host db = { 10.0.3.10, fd00::3:10 }\nto db port 80 drop for 1m\n"  // both
                         "to port 80 drop for 1m\n"                             // no address: both
                         "from { 10.0.0.1, fd00::2 } to fd00::1 drop for 1m\n");  // the set splits: IPv6
  expect_clean(*r);
  const auto families = [&](std::size_t i) { return std::pair(r->rule(i).selector.ipv4, r->rule(i).selector.ipv6); };
  CHECK(families(0) == std::pair(true, false));
  CHECK(families(1) == std::pair(false, true));
  CHECK(families(2) == std::pair(true, true));
  CHECK(families(3) == std::pair(true, true));
  CHECK(families(4) == std::pair(false, true));
}

TEST_CASE("IR: windows for after, for and every", "[analyze][ir]") {
  const auto r = compile("from 10.0.9.0/24 drop for 10s every 1m\n"
                         "from 10.0.0.1 drop after 2m for 1m\n"
                         "from 10.0.0.2 drop after 5m\n"
                         "from 10.0.0.3 drop after 30s for 10s every 20m\n"
                         "for 1h\n");
  expect_clean(*r);
  const auto flap = ir::windows(r->rule(0), r->scenario());
  REQUIRE(flap.size() == 60);
  CHECK(flap.front() == ir::Window{0, 10 * kSecond});
  CHECK(flap[1] == ir::Window{kMinute, kMinute + 10 * kSecond});
  CHECK(flap.back() == ir::Window{59 * kMinute, 59 * kMinute + 10 * kSecond});
  CHECK(ir::windows(r->rule(1), r->scenario()) == std::vector<ir::Window>{{2 * kMinute, 3 * kMinute}});
  CHECK(ir::windows(r->rule(2), r->scenario()) == std::vector<ir::Window>{{5 * kMinute, kHour}});
  CHECK(ir::windows(r->rule(3), r->scenario()) ==
        std::vector<ir::Window>{{30 * kSecond, 40 * kSecond},
                                {20 * kMinute + 30 * kSecond, 20 * kMinute + 40 * kSecond},
                                {40 * kMinute + 30 * kSecond, 40 * kMinute + 40 * kSecond}});
  // A window that would straddle the end is not started.
  const auto tight = compile("from 10.0.9.0/24 drop for 10s every 1m\nfor 1h5s\n");
  CHECK(ir::windows(tight->rule(0), tight->scenario()).size() == 60);
}

TEST_CASE("IR: the life is written, or derived from the rules", "[analyze][ir]") {
  const auto derived = compile("from 10.0.0.1 drop for 2m\nfrom 10.0.0.2 drop after 2m for 1m\n");
  expect_clean(*derived);
  CHECK(derived->scenario().life_ms == 3 * kMinute);
  CHECK_FALSE(derived->scenario().life_written);
  const auto written = compile("from 10.0.0.1 drop for 2m\n  for 1h30m\n");
  CHECK(written->scenario().life_ms == 90 * kMinute);
  CHECK(written->scenario().life_written);
  CHECK(written->at(written->scenario().life_span).line == 2);
  CHECK(written->at(written->scenario().life_span).column == 3);
  const auto ever = compile("from 10.0.0.1 drop\nfor ever\n");
  CHECK(ever->scenario().life_written);
  CHECK_FALSE(ever->scenario().life_ms.has_value());
  CHECK(ir::windows(ever->rule(0), ever->scenario()).size() == 1);
}

TEST_CASE("IR: the scenario's name, from the statement or the file", "[analyze][ir]") {
  CHECK(compile("scenario \"half-open clients\"\n")->scenario().name == "half-open clients");
  const auto unnamed = compile("for 1m\n", {}, "dir/half-open.fault");
  CHECK(unnamed->scenario().name == "half-open");
  CHECK(unnamed->scenario().file_name == "half-open.fault");
  CHECK(compile("priority -300\n")->scenario().priority == -300);
}

TEST_CASE("IR: presets expand", "[analyze][ir]") {
  const auto r = compile("from 10.0.0.5 to port 1234 half-open for 4m\nfrom 10.0.0.6 blackhole for 4m\n");
  expect_clean(*r);
  // half-open = drop data; allow SYN, ACK; drop rest: payload first, as a
  // bulk sender's data segments carry ACK alone.
  const auto& half = r->rule(0).actions;
  REQUIRE(half.size() == 3);
  CHECK(half[0].kind == ir::Action::Kind::drop);
  REQUIRE(half[0].patterns.size() == 1);
  CHECK(half[0].patterns[0].kind == ir::Pattern::Kind::data);
  CHECK_FALSE(half[0].probability);
  CHECK(half[1].kind == ir::Action::Kind::allow);
  REQUIRE(half[1].patterns.size() == 2);
  CHECK(half[1].patterns[0].kind == ir::Pattern::Kind::flags);
  CHECK(half[1].patterns[0].flags == ir::FlagTest{flag::classic, flag::syn});
  CHECK(half[1].patterns[1].flags == ir::FlagTest{flag::classic, flag::ack});
  CHECK(half[2].kind == ir::Action::Kind::drop);
  CHECK(half[2].patterns.empty());
  CHECK_FALSE(half[2].probability);
  const auto& hole = r->rule(1).actions;
  REQUIRE(hole.size() == 1);
  CHECK(hole[0].kind == ir::Action::Kind::drop);
  CHECK(hole[0].patterns.empty());
  // The preset is exactly its expansion written out.
  const auto written = compile("from 10.0.0.5 to port 1234 drop data; allow SYN, ACK; drop rest for 4m\n");
  const auto& spelled = written->rule(0).actions;
  REQUIRE(spelled.size() == 3);
  for (std::size_t a = 0; a < 3; ++a) {
    CHECK(spelled[a].kind == half[a].kind);
    REQUIRE(spelled[a].patterns.size() == half[a].patterns.size());
    for (std::size_t i = 0; i < spelled[a].patterns.size(); ++i) {
      CHECK(spelled[a].patterns[i].kind == half[a].patterns[i].kind);
      CHECK(spelled[a].patterns[i].flags == half[a].patterns[i].flags);
    }
  }
}

TEST_CASE("IR: flag patterns as (mask, value)", "[analyze][ir]") {
  const auto r = compile("to port 80 { allow flags SYN of SYN,ACK; allow syn+ack; allow NONE; allow ALL\n"
                         "  allow SYN+ECE; allow flags NONE of SYN; allow flags FIN,SYN of ALL,CWR; drop new, established, data\n"
                         "} for 1m\n");
  // Several of these shadow each other (W104); only the IR matters here.
  REQUIRE_FALSE(has_errors(r->c.diagnostics));
  const auto& actions = r->rule(0).actions;
  REQUIRE(actions.size() == 8);
  const auto test = [&](std::size_t i) { return actions.at(i).patterns.at(0).flags; };
  CHECK(test(0) == ir::FlagTest{flag::syn | flag::ack, flag::syn});
  CHECK(test(1) == ir::FlagTest{flag::classic, flag::syn | flag::ack});
  CHECK(test(2) == ir::FlagTest{flag::classic, 0});
  CHECK(test(3) == ir::FlagTest{flag::classic, flag::classic});
  CHECK(test(4) == ir::FlagTest{flag::classic | flag::ece, flag::syn | flag::ece});
  CHECK(test(5) == ir::FlagTest{flag::syn, 0});
  CHECK(test(6) == ir::FlagTest{flag::classic | flag::cwr, flag::fin | flag::syn});
  const auto& states = actions.at(7).patterns;
  REQUIRE(states.size() == 3);
  CHECK(states[0].kind == ir::Pattern::Kind::state_new);
  CHECK(states[1].kind == ir::Pattern::Kind::state_established);
  CHECK(states[2].kind == ir::Pattern::Kind::data);
  // Each pattern keeps its own span.
  CHECK(r->at(actions[0].patterns[0].span).column == 20);
}

TEST_CASE("IR: badflags is its eleven flag tests", "[analyze][ir]") {
  const auto r = compile("inbound tcp { log \"BADFLAGS: \" badflags; drop badflags } for 10m\n");
  expect_clean(*r);
  const auto& actions = r->rule(0).actions;
  REQUIRE(actions.size() == 2);
  CHECK(actions[0].kind == ir::Action::Kind::log);
  CHECK(actions[0].log_prefix == "BADFLAGS: ");
  const std::vector<ir::FlagTest> want = {
      {flag::fin | flag::ack, flag::fin},
      {flag::psh | flag::ack, flag::psh},
      {flag::urg | flag::ack, flag::urg},
      {flag::fin | flag::rst, flag::fin | flag::rst},
      {flag::syn | flag::fin, flag::syn | flag::fin},
      {flag::syn | flag::rst, flag::syn | flag::rst},
      {flag::classic, flag::classic},
      {flag::classic, 0},
      {flag::classic, flag::fin | flag::psh | flag::urg},
      {flag::classic, flag::syn | flag::fin | flag::psh | flag::urg},
      {flag::classic, flag::syn | flag::rst | flag::ack | flag::fin | flag::urg},
  };
  for (const ir::Action& action : actions) {
    REQUIRE(action.patterns.size() == 11);
    for (std::size_t i = 0; i < want.size(); ++i) {
      CHECK(action.patterns[i].kind == ir::Pattern::Kind::flags);
      CHECK(action.patterns[i].flags == want[i]);
    }
  }
  // Ordinary segments are not bad.
  for (const int ok : std::initializer_list<int>{flag::syn, flag::ack, flag::syn | flag::ack, flag::psh | flag::ack, flag::fin | flag::ack,
                          flag::rst, flag::rst | flag::ack}) {
    for (const ir::Pattern& p : actions[1].patterns) CHECK_FALSE(p.flags.matches(static_cast<std::uint8_t>(ok)));
  }
}

TEST_CASE("IR: probabilities, rejects, rates and log prefixes", "[analyze][ir]") {
  const auto r = compile("to port 80 { drop SYN 30%; reject new with tcp-reset; reject\n"
                         "  log \"web: \" data; limit 1mbyte/s burst 64kbyte; limit 100/m; drop 0.5% } for 1m\n");
  REQUIRE_FALSE(has_errors(r->c.diagnostics));  // the actions after `reject` are dead (W104)
  const auto& a = r->rule(0).actions;
  REQUIRE(a.size() == 7);
  CHECK(a[0].probability == 300000u);
  CHECK_FALSE(a[0].deterministic());
  CHECK(a[0].terminal());
  CHECK(r->at(a[0].probability_span).column == 23);
  CHECK(a[1].reject_with == ast::RejectKind::tcp_reset);
  CHECK(a[1].reject_with_written);
  CHECK(a[1].deterministic());
  CHECK(a[2].reject_with == ast::RejectKind::icmp_port_unreachable);
  CHECK_FALSE(a[2].reject_with_written);
  CHECK(a[3].log_prefix == "web: ");
  CHECK_FALSE(a[3].terminal());
  REQUIRE(a[4].rate);
  CHECK(a[4].rate->bytes);
  CHECK(a[4].rate->amount == 1024.0 * 1024.0);
  CHECK(a[4].rate->period_ms == 1000);
  CHECK(a[4].rate->burst == 64 * 1024);
  CHECK(a[4].rate->burst_written);
  CHECK_FALSE(a[4].terminal());
  REQUIRE(a[5].rate);
  CHECK_FALSE(a[5].rate->bytes);
  CHECK(a[5].rate->period_ms == kMinute);
  CHECK(a[5].rate->burst == 5);
  CHECK_FALSE(a[5].rate->burst_written);
  CHECK(a[6].probability == 5000u);
}

TEST_CASE("IR: expect packets", "[analyze][ir]") {
  const auto r = compile("host victim = 10.0.0.5\nport svc = 1234\nfrom victim to port svc drop for 4m\n"
                         "expect from victim to port svc flags PSH+ACK established data is dropped at 3m59s\n"
                         "expect outbound udp to fd00::1 port 53 is allowed\n");
  expect_clean(*r);
  REQUIRE(r->scenario().expects.size() == 2);
  const ir::Expect& e = r->scenario().expects[0];
  CHECK(e.verdict == ast::Verdict::dropped);
  CHECK(e.at_ms == 3 * kMinute + 59 * kSecond);
  CHECK(e.packet.protocol == ast::Protocol::tcp);  // a port or flags mean TCP here too
  REQUIRE(e.packet.source);
  CHECK(e.packet.source->value == v4(10, 0, 0, 5));
  CHECK(e.packet.destination_port == 1234);
  CHECK(e.packet.flags == (flag::psh | flag::ack));
  CHECK(e.packet.state == ast::ConnState::established);
  CHECK(e.packet.data);
  const ir::Expect& f = r->scenario().expects[1];
  CHECK(f.packet.direction == ast::Direction::outbound);
  CHECK(f.packet.protocol == ast::Protocol::udp);
  REQUIRE(f.packet.destination);
  CHECK(f.packet.destination->family == ast::Family::ipv6);
  CHECK(f.at_ms == 0);
}

TEST_CASE("IR: definitions know whether they are used and where they live", "[analyze][ir][include]") {
  const auto r = compile("include \"common.fault\"\nhost a = 10.0.0.1\nhost b = 10.0.0.2\nfrom a drop for 1m\n",
                         {{"common.fault", "host shared = 10.0.0.3\n"}});
  const auto& defs = r->scenario().definitions;
  REQUIRE(defs.size() == 3);
  CHECK(defs[0].name == "a");
  CHECK(defs[0].used);
  CHECK(defs[0].in_root);
  CHECK(defs[1].name == "b");
  CHECK_FALSE(defs[1].used);
  CHECK(defs[2].name == "shared");
  CHECK_FALSE(defs[2].in_root);
}

TEST_CASE("a syntax error stops the pipeline before analysis", "[analyze]") {
  const auto r = compile("from victm dorp for 1m\n");
  REQUIRE(r->c.diagnostics.size() == 1);
  CHECK(r->c.diagnostics[0].code == Code::F001);
  CHECK_FALSE(r->c.scenario.has_value());
  // Also in an included file: reported there, and nothing else.
  const auto s = compile("include \"bad.fault\"\nfrom nowhere drop for 1m\n", {{"bad.fault", "host = 10.0.0.1\n"}});
  REQUIRE(s->c.diagnostics.size() == 1);
  CHECK(s->c.diagnostics[0].code == Code::F001);
  CHECK(s->file_of(s->c.diagnostics[0].span) == "bad.fault");
}

TEST_CASE("diagnostics come out sorted by file and position", "[analyze]") {
  const auto r = compile("from b drop for 1m\nfrom a drop for 1m\nhost x = 10.0.0.5/24\n");
  const auto& d = r->c.diagnostics;
  REQUIRE(d.size() >= 2);
  for (std::size_t i = 1; i < d.size(); ++i) {
    CHECK(std::tie(d[i - 1].span.file, d[i - 1].span.begin) <= std::tie(d[i].span.file, d[i].span.begin));
  }
}

// ---------------------------------------------------------------- consuming

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
    CHECK(y.selector.direction == x.selector.direction);
    CHECK(y.selector.protocol == x.selector.protocol);
    CHECK(y.selector.flows == x.selector.flows);
    CHECK(y.selector.source_ports == x.selector.source_ports);
    CHECK(y.selector.destination_ports == x.selector.destination_ports);
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
    auto loaded = load_program(sources, id);
    auto given = load_program(sources, id);
    REQUIRE(!has_errors(loaded.diagnostics));
    INFO("the first " << count << " statements:\n" << text);
    const auto one_go = analyze(*loaded.value, sources);
    const auto consumed = analyze(std::move(*given.value), sources);
    REQUIRE(one_go.value);
    REQUIRE(consumed.value);
    CHECK(render_text(consumed.diagnostics, sources) == render_text(one_go.diagnostics, sources));
    check_same_ir(*one_go.value, *consumed.value);
    CHECK(given.value->files.front().statements.empty());  // it was consumed
    ++compared;
    with_errors += has_errors(one_go.diagnostics);
  }
  CHECK(compared == statements.size());
  CHECK(with_errors > compared / 2);  // the failing rules are part of the test
}
