// The machine-readable renderers (JSON, SARIF, GitHub workflow commands):
// exact output for a small hand-built diagnostic list whose text is as
// hostile as we could make it, plus external checks that the JSON parses and
// the SARIF validates against the vendored 2.1.0 schema.
#include <fmt/format.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "compiler/diagnostics/render_github.hpp"
#include "compiler/diagnostics/render_json.hpp"
#include "compiler/diagnostics/render_sarif.hpp"
#include "compiler/source/json_escape.hpp"

using namespace faultc;

namespace {

// File names chosen to need escaping in every format: a comma, a colon, a
// space and a percent sign in a relative path, non-ASCII in an absolute one.
constexpr std::string_view kNameA = "examples/link,down:1 %x.fault";
constexpr std::string_view kNameB = "/tmp/ünï cödé.fault";

// A: "délay" on line 2 starts at byte 29 and ends at byte 35; it is 5 code
// points but 6 bytes, so a byte-counting column would be off by one.
constexpr std::string_view kTextA = "at 0s drop 10% on eth0\nat 5s délay 5ms\n";
constexpr std::string_view kTextB = "drop 101%\nrate 5\n";

constexpr std::string_view kHostileMessage = "drop \"10%\" \\ back\\slash, a:b\n\x01\tünï";

struct Fixture {
  SourceMap sources;
  Diagnostics diagnostics;
};

Fixture fixture() {
  Fixture f;
  const FileId a = f.sources.add(std::string(kNameA), std::string(kTextA));
  const FileId b = f.sources.add(std::string(kNameB), std::string(kTextB));

  Diagnostic range = make_diagnostic(Code::F003, Span{a, 11, 14}, std::string(kHostileMessage),
                                     "write a percentage\nbelow 100%");
  range.notes.push_back({Span{b, 0, 4}, "first, \"drop\" here"});
  range.notes.push_back({std::nullopt, "no location: 50%"});
  f.diagnostics.push_back(range);

  Diagnostic repeated = make_diagnostic(Code::F005, Span{a, 29, 35}, "repeated 'délay'");
  repeated.severity = Severity::warning;
  f.diagnostics.push_back(repeated);

  // Spans two lines: "101%\nrate 5".
  Diagnostic multi = make_diagnostic(Code::F001, Span{b, 5, 16}, "see\r\nthis");
  multi.severity = Severity::note;
  f.diagnostics.push_back(multi);
  return f;
}

std::filesystem::path temp_file(std::string_view suffix) {
  return std::filesystem::temp_directory_path() / fmt::format("faultc-render-test-{}{}", ::getpid(), suffix);
}

void write_file(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

// Single-quoted for /bin/sh; the paths we pass never contain a quote, but a
// checkout directory may well contain a space.
std::string shell_quote(const std::string& text) { return "'" + text + "'"; }

int run(const std::string& command) {
  INFO(command);
  return std::system(command.c_str());
}

}  // namespace

TEST_CASE("json_string escapes quotes, backslashes and control characters", "[render][json]") {
  CHECK(json_string("") == R"("")");
  CHECK(json_string("plain text") == R"("plain text")");
  CHECK(json_string(R"(say "hi" \ bye)") == R"("say \"hi\" \\ bye")");
  CHECK(json_string("a\nb\rc\td\be\ff") == R"("a\u000ab\u000dc\u0009d\u0008e\u000cf")");
  CHECK(json_string(std::string_view("\0\x1f\x7f", 3)) == R"("\u0000\u001f\u007f")");
  CHECK(json_string("\x1b[1m") == R"("\u001b[1m")");
  CHECK(json_string("/ and ' stay") == R"("/ and ' stay")");
}

TEST_CASE("json_string keeps valid UTF-8 and replaces invalid bytes", "[render][json]") {
  CHECK(json_string("é € 𝄞 ünï") == "\"é € 𝄞 ünï\"");
  CHECK(json_string("\u2028") == "\"\u2028\"");
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(json_string("a\x80z") == "\"a" + fffd + "z\"");                              // lone continuation
  CHECK(json_string("a\xC3") == "\"a" + fffd + "\"");                                 // truncated at the end
  CHECK(json_string("\xC3(") == "\"" + fffd + "(\"");                                 // truncated mid-text
  CHECK(json_string("\xC0\xAF") == "\"" + fffd + fffd + "\"");                        // overlong '/'
  CHECK(json_string("\xE0\x80\xAF") == "\"" + fffd + fffd + fffd + "\"");             // overlong, 3 bytes
  CHECK(json_string("\xED\xA0\x80") == "\"" + fffd + fffd + fffd + "\"");             // surrogate U+D800
  CHECK(json_string("\xF4\x90\x80\x80") == "\"" + fffd + fffd + fffd + fffd + "\"");  // above U+10FFFF
  CHECK(json_string("\xFF") == "\"" + fffd + "\"");
}

TEST_CASE("render_json writes one document with every field in a fixed order", "[render][json]") {
  const Fixture f = fixture();
  const std::string expected =
      R"({"version":1,"diagnostics":[)"
      R"({"file":"examples/link,down:1 %x.fault","line":1,"column":12,"end_line":1,"end_column":15,)"
      R"("severity":"error","code":"F003",)"
      R"("message":"drop \"10%\" \\ back\\slash, a:b\u000a\u0001\u0009ünï",)"
      R"("notes":[{"message":"first, \"drop\" here","file":"/tmp/ünï cödé.fault","line":1,"column":1},)"
      R"({"message":"no location: 50%","file":null,"line":null,"column":null}],)"
      R"("help":"write a percentage\u000abelow 100%"},)"
      R"({"file":"examples/link,down:1 %x.fault","line":2,"column":7,"end_line":2,"end_column":12,)"
      R"("severity":"warning","code":"F005","message":"repeated 'délay'","notes":[],"help":null},)"
      R"({"file":"/tmp/ünï cödé.fault","line":1,"column":6,"end_line":2,"end_column":7,)"
      R"("severity":"note","code":"F001","message":"see\u000d\u000athis","notes":[],"help":null}],)"
      R"("summary":{"errors":1,"warnings":1}})"
      "\n";
  CHECK(render_json(f.diagnostics, f.sources) == expected);
}

TEST_CASE("render_json of no diagnostics is still a document", "[render][json]") {
  const SourceMap sources;
  CHECK(render_json({}, sources) == "{\"version\":1,\"diagnostics\":[],\"summary\":{\"errors\":0,\"warnings\":0}}\n");
}

TEST_CASE("render_json output parses and round-trips the hostile message", "[render][json]") {
  const Fixture f = fixture();
  const auto path = temp_file(".json");
  write_file(path, render_json(f.diagnostics, f.sources));
  CHECK(run(fmt::format("/usr/bin/python3 -m json.tool {} > /dev/null", shell_quote(path.string()))) == 0);
  // The decoded message must be the original bytes, not merely parseable.
  std::string hex;
  for (char c : kHostileMessage) hex += fmt::format("{:02x}", static_cast<unsigned char>(c));
  const std::string check =
      "import json,sys; d=json.load(open(sys.argv[1],encoding='utf-8'));"
      " sys.exit(0 if d['diagnostics'][0]['message'].encode('utf-8')==bytes.fromhex(sys.argv[2]) else 1)";
  CHECK(run(fmt::format("/usr/bin/python3 -c \"{}\" {} {}", check, shell_quote(path.string()), hex)) == 0);
  std::filesystem::remove(path);
}

TEST_CASE("sarif_uri percent-encodes everything but unreserved characters and slashes", "[render][sarif]") {
  CHECK(sarif_uri("examples/a-b_c.d~e.fault") == "examples/a-b_c.d~e.fault");
  CHECK(sarif_uri("./x/../y.fault") == "./x/../y.fault");
  CHECK(sarif_uri("a b%c#d?e:f,g.fault") == "a%20b%25c%23d%3Fe%3Af%2Cg.fault");
  CHECK(sarif_uri("dir\\win.fault") == "dir%5Cwin.fault");
  CHECK(sarif_uri("é.fault") == "%C3%A9.fault");
  CHECK(sarif_uri("/abs/path.fault") == "file:///abs/path.fault");
}

TEST_CASE("render_sarif lists used rules in registry order and one result per diagnostic", "[render][sarif]") {
  const Fixture f = fixture();
  const std::string expected =
      R"({"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{)"
      R"("name":"faultc","version":"0.1.0-test","informationUri":"https://github.com/faultc/faultc","rules":[)"
      R"({"id":"F001","name":"SyntaxError","shortDescription":{"text":"syntax error"},)"
      R"("fullDescription":{"text":"F001: syntax error."},)"
      R"("help":{"text":"See docs/lint.md#f001 for what F001 (syntax error) means and how to fix it."},)"
      R"("defaultConfiguration":{"level":"error"}},)"
      R"({"id":"F003","name":"NumberOutOfRange","shortDescription":{"text":"number out of range"},)"
      R"("fullDescription":{"text":"F003: number out of range."},)"
      R"("help":{"text":"See docs/lint.md#f003 for what F003 (number out of range) means and how to fix it."},)"
      R"("defaultConfiguration":{"level":"error"}},)"
      R"({"id":"F005","name":"RepeatedClause","shortDescription":{"text":"repeated clause"},)"
      R"("fullDescription":{"text":"F005: repeated clause."},)"
      R"("help":{"text":"See docs/lint.md#f005 for what F005 (repeated clause) means and how to fix it."},)"
      R"("defaultConfiguration":{"level":"error"}}]}},)"
      R"("columnKind":"unicodeCodePoints","results":[)"
      R"({"ruleId":"F003","ruleIndex":1,"level":"error",)"
      // A custom delimiter: the message itself contains `)"`.
      R"x("message":{"text":"drop \"10%\" \\ back\\slash, a:b\u000a\u0001\u0009ünï (help: write a percentage\u000abelow 100%)"},)x"
      R"("locations":[{"physicalLocation":{"artifactLocation":{"uri":"examples/link%2Cdown%3A1%20%25x.fault"},)"
      R"("region":{"startLine":1,"startColumn":12,"endLine":1,"endColumn":15}}}],)"
      R"("relatedLocations":[{"id":1,"physicalLocation":{)"
      R"("artifactLocation":{"uri":"file:///tmp/%C3%BCn%C3%AF%20c%C3%B6d%C3%A9.fault"},)"
      R"("region":{"startLine":1,"startColumn":1,"endLine":1,"endColumn":5}},)"
      R"("message":{"text":"first, \"drop\" here"}}]},)"
      R"({"ruleId":"F005","ruleIndex":2,"level":"warning","message":{"text":"repeated 'délay'"},)"
      R"("locations":[{"physicalLocation":{"artifactLocation":{"uri":"examples/link%2Cdown%3A1%20%25x.fault"},)"
      R"("region":{"startLine":2,"startColumn":7,"endLine":2,"endColumn":12}}}]},)"
      R"({"ruleId":"F001","ruleIndex":0,"level":"note","message":{"text":"see\u000d\u000athis"},)"
      R"("locations":[{"physicalLocation":{)"
      R"("artifactLocation":{"uri":"file:///tmp/%C3%BCn%C3%AF%20c%C3%B6d%C3%A9.fault"},)"
      R"("region":{"startLine":1,"startColumn":6,"endLine":2,"endColumn":7}}}]}]}]})"
      "\n";
  CHECK(render_sarif(f.diagnostics, f.sources, "0.1.0-test") == expected);
}

TEST_CASE("render_sarif of no diagnostics has no rules and no results", "[render][sarif]") {
  const SourceMap sources;
  CHECK(render_sarif({}, sources, "1.2.3") ==
        R"({"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{)"
        R"("name":"faultc","version":"1.2.3","informationUri":"https://github.com/faultc/faultc","rules":[]}},)"
        R"("columnKind":"unicodeCodePoints","results":[]}]})"
        "\n");
}

// Needs /usr/bin/python3 with jsonschema (Debian: python3-jsonschema); a
// missing module makes python exit non-zero, so the test fails rather than
// passing without having checked anything.
TEST_CASE("render_sarif output validates against the SARIF 2.1.0 schema", "[render][sarif]") {
  const std::string schema = FAULTC_SOURCE_DIR "/tests/data/sarif-schema-2.1.0.json";
  const std::string validate =
      "/usr/bin/python3 -c 'import json,jsonschema,sys; "
      "jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' {} {}";
  const auto path = temp_file(".sarif");

  const Fixture f = fixture();
  write_file(path, render_sarif(f.diagnostics, f.sources, "0.1.0-test"));
  REQUIRE(run(fmt::format(fmt::runtime(validate), shell_quote(path.string()), shell_quote(schema))) == 0);

  const SourceMap empty;
  write_file(path, render_sarif({}, empty, "0.1.0-test"));
  REQUIRE(run(fmt::format(fmt::runtime(validate), shell_quote(path.string()), shell_quote(schema))) == 0);

  // The validator must be able to say no, or the checks above prove nothing.
  write_file(path, R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"faultc"}},"results":[{"level":"bad"}]}]})");
  REQUIRE(run(fmt::format(fmt::runtime(validate + " 2> /dev/null"), shell_quote(path.string()), shell_quote(schema))) != 0);
  std::filesystem::remove(path);
}

TEST_CASE("github escaping matches the Actions toolkit", "[render][github]") {
  CHECK(github_escape_data("100% a:b, c\r\nd") == "100%25 a:b, c%0D%0Ad");
  CHECK(github_escape_property("100% a:b, c\r\nd") == "100%25 a%3Ab%2C c%0D%0Ad");
  CHECK(github_escape_data("%0A") == "%250A");  // already-escaped text is escaped again, not passed through
}

TEST_CASE("render_github writes one workflow command per diagnostic", "[render][github]") {
  const Fixture f = fixture();
  const std::string expected =
      "::error file=examples/link%2Cdown%3A1 %25x.fault,line=1,col=12,endLine=1,endColumn=15,title=F003::"
      "drop \"10%25\" \\ back\\slash, a:b%0A\x01\tünï%0Ahelp: write a percentage%0Abelow 100%25\n"
      "::warning file=examples/link%2Cdown%3A1 %25x.fault,line=2,col=7,endLine=2,endColumn=12,title=F005::"
      "repeated 'délay'\n"
      // Multi-line: GitHub rejects col/endColumn unless the span is on one line.
      "::notice file=/tmp/ünï cödé.fault,line=1,endLine=2,title=F001::see%0D%0Athis\n";
  CHECK(render_github(f.diagnostics, f.sources) == expected);
  const SourceMap empty;
  CHECK(render_github({}, empty).empty());
}
