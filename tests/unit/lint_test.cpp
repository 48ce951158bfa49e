// The lint stage: for each warning W101-W106 and W108, scenarios that trigger it
// (code, line, column, the gist of the message) and near misses that must
// not; the severity policy on warnings (-W overrides and `# faultc: allow`
// comments); and a property test of the unreachable-action check (W104)
// against a brute-force enumeration of its packet domain that shares no
// code with compiler/analyze/action_space.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/lint/lint.hpp"
#include "compiler/parse/words.hpp"

using namespace faultc;

namespace {

namespace flag = ast::tcp_flag;

struct Compiled {
  SourceMap sources;
  Compilation c;

  LineColumn at(const Span& span) const { return sources.file(span.file).locate(span.begin); }
  std::string text() const { return render_text(c.diagnostics, sources); }
  std::vector<const Diagnostic*> all(Code code) const {
    std::vector<const Diagnostic*> out;
    for (const Diagnostic& d : c.diagnostics) {
      if (d.code == code) out.push_back(&d);
    }
    return out;
  }
};

std::unique_ptr<Compiled> compile(std::string_view text, const SeverityPolicy& policy = {}) {
  auto out = std::make_unique<Compiled>();
  const FileId id = out->sources.add("lint.fault", std::string(text));
  const ReadFunction read = [](const std::string& path) -> std::variant<std::string, ReadError> {
    if (path == "common.fault") return std::string("host shared = 10.0.0.3\nhost spare = 10.0.0.4/24\n");
    return ReadError{fmt::format("{}: cannot open: No such file or directory", path)};
  };
  out->c = compile_front(out->sources, id, policy, read);
  return out;
}

// Exactly one diagnostic with `code`, at line:column, whose message contains
// `gist`, and no error anywhere.
const Diagnostic& expect_one(const Compiled& r, Code code, std::uint32_t line, std::uint32_t column,
                             std::string_view gist) {
  INFO("diagnostics:\n" << r.text());
  REQUIRE(r.c.scenario.has_value());
  CHECK_FALSE(has_errors(r.c.diagnostics));
  const auto found = r.all(code);
  REQUIRE(found.size() == 1);
  const Diagnostic& d = *found.front();
  CHECK(r.at(d.span).line == line);
  CHECK(r.at(d.span).column == column);
  CHECK_THAT(d.message, Catch::Contains(std::string(gist)));
  CHECK(d.severity == Severity::warning);
  CHECK_FALSE(d.help.empty());
  return d;
}

void expect_none(std::string_view text, Code code) {
  const auto r = compile(text);
  INFO("file:\n" << text << "\ndiagnostics:\n" << r->text());
  CHECK_FALSE(has_errors(r->c.diagnostics));
  CHECK(r->all(code).empty());
}

// The 1-based line:column of each note, in order.
std::vector<std::pair<std::uint32_t, std::uint32_t>> note_positions(const Compiled& r, const Diagnostic& d) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (const Note& note : d.notes) {
    REQUIRE(note.span);
    out.emplace_back(r.at(*note.span).line, r.at(*note.span).column);
  }
  return out;
}

using Positions = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

}  // namespace

// ---------------------------------------------------------------- W101

TEST_CASE("W101: unused host and port definitions", "[lint][W101]") {
  const auto r = compile("host victim = 10.0.0.5\nport web = 80\nfrom 10.0.0.1 to port web drop for 1m\n");
  const Diagnostic& d = expect_one(*r, Code::W101, 1, 6, "host `victim` is never used");
  CHECK(d.message == "host `victim` is never used");
  const auto s = compile("host victim = 10.0.0.5\n  port  web = 80\nfrom victim drop for 1m\n");
  expect_one(*s, Code::W101, 2, 9, "port `web` is never used");
}

TEST_CASE("W101: a host used only by an unused host is unused too", "[lint][W101]") {
  const auto r = compile("host a = 10.0.0.1\nhost b = { a }\nfrom 10.0.0.2 drop for 1m\n");
  INFO(r->text());
  REQUIRE(r->all(Code::W101).size() == 2);
}

TEST_CASE("W101 near misses: used in a rule, an expect line, another definition, an include", "[lint][W101]") {
  expect_none("host victim = 10.0.0.5\nfrom victim drop for 1m\n", Code::W101);
  expect_none("host victim = 10.0.0.5\nport p = 80\nfrom 10.0.0.1 drop for 1m\nexpect from victim to port p is dropped\n",
              Code::W101);
  expect_none("host a = 10.0.0.1\nhost b = { a, 10.0.0.2 }\nfrom b drop for 1m\n", Code::W101);
  // Definitions in an included file belong to every scenario that includes
  // it: a scenario need not use them all.
  expect_none("include \"common.fault\"\nfrom shared drop for 1m\n", Code::W101);
}

// ---------------------------------------------------------------- W102

TEST_CASE("W102: a prefix with host bits set", "[lint][W102]") {
  const auto r = compile("from 10.0.0.5/24 drop for 1m\n");
  const Diagnostic& d = expect_one(*r, Code::W102, 1, 6, "`10.0.0.5/24` has host bits set");
  CHECK(d.message == "`10.0.0.5/24` has host bits set; it means the whole network 10.0.0.0/24");
  CHECK(d.help == "did you mean `10.0.0.0/24`? (or drop the prefix for one host)");
  const auto v6 = compile("host net = { 10.0.0.0/8, fd00:a::1/48 }\nto net drop for 1m\n");
  const Diagnostic& e = expect_one(*v6, Code::W102, 1, 26, "`fd00:a::1/48` has host bits set");
  CHECK_THAT(e.message, Catch::EndsWith("the whole network fd00:a::/48"));
  const auto between = compile("between 10.1.2.3/16 and 10.2.0.0/16 drop for 1m\n");
  expect_one(*between, Code::W102, 1, 9, "10.1.0.0/16");
}

TEST_CASE("W102 writes an IPv6 network in RFC 5952 form, as every other message does", "[lint][W102]") {
  // The longest run of zero groups is the one compressed; an IPv4-mapped
  // network keeps its dotted tail (inet_ntop, net/address_text.hpp).
  const auto r = compile("from 2001:db8:0:0:1:0:0:1/96 drop for 1m\n");
  CHECK_THAT(expect_one(*r, Code::W102, 1, 6, "has host bits set").message,
             Catch::EndsWith("the whole network 2001:db8:0:0:1::/96"));
  const auto mapped = compile("from ::ffff:10.0.0.1/120 drop for 1m\n");
  CHECK(expect_one(*mapped, Code::W102, 1, 6, "has host bits set").help ==
        "did you mean `::ffff:10.0.0.0/120`? (or drop the prefix for one host)");
}

TEST_CASE("W102 in an included file is reported there", "[lint][W102]") {
  const auto r = compile("include \"common.fault\"\nfrom shared drop for 1m\n");
  INFO(r->text());
  const auto found = r->all(Code::W102);
  REQUIRE(found.size() == 1);
  CHECK(r->sources.file(found[0]->span.file).name() == "common.fault");
  CHECK(r->at(found[0]->span).line == 2);
  CHECK(r->at(found[0]->span).column == 14);
}

TEST_CASE("W102 near misses: a network address, a bare address, a /32 and a /0", "[lint][W102]") {
  expect_none("from 10.0.0.0/24 drop for 1m\n", Code::W102);
  expect_none("from 10.0.0.5 drop for 1m\n", Code::W102);
  expect_none("from 10.0.0.5/32 drop for 1m\n", Code::W102);
  expect_none("from { 0.0.0.0/0, ::/0, fd00::5/128 } drop for 1m\n", Code::W102);
  expect_none("to port 80 drop for 1m\nexpect from 10.0.0.5 to port 80 is dropped\n", Code::W102);
}

// ---------------------------------------------------------------- W103

TEST_CASE("W103: `for ever`", "[lint][W103]") {
  const auto r = compile("to port 6379 drop established\n  for ever\n");
  const Diagnostic& d = expect_one(*r, Code::W103, 2, 3, "`for ever` turns off the dead-man switch");
  CHECK(d.help == "give the scenario a time limit, e.g. `for 1h`");
}

TEST_CASE("W103 near misses: a written life, a derived life", "[lint][W103]") {
  expect_none("to port 6379 drop established\nfor 1h\n", Code::W103);
  expect_none("to port 6379 drop established for 1h\n", Code::W103);
}

// ---------------------------------------------------------------- W104

TEST_CASE("W104: an action covered by one earlier action, pointing at both", "[lint][W104]") {
  const auto r = compile("to port 80 allow SYN; drop SYN for 1m\n");
  const Diagnostic& d = expect_one(*r, Code::W104, 1, 23, "this `drop` can never match");
  CHECK(d.message == "this `drop` can never match: earlier actions of the rule take every packet it would see");
  CHECK(note_positions(*r, d) == Positions{{1, 12}});
  CHECK(d.notes[0].message == "covered by this `allow`");
}

TEST_CASE("W104: an action covered only by the union of two earlier ones", "[lint][W104]") {
  // Neither allow covers `data` alone: one takes the segments with SYN set,
  // the other those without. Together they take every packet.
  const auto r = compile("tcp to port 80 {\n  allow flags SYN of SYN\n  allow flags NONE of SYN\n  drop data\n} for 1m\n");
  const Diagnostic& d = expect_one(*r, Code::W104, 4, 3, "this `drop` can never match");
  CHECK(note_positions(*r, d) == Positions{{2, 3}, {3, 3}});
  // new and established leave related and invalid packets to a later drop.
  expect_none("to port 80 allow new; allow established; drop SYN for 1m\n", Code::W104);
  const auto s = compile("to port 80 reject new; allow established; log SYN; drop new, established for 1m\n");
  const Diagnostic& e = expect_one(*s, Code::W104, 1, 52, "this `drop` can never match");
  CHECK(note_positions(*s, e) == Positions{{1, 12}, {1, 24}});
}

TEST_CASE("W104: more shapes that can never match", "[lint][W104]") {
  // After a catch-all, anything is dead, even a log.
  const auto log = compile("to port 80 drop; log for 1m\n");
  expect_one(*log, Code::W104, 1, 18, "this `log` can never match");
  expect_one(*compile("to port 80 drop; allow SYN for 1m\n"), Code::W104, 1, 18, "this `allow` can never match");
  expect_one(*compile("to port 80 reject; limit 10/s for 1m\n"), Code::W104, 1, 20, "this `limit` can never match");
  // A random drop after a catch-all is dead too.
  expect_one(*compile("to port 80 reject; drop SYN 30% for 1m\n"), Code::W104, 1, 20, "this `drop` can never match");
  // ECE is ignored unless named: exact SYN takes SYN+ECE too.
  expect_one(*compile("to port 80 allow SYN; drop SYN+ECE for 1m\n"), Code::W104, 1, 23, "can never match");
  // `allow SYN, ACK` covers a later exact SYN; badflags cover NONE.
  expect_one(*compile("to port 80 allow SYN, ACK; drop SYN for 1m\n"), Code::W104, 1, 28, "can never match");
  expect_one(*compile("to port 80 drop badflags; reject NONE for 1m\n"), Code::W104, 1, 27, "can never match");
  // `flags SYN of SYN` (SYN set, the rest anything) covers SYN+ACK.
  expect_one(*compile("to port 80 allow flags SYN of SYN; drop SYN+ACK for 1m\n"), Code::W104, 1, 36,
             "can never match");
  // half-open's drop takes everything, so what follows it is dead.
  expect_one(*compile("to port 1234 half-open; drop FIN for 1m\n"), Code::W104, 1, 25, "can never match");
}

TEST_CASE("W104: each dead action is reported, in a block across lines", "[lint][W104]") {
  const auto r = compile("to port 80 {\n  drop new\n  reject new\n  log new\n  drop\n} for 1m\n");
  INFO(r->text());
  const auto found = r->all(Code::W104);
  REQUIRE(found.size() == 2);
  CHECK(r->at(found[0]->span).line == 3);
  CHECK(r->at(found[1]->span).line == 4);
  CHECK(note_positions(*r, *found[0]) == Positions{{2, 3}});
}

TEST_CASE("W104: notes point only at the actions that actually take the packets", "[lint][W104]") {
  // Not at every earlier action whose patterns overlap: here the second
  // `drop SYN` is itself dead, so only the `allow` is named as covering the
  // third; with `half-open; drop SYN`, the preset's `drop` is not named
  // next to its `allow`, which takes every SYN first.
  const auto r = compile("to port 80 allow SYN; drop SYN; drop SYN for 1m\n");
  INFO(r->text());
  const auto found = r->all(Code::W104);
  REQUIRE(found.size() == 2);
  CHECK(note_positions(*r, *found[1]) == Positions{{1, 12}});
  const auto s = compile("to port 1234 half-open; drop SYN for 1m\n");
  const Diagnostic& d = expect_one(*s, Code::W104, 1, 25, "can never match");
  CHECK(d.notes.size() == 1);
}

TEST_CASE("W104 near misses", "[lint][W104]") {
  expect_none("to port 80 allow SYN; drop ACK for 1m\n", Code::W104);
  expect_none("to port 80 allow SYN; drop flags SYN of SYN for 1m\n", Code::W104);
  expect_none("to port 80 allow SYN; allow ACK; drop flags SYN of SYN for 1m\n", Code::W104);
  // A random drop and a rate limit let packets through: they cover nothing.
  expect_none("to port 80 drop 30%; drop SYN for 1m\n", Code::W104);
  expect_none("to port 80 limit 10/s; drop for 1m\n", Code::W104);
  // A log decides nothing.
  expect_none("inbound tcp { log \"BADFLAGS: \" badflags; drop badflags } for 10m\n", Code::W104);
  // The incident, and its preset.
  expect_none("from 10.0.0.5 to port 1234 allow SYN, ACK; drop rest for 4m\n", Code::W104);
  expect_none("from 10.0.0.5 to port 1234 half-open for 4m\n", Code::W104);
  // A narrower action first, a wider one after: the usual order.
  expect_none("to port 80 drop SYN; drop for 1m\n", Code::W104);
  // ECE is ignored unless named: `SYN+ECE` does not take a plain SYN.
  expect_none("to port 80 allow SYN+ECE; drop SYN for 1m\n", Code::W104);
  // Actions in different rules never shadow each other.
  expect_none("to port 80 drop for 1m\nto port 80 drop SYN for 1m\n", Code::W104);
}

// ---------------------------------------------------------------- W105

TEST_CASE("W105: drop 0% and drop 100%", "[lint][W105]") {
  const auto zero = compile("to port 80 drop 0% for 1m\n");
  const Diagnostic& d = expect_one(*zero, Code::W105, 1, 17, "`drop 0%` never drops anything");
  CHECK(zero->at(Span{d.span.file, d.span.end, d.span.end}).column == 19);
  const auto full = compile("to port 80 { allow SYN\n  drop rest 100.0%\n} for 1m\n");
  const Diagnostic& e = expect_one(*full, Code::W105, 2, 13, "`drop 100%` is the same as `drop`");
  CHECK(e.help == "write `drop` without a percentage");
}

TEST_CASE("W105 near misses: any probability strictly between", "[lint][W105]") {
  expect_none("to port 80 drop 30% for 1m\n", Code::W105);
  expect_none("to port 80 drop 0.0001% for 1m\n", Code::W105);
  expect_none("to port 80 drop 99.9999% for 1m\n", Code::W105);
  expect_none("to port 80 drop for 1m\n", Code::W105);
}

// ---------------------------------------------------------------- W106

TEST_CASE("W106: rules that may cut the operator's SSH session", "[lint][W106]") {
  // Keep the compilation alive: the diagnostic is a reference into it.
  const auto compiled = compile("inbound tcp drop for 1m\n");
  const Diagnostic& d = expect_one(*compiled, Code::W106, 1, 13,
                                   "this `drop` applies to inbound TCP to port 22 from any source");
  CHECK_THAT(d.help, Catch::Contains("# faultc: allow W106"));
  CHECK_THAT(d.help, Catch::Contains("`from ADDR`"));
  CHECK_THAT(d.help, Catch::Contains("`to port P`"));
  expect_one(*compile("drop for 1m\n"), Code::W106, 1, 1, "this `drop`");
  expect_one(*compile("to port 22 reject for 1m\n"), Code::W106, 1, 12, "this `reject`");
  expect_one(*compile("to port 1-1024 drop ACK for 1m\n"), Code::W106, 1, 16, "it may cut your own SSH session");
  expect_one(*compile("tcp to port 22 drop established for 1m\n"), Code::W106, 1, 16, "this `drop`");
  // Random loss and a rate limit still cut: a session at 30% loss, or over
  // the rate, is not usable.
  expect_one(*compile("to port 22 drop 30% for 1m\n"), Code::W106, 1, 12, "this `drop`");
  expect_one(*compile("to port 22 limit 10/s for 1m\n"), Code::W106, 1, 12, "this `limit`");
  // The first action that may lose a session packet is the one reported.
  expect_one(*compile("to port 22 { allow SYN; log; drop data; drop } for 1m\n"), Code::W106, 1, 30, "this `drop`");
  // Bulk output: data segments that carry ACK alone.
  expect_one(*compile("to port 22 { allow PSH+ACK; drop ACK } for 1m\n"), Code::W106, 1, 29, "this `drop`");
}

TEST_CASE("W106: the session's other half, and the ways a wide rule hides", "[lint][W106]") {
  // Outbound: the session's replies leave from port 22.
  expect_one(*compile("outbound drop for 1m\n"), Code::W106, 1, 10,
             "this `drop` applies to outbound TCP from port 22 to any destination");
  const auto out = compile("outbound tcp from 0.0.0.0/0 port 22 drop for 1m\n");
  const Diagnostic& o = expect_one(*out, Code::W106, 1, 37, "outbound TCP from port 22 to any destination");
  CHECK_THAT(o.help, Catch::Contains("take 22 out of its `from` ports"));
  CHECK_THAT(o.help, Catch::Contains("`to ADDR`"));
  expect_one(*compile("outbound to 0.0.0.0/0 drop for 1m\n"), Code::W106, 1, 23, "to 0.0.0.0/0");
  // A remote end that covers every address, or a /8, is not a narrowing.
  const auto all4 = compile("from 0.0.0.0/0 drop for 1m\n");
  const Diagnostic& w = expect_one(*all4, Code::W106, 1, 16, "inbound TCP to port 22 from 0.0.0.0/0");
  CHECK_THAT(w.help, Catch::Contains("name narrower addresses in `from`"));
  expect_one(*compile("from { 0.0.0.0/0, ::/0 } drop for 1m\n"), Code::W106, 1, 26, "from 0.0.0.0/0 or ::/0");
  expect_one(*compile("from 10.0.0.0/8 drop for 1m\n"), Code::W106, 1, 17, "from 10.0.0.0/8");
  expect_one(*compile("from { 0.0.0.0/1, 128.0.0.0/1 } drop for 1m\n"), Code::W106, 1, 33, "from 0.0.0.0/0");
  expect_one(*compile("from 2001:db8::/32 drop for 1m\n"), Code::W106, 1, 20, "from 2001:db8::/32");
  // An interface does not narrow: it may carry the session.
  expect_one(*compile("inbound tcp on eth0 drop for 1m\n"), Code::W106, 1, 21, "from any source");
  // The host's own end never narrows: the session ends at one of its addresses.
  expect_one(*compile("to 10.0.0.1 port 22 drop for 1m\n"), Code::W106, 1, 21, "from any source");
  // A client port range that holds unprivileged ports may hold the session's.
  expect_one(*compile("from 10.0.0.0/8 port 40000-50000 to port 22 drop for 1m\n"), Code::W106, 1, 45,
             "from 10.0.0.0/8");
  // `between` with one wide side.
  expect_one(*compile("between 0.0.0.0/0 and 10.0.0.1 drop for 1m\n"), Code::W106, 1, 32, "0.0.0.0/0");
}

TEST_CASE("W106: `not` names the operator's way in, and the help says so", "[lint][W106]") {
  const auto r = compile("host mgmt = 10.0.9.0/24\nfrom not mgmt drop for 1m\n");
  INFO(r->text());
  const auto found = r->all(Code::W106);
  REQUIRE(found.size() == 1);
  CHECK_THAT(found[0]->message, Catch::Contains("from anywhere but 10.0.9.0/24"));
  // The rule has `from ADDR` already: the help must not ask for it.
  CHECK_THAT(found[0]->help, !Catch::Contains("`from ADDR`"));
  CHECK_THAT(found[0]->help, Catch::Contains("set after `not`"));
  expect_one(*compile("from not 10.0.0.1 drop for 1m\n"), Code::W106, 1, 19, "from anywhere but 10.0.0.1");
}

TEST_CASE("W106 near misses", "[lint][W106]") {
  expect_none("to port 80 drop for 1m\n", Code::W106);
  expect_none("from 10.0.0.9 drop for 1m\n", Code::W106);
  expect_none("from 10.0.0.0/9 drop for 1m\n", Code::W106);  // narrower than a /8
  expect_none("from 2001:db8::/33 drop for 1m\n", Code::W106);  // narrower than a /32
  expect_none("outbound to 10.0.0.9 drop for 1m\n", Code::W106);
  expect_none("outbound to port 22 drop for 1m\n", Code::W106);  // this host as an SSH client
  expect_none("outbound tcp from 10.0.0.1 port 80 drop for 1m\n", Code::W106);
  expect_none("outbound to port 80 drop for 1m\n", Code::W106);  // the peers' ports: a session's are unprivileged
  expect_none("forwarded drop for 1m\n", Code::W106);
  expect_none("inbound tcp { log badflags; drop badflags } for 1m\n", Code::W106);
  expect_none("udp drop for 1m\n", Code::W106);
  expect_none("icmp drop for 1m\n", Code::W106);
  expect_none("to port 22 drop new for 1m\n", Code::W106);        // new connections only: a live session stays
  expect_none("to port 22 reject SYN for 1m\n", Code::W106);
  expect_none("to port 22 allow established; drop for 1m\n", Code::W106);
  expect_none("to port 22 drop 0% for 1m\n", Code::W106);  // never drops (W105 says so)
  expect_none("to port 22 log for 1m\n", Code::W106);
  expect_none("tcp from 10.0.0.1 port 22 drop for 1m\n", Code::W106);
  expect_none("from 10.0.0.0/8 port 1-1023 to port 22 drop for 1m\n", Code::W106);  // clients use unprivileged ports
  expect_none("between 10.0.0.1 and 10.0.0.2 drop for 1m\n", Code::W106);
  expect_none("to port 22 allow for 1m\n", Code::W106);
  expect_none("to port 22 drop for 1m  # faultc: allow W106\n", Code::W106);
  // The incident one-liner, defined, says nothing at all.
  const auto r = compile("host victim = 10.0.0.5\nfrom victim to port 1234 allow SYN, ACK; drop rest for 4m\n");
  INFO(r->text());
  CHECK(r->c.diagnostics.empty());
}

// ---------------------------------------------------------------- W108

TEST_CASE("W108: a `not` set that also covers loopback and neighbour discovery", "[lint][W108]") {
  // The incident of item i: an IPv4-only set under `not` takes every IPv6
  // packet, neighbour discovery included, and the host's loopback traffic.
  const auto r = compile("host mgmt = 10.0.9.0/24\nfrom not mgmt drop for 1m  # faultc: allow W106\n");
  const Diagnostic& d = expect_one(*r, Code::W108, 2, 6,
                                   "this `not` also covers the host's loopback traffic and IPv6 neighbour discovery "
                                   "(the set has no IPv6 address, so every IPv6 packet matches)");
  CHECK_THAT(d.help, Catch::Contains("add `127.0.0.0/8, ::1, fe80::/10` to the set after `not`"));
  // A set with IPv6 members: no family note; what is missing is named.
  const auto s = compile("from not { 10.0.9.0/24, fd00:9::/64, ::1 } drop for 1m  # faultc: allow W106\n");
  const Diagnostic& e = expect_one(*s, Code::W108, 1, 6, "loopback traffic and IPv6 neighbour discovery");
  CHECK_THAT(e.message, !Catch::Contains("no IPv6 address"));
  CHECK_THAT(e.help, Catch::Contains("add `127.0.0.0/8, fe80::/10`"));
  // TCP: no neighbour discovery, loopback still.
  expect_one(*compile("from not 10.0.9.0/24 to port 8080 reject for 1m\n"), Code::W108, 1, 6,
             "this `not` also covers the host's loopback traffic (the set");
  // On an interface other than lo: neighbour discovery only.
  expect_one(*compile("icmp on eth0 from not 10.0.9.0/24 drop for 1m\n"), Code::W108, 1, 19,
             "also covers IPv6 neighbour discovery");
  // Outbound, at the destination: link-local and link-scope multicast.
  const auto t = compile("outbound to not { 10.0.9.0/24, 127.0.0.0/8, ::1 } drop for 1m  # faultc: allow W106\n");
  const Diagnostic& o = expect_one(*t, Code::W108, 1, 13, "IPv6 neighbour discovery");
  CHECK_THAT(o.help, Catch::Contains("add `fe80::/10, ff02::/16`"));
  // A random drop and a rate limit lose packets too.
  expect_one(*compile("from not 10.0.9.0/24 to port 80 limit 10/s for 1m\n"), Code::W108, 1, 6, "loopback");
  // `between` is two flows over the same two sets: each negated side once.
  const auto b = compile("between not 10.0.9.0/24 and not 10.0.0.0/24 drop for 1m\n");
  INFO(b->text());
  CHECK(b->all(Code::W108).size() == 2);
}

TEST_CASE("W108 near misses", "[lint][W108]") {
  // Everything spared that the rule could take.
  expect_none("from not { 10.0.9.0/24, 127.0.0.0/8, ::1, fe80::/10 } drop for 1m  # faultc: allow W106\n",
              Code::W108);
  expect_none("tcp from not { 10.0.9.0/24, 127.0.0.0/8, ::1 } drop for 1m  # faultc: allow W106\n", Code::W108);
  // No `not`: the rule says which addresses it takes.
  expect_none("from 10.0.9.0/24 drop for 1m\n", Code::W108);
  // Forwarded traffic is neither loopback nor neighbour discovery.
  expect_none("forwarded from not 10.0.9.0/24 drop for 1m\n", Code::W108);
  // Nothing lost.
  expect_none("from not 10.0.9.0/24 log for 1m\n", Code::W108);
  expect_none("from not 10.0.9.0/24 drop 0% for 1m\n", Code::W108);
  // An IPv4-only rule has no IPv6 to take: `to` names an IPv4 address.
  expect_none("from not { 10.0.9.0/24, 127.0.0.0/8 } to 10.0.0.1 drop for 1m\n", Code::W108);
  // Loopback traffic from ::1 goes to a loopback address, which `to fd00::1` is not.
  expect_none("from not 10.0.0.1 to fd00::1 port 80 drop for 1m\n", Code::W108);
  // Loopback spared by the interface: neither loopback nor (TCP) discovery.
  expect_none("tcp on eth0 from not 10.0.9.0/24 drop for 1m  # faultc: allow W106\n", Code::W108);
  expect_none("to port 22 drop for 1m  # faultc: allow W106\n", Code::W108);
}

// ---------------------------------------------------------------- the severity policy

TEST_CASE("severity override: -W CODE=LEVEL re-grades a warning", "[lint][policy]") {
  const std::string text = "to port 80 allow SYN; drop SYN for 1m\nto port 80 drop 0% for 1m\n";
  SeverityPolicy policy;
  REQUIRE_FALSE(add_override(policy, "W104=error"));
  REQUIRE_FALSE(add_override(policy, "W105=off"));
  const auto r = compile(text, policy);
  INFO(r->text());
  REQUIRE(r->c.diagnostics.size() == 1);
  CHECK(r->c.diagnostics[0].code == Code::W104);
  CHECK(r->c.diagnostics[0].severity == Severity::error);
  CHECK_FALSE(r->c.ok());

  SeverityPolicy notes;
  REQUIRE_FALSE(add_override(notes, "W104=note"));
  REQUIRE_FALSE(add_override(notes, "W105=warning"));
  const auto s = compile(text, notes);
  REQUIRE(s->c.diagnostics.size() == 2);
  CHECK(s->c.diagnostics[0].severity == Severity::note);
  CHECK(s->c.diagnostics[1].severity == Severity::warning);
  CHECK(s->c.ok());
}

TEST_CASE("severity override: -W refuses unknown codes, errors, and malformed arguments", "[lint][policy]") {
  SeverityPolicy policy;
  const auto unknown = add_override(policy, "W999=off");
  REQUIRE(unknown);
  CHECK_THAT(*unknown, Catch::Contains("unknown diagnostic code `W999`"));
  const auto error = add_override(policy, "F001=off");
  REQUIRE(error);
  CHECK_THAT(*error, Catch::Contains("`F001` is an error"));
  CHECK(add_override(policy, "F010=warning"));
  CHECK(add_override(policy, "W104"));
  CHECK(add_override(policy, "W104=loud"));
  CHECK(add_override(policy, "=off"));
  CHECK(add_override(policy, "w104=off"));
  CHECK(policy.overrides.empty());
}

TEST_CASE("`# faultc: allow CODE` silences its own line, or the next one when alone", "[lint][policy]") {
  // On the same line.
  expect_none("to port 80 allow SYN; drop SYN for 1m  # faultc: allow W104\n", Code::W104);
  // Alone on the line before (indented, in a block too).
  expect_none("# faultc: allow W104\nto port 80 allow SYN; drop SYN for 1m\n", Code::W104);
  expect_none("to port 80 {\n  allow SYN\n  # faultc: allow W104\n  drop SYN\n} for 1m\n", Code::W104);
  // Several codes in one comment.
  const auto r = compile("to port 22 { allow SYN; drop SYN; drop 0% } for 1m  #faultc:allow W104,W105 , W106\n");
  INFO(r->text());
  CHECK(r->c.diagnostics.empty());
}

TEST_CASE("`# faultc: allow` near misses: other codes, other lines", "[lint][policy]") {
  // Another code on the line does not silence W104.
  const auto other = compile("to port 80 allow SYN; drop SYN for 1m  # faultc: allow W105\n");
  expect_one(*other, Code::W104, 1, 23, "can never match");
  // A comment after a statement speaks of its own line, not the next.
  const auto trailing = compile("for 1m  # faultc: allow W104\nto port 80 allow SYN; drop SYN\n");
  expect_one(*trailing, Code::W104, 2, 23, "can never match");
  // A comment alone speaks of the next line only.
  const auto gap = compile("# faultc: allow W104\n\nto port 80 allow SYN; drop SYN for 1m\n");
  expect_one(*gap, Code::W104, 3, 23, "can never match");
  // The warning's line is where the dead action starts, not the rule.
  const auto block = compile("to port 80 {  # faultc: allow W104\n  allow SYN\n  drop SYN\n} for 1m\n");
  expect_one(*block, Code::W104, 3, 3, "can never match");
  // Not a directive: the code is still reported.
  const auto prose = compile("to port 80 allow SYN; drop SYN for 1m  # W104 is fine here\n");
  expect_one(*prose, Code::W104, 1, 23, "can never match");
}

TEST_CASE("an inline silence beats a -W override", "[lint][policy]") {
  SeverityPolicy policy;
  REQUIRE_FALSE(add_override(policy, "W104=error"));
  const auto r = compile("to port 80 allow SYN; drop SYN for 1m  # faultc: allow W104\n", policy);
  INFO(r->text());
  CHECK(r->c.diagnostics.empty());
  CHECK(r->c.ok());
}

// ---------------------------------------------------------------- W104 property

namespace {

// ---- an independent model of one rule's actions over the packet domain:
// 256 flag bytes x 4 connection states x payload or not.
enum : int { kNew = 0, kEstablished = 1, kRelated = 2, kInvalid = 3 };

struct Packet {
  int flags, state;
  bool payload;
};

bool pattern_hits(const ir::Pattern& p, const Packet& packet) {
  switch (p.kind) {
    case ir::Pattern::Kind::flags: return (packet.flags & p.flags.mask) == p.flags.value;
    case ir::Pattern::Kind::state_new: return packet.state == kNew;
    case ir::Pattern::Kind::state_established: return packet.state == kEstablished;
    case ir::Pattern::Kind::data: return packet.payload;
  }
  return false;
}

bool action_hits(const ir::Action& a, const Packet& packet) {
  if (a.patterns.empty()) return true;
  return std::any_of(a.patterns.begin(), a.patterns.end(), [&](const ir::Pattern& p) { return pattern_hits(p, packet); });
}

// Takes every packet it matches, so no later action of the rule sees it.
bool decides(const ir::Action& a) {
  const bool terminal =
      a.kind == ir::Action::Kind::allow || a.kind == ir::Action::Kind::drop || a.kind == ir::Action::Kind::reject;
  return terminal && !a.probability;
}

struct Verdicts {
  std::vector<bool> dead;                   // per action
  std::vector<std::set<std::size_t>> takers;  // per dead action: who actually took its packets
  std::vector<std::set<std::size_t>> overlap;  // per action: earlier deciders whose packets overlap
};

Verdicts brute_force(const std::vector<ir::Action>& actions) {
  Verdicts v;
  v.dead.assign(actions.size(), false);
  v.takers.resize(actions.size());
  v.overlap.resize(actions.size());
  std::vector<bool> seen(actions.size(), false);  // matches at least one packet that reaches it
  std::vector<bool> any(actions.size(), false);   // matches at least one packet at all
  for (int flags = 0; flags < 256; ++flags) {
    for (int state = 0; state < 4; ++state) {
      for (bool payload : {false, true}) {
        const Packet packet{flags, state, payload};
        std::optional<std::size_t> taken_by;  // first deciding action that matched
        for (std::size_t i = 0; i < actions.size(); ++i) {
          if (!action_hits(actions[i], packet)) continue;
          any[i] = true;
          for (std::size_t j = 0; j < i; ++j) {
            if (decides(actions[j]) && action_hits(actions[j], packet)) v.overlap[i].insert(j);
          }
          if (taken_by) {
            v.takers[i].insert(*taken_by);
          } else {
            seen[i] = true;
            if (decides(actions[i])) taken_by = i;
          }
        }
      }
    }
  }
  for (std::size_t i = 0; i < actions.size(); ++i) v.dead[i] = any[i] && !seen[i];
  return v;
}

// ---- random rules over small domains
std::string flag_list(std::uint8_t bits) {
  return bits == 0 ? "NONE" : flag_words(bits, ",");
}

std::string describe(const ir::Pattern& p) {
  switch (p.kind) {
    case ir::Pattern::Kind::flags: return fmt::format("flags {} of {}", flag_list(p.flags.value), flag_list(p.flags.mask));
    case ir::Pattern::Kind::state_new: return "new";
    case ir::Pattern::Kind::state_established: return "established";
    case ir::Pattern::Kind::data: return "data";
  }
  return "?";
}

// The action as .fault text: flags patterns last in their list, so that the
// mask list does not swallow what follows.
std::string describe(const ir::Action& a) {
  std::string out(word(ir::written_kind(a.kind)));
  if (a.kind == ir::Action::Kind::limit) return out + " 10/s";
  std::vector<std::string> patterns;
  for (const ir::Pattern& p : a.patterns) {
    if (p.kind != ir::Pattern::Kind::flags) patterns.push_back(describe(p));
  }
  for (const ir::Pattern& p : a.patterns) {
    if (p.kind == ir::Pattern::Kind::flags) patterns.push_back(describe(p));
  }
  // Two flags patterns in one list would merge their masks; keep the
  // generator to one per action (checked below).
  if (!patterns.empty()) out += " " + fmt::format("{}", fmt::join(patterns, ", "));
  if (a.probability) out += fmt::format(" {}%", *a.probability / 10000.0);
  return out;
}

std::string describe(const std::vector<ir::Action>& actions) {
  std::vector<std::string> parts;
  for (const ir::Action& a : actions) parts.push_back(describe(a));
  return fmt::format("tcp {{ {} }} for 1m", fmt::join(parts, "; "));
}

struct Generator {
  std::mt19937 random;

  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random); }
  bool chance(int percent) { return below(100) < percent; }

  ir::Pattern flags_pattern() {
    ir::Pattern p;
    p.kind = ir::Pattern::Kind::flags;
    int mask;
    if (chance(60)) {
      // A small domain where overlaps are common: subsets of SYN, ACK, FIN.
      static constexpr int kSmall[] = {flag::syn, flag::ack, flag::fin};
      mask = 0;
      while (mask == 0) {
        for (int bit : kSmall) {
          if (chance(50)) mask |= bit;
        }
      }
    } else if (chance(50)) {
      mask = flag::classic;
    } else {
      mask = 1 + below(255);
    }
    p.flags.mask = static_cast<std::uint8_t>(mask);
    p.flags.value = static_cast<std::uint8_t>(below(256) & mask);
    return p;
  }

  std::vector<ir::Pattern> patterns() {
    std::vector<ir::Pattern> out;
    if (chance(30)) return out;  // rest
    const int count = 1 + below(3);
    bool has_flags = false;
    for (int i = 0; i < count; ++i) {
      ir::Pattern p;
      switch (below(has_flags ? 3 : 5)) {
        case 0: p.kind = ir::Pattern::Kind::state_new; break;
        case 1: p.kind = ir::Pattern::Kind::state_established; break;
        case 2: p.kind = ir::Pattern::Kind::data; break;
        default: p = flags_pattern(); has_flags = true;
      }
      out.push_back(p);
    }
    return out;
  }

  ir::Action action() {
    ir::Action a;
    const int roll = below(100);
    if (roll < 25) a.kind = ir::Action::Kind::allow;
    else if (roll < 55) a.kind = ir::Action::Kind::drop;
    else if (roll < 70) a.kind = ir::Action::Kind::reject;
    else if (roll < 80) a.kind = ir::Action::Kind::limit;
    else a.kind = ir::Action::Kind::log;
    if (a.kind == ir::Action::Kind::limit) {
      a.rate = ir::Rate{};
      return a;
    }
    a.patterns = patterns();
    if (a.kind == ir::Action::Kind::drop && chance(30)) {
      static constexpr std::uint32_t kProbabilities[] = {0, 10000, 300000, 999999};
      a.probability = kProbabilities[below(4)];
    }
    return a;
  }

  std::vector<ir::Action> rule() {
    std::vector<ir::Action> actions(2 + below(3));
    for (std::size_t i = 0; i < actions.size(); ++i) {
      actions[i] = action();
      actions[i].span = Span{0, static_cast<std::uint32_t>(100 * i), static_cast<std::uint32_t>(100 * i + 10)};
    }
    return actions;
  }
};

std::size_t action_at(const std::vector<ir::Action>& actions, const Span& span) {
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (actions[i].span == span) return i;
  }
  return actions.size();
}

}  // namespace

TEST_CASE("W104 property: the check agrees with brute force over the packet domain", "[lint][W104][property]") {
  Generator generate{std::mt19937(20240605)};
  constexpr int kRules = 2500;
  int mismatches = 0, dead_total = 0, rules_with_dead = 0, note_problems = 0;
  for (int n = 0; n < kRules; ++n) {
    ir::Scenario scenario;
    ir::Rule rule;
    rule.number = 1;
    rule.selector.protocol = ast::Protocol::tcp;
    rule.selector.flows.emplace_back();
    rule.actions = generate.rule();
    scenario.rules.push_back(rule);

    Diagnostics out;
    lint_unreachable_actions(scenario, out);
    const Verdicts want = brute_force(rule.actions);

    std::vector<bool> got(rule.actions.size(), false);
    for (const Diagnostic& d : out) {
      REQUIRE(d.code == Code::W104);
      const std::size_t i = action_at(rule.actions, d.span);
      REQUIRE(i < rule.actions.size());
      got[i] = true;
      // Every note points at an earlier deciding action that overlaps it,
      // and every action that really takes its packets is among them.
      std::set<std::size_t> noted;
      for (const Note& note : d.notes) {
        REQUIRE(note.span);
        noted.insert(action_at(rule.actions, *note.span));
      }
      const bool within = std::includes(want.overlap[i].begin(), want.overlap[i].end(), noted.begin(), noted.end());
      const bool complete = std::includes(noted.begin(), noted.end(), want.takers[i].begin(), want.takers[i].end());
      if (!within || !complete) {
        ++note_problems;
        FAIL_CHECK("W104 notes wrong for action " << i + 1 << " of: " << describe(rule.actions));
      }
    }
    const long dead = std::count(want.dead.begin(), want.dead.end(), true);
    dead_total += static_cast<int>(dead);
    rules_with_dead += dead > 0 ? 1 : 0;
    if (got != want.dead) {
      ++mismatches;
      std::string detail;
      for (std::size_t i = 0; i < got.size(); ++i) {
        detail += fmt::format(" action {}: check says {}, brute force says {};", i + 1, got[i] ? "dead" : "live",
                              want.dead[i] ? "dead" : "live");
      }
      FAIL_CHECK("W104 verdict differs for rule #" << n << ": " << describe(rule.actions) << "\n" << detail);
    }
  }
  CHECK(mismatches == 0);
  CHECK(note_problems == 0);
  // The generator must exercise both outcomes often enough to mean something.
  INFO("rules with a dead action: " << rules_with_dead << ", dead actions: " << dead_total);
  CHECK(rules_with_dead > kRules / 10);
  CHECK(rules_with_dead < kRules * 9 / 10);
}

TEST_CASE("W104 property, end to end: the same rules written as text", "[lint][W104][property]") {
  // Every 10th generated rule goes through parse, analyze and lint, so the
  // verdict is also checked on what a user writes.
  Generator generate{std::mt19937(7)};
  int mismatches = 0, compared = 0;
  for (int n = 0; n < 3000; ++n) {
    const std::vector<ir::Action> actions = generate.rule();
    if (n % 10 != 0) continue;
    const std::string text = describe(actions) + "\n";
    const auto r = compile(text);
    INFO("file: " << text << "diagnostics:\n" << r->text());
    REQUIRE_FALSE(has_errors(r->c.diagnostics));
    const ir::Rule& rule = r->c.scenario->rules.at(0);
    REQUIRE(rule.actions.size() == actions.size());
    const Verdicts want = brute_force(rule.actions);
    std::vector<bool> got(rule.actions.size(), false);
    for (const Diagnostic* d : r->all(Code::W104)) got.at(action_at(rule.actions, d->span)) = true;
    ++compared;
    if (got != want.dead) {
      ++mismatches;
      FAIL_CHECK("W104 verdict differs for: " << text);
    }
  }
  CHECK(compared == 300);
  CHECK(mismatches == 0);
}
