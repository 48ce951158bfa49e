// Syntax errors: one table row per malformed .fault file, with where its
// FIRST diagnostic must point (1-based line and column, columns counted in
// code points), its code, the gist of its message and, where a misspelling
// is involved, the "did you mean" hint. Every expected position was worked
// out from the grammar (grammar/grammar.hpp) by hand, not copied from the
// program's output. Rows with line 0 are positive controls: they must parse
// with no diagnostic at all.
#include <catch2/catch.hpp>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/parse/parse.hpp"

using namespace faultc;

namespace {

struct Row {
  std::string_view text;
  std::uint32_t line;  // 0: positive control, no diagnostic expected
  std::uint32_t column;
  Code code;
  const char* message;    // a substring of the first diagnostic's message
  const char* help;     // a substring of its help, or nullptr for "not checked"
};

// clang-format off
const Row kRows[] = {
    // keywords at statement start (help expected)
    {"scenario \"t\"\nhots db = 10.0.0.1\n", 2, 1, Code::F001, "expected a statement", "host"},
    {"  scenaro \"x\"\n", 1, 3, Code::F001, "expected a statement", "scenario"},
    {"host db = 10.0.0.1\n  fro 1h\n", 2, 3, Code::F001, "expected a statement", "for"},
    {"scenario \"t\"\nform 10.0.0.1 drop for 1m\n", 2, 1, Code::F001, "expected a statement", "from"},
    {"scenario \"t\"\n  frm 10.0.0.1 drop for 1m\n", 2, 3, Code::F001, "expected a statement", "from"},
    {"scenario \"t\"\n\texpcet tcp to port 80 is dropped\n", 2, 2, Code::F001, "expected a statement", "expect"},
    {"scenario \"t\"\ninclde \"common.fault\"\n", 2, 1, Code::F001, "expected a statement", "include"},
    {"scenario \"t\"\nprority 10\n", 2, 1, Code::F001, "expected a statement", "priority"},
    {"scenario \"t\"\noutbund to port 80 drop for 1m\n", 2, 1, Code::F001, "expected a statement", "outbound"},
    // keywords inside rules
    {"scenario \"t\"\nfrom 10.0.0.1 to port 80 dorp for 1m\n", 2, 26, Code::F001, "expected an action", "drop"},
    {"scenario \"t\"\nfrom 10.0.0.1 too port 80 drop for 1m\n", 2, 15, Code::F001, "expected an action", "`to`"},
    {"scenario \"t\"\nfrom 10.0.0.1 Drop for 1m\n", 2, 15, Code::F001, "expected an action", "drop"},
    {"scenario \"t\"\ninbound tpc from 10.0.0.1 drop for 1m\n", 2, 9, Code::F001, "expected an action", "tcp"},
    {"from 10.0.0.1 {\n  allow SYN\n  dorp rest\n} for 4m\n", 3, 3, Code::F001, "expected an action", "drop"},
    {"from 10.0.0.1 drop fro 1m\n", 1, 20, Code::F001, "end of the statement", "for"},
    {"from 10.0.0.1 drop for 10s evry 1m\n", 1, 28, Code::F001, "end of the statement", "every"},
    {"from 10.0.0.1 drop aftr 1m for 2m\n", 1, 20, Code::F001, "end of the statement", "after"},
    {"to port 80 reject wiht tcp-reset for 1m\n", 1, 19, Code::F001, "end of the statement", "with"},
    {"to port 80 limit 1mbyte/s brust 64kbyte for 1m\n", 1, 27, Code::F001, "end of the statement", "burst"},
    {"between 10.0.0.1 adn 10.0.0.2 drop for 1m\n", 1, 18, Code::F001, "`and`", "and"},
    {"scenario \"t\"\nfor evr\n", 2, 5, Code::F001, "`ever`", "ever"},
    // durations
    {"scenario \"t\"\nfor 4\n", 2, 6, Code::F001, "needs a unit", nullptr},
    {"from 10.0.0.1 drop for 4x\n", 1, 25, Code::F001, "needs a unit", nullptr},
    {"from 10.0.0.1 drop for 5min\n", 1, 25, Code::F001, "needs a unit", nullptr},
    {"scenario \"t\"\nfor 1h30\n", 2, 9, Code::F001, "needs a unit", nullptr},
    {"from 10.0.0.1 drop for\n", 1, 23, Code::F001, "duration like 30s or 4m after `for`", nullptr},
    {"from 10.0.0.1 drop for 10s every\n", 1, 33, Code::F001, "after `every`", nullptr},
    {"from 10.0.0.1 drop after soon for 1m\n", 1, 26, Code::F001, "after `after`", nullptr},
    {"scenario \"t\"\nfor\n", 2, 4, Code::F001, "or `ever`", nullptr},
    {"for 1h\nexpect tcp to port 80 is dropped at 5\n", 2, 38, Code::F001, "needs a unit", nullptr},
    {"for 99999999999999999999d\n", 1, 5, Code::F003, "too long", nullptr},
    // IPv4
    {"host db = 10.0.0.256\n", 1, 18, Code::F002, "IPv4 octet", nullptr},
    {"scenario \"t\"\nfrom 10.300.0.1 drop for 1m\n", 2, 9, Code::F002, "IPv4 octet", nullptr},
    {"from 10.0.01.1 drop for 1m\n", 1, 11, Code::F002, "without leading zeros", nullptr},
    {"to 256.1.1.1 drop for 1m\n", 1, 4, Code::F002, "IPv4 octet", nullptr},
    {"to 10.0.0.1000 drop for 1m\n", 1, 11, Code::F002, "IPv4 octet", nullptr},
    {"from 10.0.0 drop for 1m\n", 1, 12, Code::F002, "four octets", nullptr},
    {"from 10..0.1 drop for 1m\n", 1, 9, Code::F002, "IPv4 octet", nullptr},
    {"to 10.0.0.5.6 drop for 1m\n", 1, 12, Code::F002, "after the IPv4 address", nullptr},
    {"from 10.0.0.1x drop for 1m\n", 1, 14, Code::F002, "after the IPv4 address", nullptr},
    {"host db = {\n  10.0.0.1,\n  10.0.0.300\n}\n", 3, 10, Code::F002, "IPv4 octet", nullptr},
    // IPv6
    {"from fd00:::1 drop for 1m\n", 1, 6, Code::F002, "malformed IPv6", nullptr},
    {"host db = fd00::1::2\n", 1, 11, Code::F002, "malformed IPv6", nullptr},
    {"to 1:2:3:4:5:6:7:8:9 drop for 1m\n", 1, 4, Code::F002, "malformed IPv6", nullptr},
    {"from fd00:12345::1 drop for 1m\n", 1, 6, Code::F002, "malformed IPv6", nullptr},
    {"from fd00::g1 drop for 1m\n", 1, 6, Code::F002, "malformed IPv6", nullptr},
    {"host db = ::ffff:10.0.0.256\n", 1, 11, Code::F002, "malformed IPv6", nullptr},
    {"host db = ::ffff:10.0.0\n", 1, 11, Code::F002, "malformed IPv6", nullptr},
    // prefixes
    {"from 10.0.0.0/33 drop for 1m\n", 1, 15, Code::F002, "longer than an IPv4 address", nullptr},
    {"host net = fd00::/129\n", 1, 19, Code::F002, "longer than an IPv6 address", nullptr},
    {"from 10.0.0.0/ drop for 1m\n", 1, 15, Code::F002, "prefix length", nullptr},
    // ports
    {"to port 0 drop for 1m\n", 1, 9, Code::F003, "out of range", nullptr},
    {"from 10.0.0.1 port 65536 drop for 1m\n", 1, 20, Code::F003, "out of range", nullptr},
    {"from 10.0.0.1 port 0-80 drop for 1m\n", 1, 20, Code::F003, "out of range", nullptr},
    {"to port 9000-8000 drop for 1m\n", 1, 9, Code::F003, "is empty", "8000-9000"},
    {"to port 123456789012345678901234567890 drop for 1m\n", 1, 9, Code::F003, "out of range", nullptr},
    {"for 1h\nexpect tcp to port 0 is dropped\n", 2, 20, Code::F003, "out of range", nullptr},
    {"port web = { 80, }\n", 1, 18, Code::F001, "in the set", nullptr},
    {"port web = ;\n", 1, 12, Code::F001, "after `=`", nullptr},
    {"to port 80- drop for 1m\n", 1, 12, Code::F001, "end of the port range", nullptr},
    {"to port 80x drop for 1m\n", 1, 9, Code::F001, "expected a port", nullptr},
    {"host db = { 10.0.0.1, }\n", 1, 23, Code::F001, "in the set", nullptr},
    {"host db = { 10.0.0.1 10.0.0.2 }\n", 1, 22, Code::F001, "expected `,` or `}`", nullptr},
    {"from { 10.0.0.1, 10.0.0.2 drop for 1m\n", 1, 27, Code::F001, "expected `,` or `}`", nullptr},
    // strings
    {"scenario \"half-open\n", 1, 20, Code::F004, "unterminated string", nullptr},
    {"from 10.0.0.1 log \"BAD: \\q\" for 1m\n", 1, 26, Code::F004, "unknown escape", nullptr},
    {"scenario half-open\n", 1, 10, Code::F001, "quoted string", nullptr},
    {"include other.fault\n", 1, 9, Code::F001, "quoted string", nullptr},
    {"scenario \"t\"\ninclude\n", 2, 8, Code::F001, "quoted string", nullptr},
    // braces
    {"from 10.0.0.1 {\n    drop", 2, 9, Code::F001, "`}`", nullptr},
    {"from 10.0.0.1 {\n    drop\n", 2, 9, Code::F001, "`}`", nullptr},
    {"from 10.0.0.1 {\n    drop\n\nfor 1h\n", 4, 1, Code::F001, "`}`", nullptr},
    {"from 10.0.0.1 drop }\n", 1, 20, Code::F001, "end of the statement", nullptr},
    {"for 1h\n  }\n", 2, 3, Code::F001, "expected a statement", nullptr},
    {"from 10.0.0.1 { } for 1m\n", 1, 17, Code::F001, "cannot be empty", nullptr},
    {"for 1h\nfrom 10.0.0.1 {\n}\n", 3, 1, Code::F001, "cannot be empty", nullptr},
    {"from 10.0.0.1 { drop allow } for 1m\n", 1, 22, Code::F001, "is a `}` missing", nullptr},
    {"host db = { 10.0.0.1, { 10.0.0.2 }\n", 1, 35, Code::F001, "expected `,` or `}`", nullptr},
    // semicolons
    {"from 10.0.0.1 drop;; allow\n", 1, 20, Code::F001, "after `;`", nullptr},
    {"for 1h\n;from 10.0.0.1 drop\n", 2, 1, Code::F001, "expected a statement", nullptr},
    {"from 10.0.0.1 drop;\n", 1, 20, Code::F001, "after `;`", nullptr},
    {"from 10.0.0.1 { ; drop } for 1m\n", 1, 17, Code::F001, "in the block", nullptr},
    {"from 10.0.0.1 { drop;; allow } for 1m\n", 1, 22, Code::F001, "expected an action", nullptr},
    // trailing garbage
    {"host db = 10.0.0.1 extra\n", 1, 20, Code::F001, "end of the statement", nullptr},
    {"scenario \"x\" \"y\"\n", 1, 14, Code::F001, "end of the statement", nullptr},
    {"priority 10 20\n", 1, 13, Code::F001, "end of the statement", nullptr},
    {"from 10.0.0.1 drop ➜\n", 1, 20, Code::F001, "end of the statement", nullptr},
    {"from 10.0.0.1 drop \x01" "\n", 1, 20, Code::F001, "control character 0x01", nullptr},
    // actions
    {"scenario \"t\"\nfrom 10.0.0.1 for 4m\n", 2, 15, Code::F001, "expected an action", nullptr},
    {"to port 80 drop 150%\n", 1, 17, Code::F003, "more than 100%", nullptr},
    {"to port 80 drop 0.12345%\n", 1, 17, Code::F003, "decimal places", nullptr},
    {"to port 80 reject with tcp-rst for 1m\n", 1, 24, Code::F001, "reject kind", "tcp-reset"},
    {"to port 80 limit for 1m\n", 1, 18, Code::F001, "rate like 100/s", nullptr},
    {"to port 80 limit 100/sec for 1m\n", 1, 22, Code::F001, "rate's period", nullptr},
    {"to port 80 limit 0/s for 1m\n", 1, 18, Code::F003, "zero", nullptr},
    {"to port 80 limit 1mbyte/s burst\n", 1, 32, Code::F001, "burst size", nullptr},
    {"inbound tcp drop flags SYN fo SYN,ACK for 1m\n", 1, 28, Code::F001, "`of`", "`of`"},
    {"inbound tcp drop flags SYN SYN,ACK for 1m\n", 1, 28, Code::F001, "`of`", nullptr},
    {"inbound tcp drop flags FOO of SYN for 1m\n", 1, 24, Code::F001, "after `flags`", nullptr},
    {"to port 80 allow SYN+AKC; drop for 1m\n", 1, 22, Code::F001, "after `+`", "ACK"},
    {"to port 80 allow SYN, rset for 1m\n", 1, 23, Code::F001, "after `,`", "rest"},
    // selectors and names
    {"host from = 10.0.0.1\n", 1, 6, Code::F001, "keyword cannot be used as a name", nullptr},
    {"scenario \"t\"\nport tcp = 80\n", 2, 6, Code::F001, "keyword cannot be used as a name", nullptr},
    {"from db.example.com drop for 1m\n", 1, 6, Code::F002, "DNS names are not supported", nullptr},
    {"for 1h\nexpect tcp from db.example.com is dropped\n", 2, 17, Code::F002, "DNS names are not supported", nullptr},
    {"from 10.0.0.1 from 10.0.0.2 drop for 1m\n", 1, 15, Code::F005, "`from` appears twice", nullptr},
    {"to port 80 to port 443 drop for 1m\n", 1, 12, Code::F005, "`to` appears twice", nullptr},
    {"from 10.0.0.1 drop for 1m for 2m\n", 1, 27, Code::F005, "`for` appears twice", nullptr},
    {"from 10.0.0.1 drop for 10s every 1m every 2m\n", 1, 37, Code::F005, "`every` appears twice", nullptr},
    {"for 1h\nexpect tcp from 10.0.0.1 from 10.0.0.2 is dropped\n", 2, 26, Code::F005, "`from` appears twice", nullptr},
    {"inbound on @eth0 drop for 1m\n", 1, 12, Code::F001, "interface name", nullptr},
    {"to drop for 1m\n", 1, 4, Code::F001, "after `to`", nullptr},
    {"between 10.0.0.1 and\n", 1, 21, Code::F001, "after `and`", nullptr},
    {"for 1h\nexpect tcp from 10.0.0.5 dropped\n", 2, 26, Code::F001, "or `is`", nullptr},
    {"for 1h\nexpect tcp to port 80 is droped\n", 2, 26, Code::F001, "`allowed`, `dropped` or `rejected`", "dropped"},
    {"host db 10.0.0.1\n", 1, 9, Code::F001, "expected `=`", nullptr},
    {"port web 80\n", 1, 10, Code::F001, "expected `=`", nullptr},
    {"priority 2147483648\n", 1, 10, Code::F003, "out of range", nullptr},
    {"priority -2147483649\n", 1, 10, Code::F003, "out of range", nullptr},
    {"priority high\n", 1, 10, Code::F001, "integer", nullptr},
    // nesting
    {"host h = {{{{{{{{{10.0.0.1}}}}}}}}}\n", 0, 0, Code::F001, nullptr, nullptr},
    {"host h = {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{10.0.0.1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}\n", 0, 0, Code::F001, nullptr, nullptr},
    {"host h = {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{10.0.0.1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}\n", 1, 74, Code::F006, "nested", nullptr},
    {"host h = {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{10.0.0.1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}\n", 1, 74, Code::F006, "nested", nullptr},
    {"for 1h\nport p = {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{80}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}\n", 2, 74, Code::F006, "nested", nullptr},
    // encodings and columns
    {"scenario \"x\"\r\nfrom 10.0.0.1 dorp for 1m\r\n", 2, 15, Code::F001, "expected an action", "drop"},
    {"for 1h\r\nfrom 10.0.0.1 drop for\r\n", 2, 23, Code::F001, "found end of line", nullptr},
    {"from 10.0.0.1 {\r\n  drop\r\n  dorp\r\n} for 1m\r\n", 3, 3, Code::F001, "expected an action", "drop"},
    {"scenario \"x\"\r\nfor 1h\r\nfrom 10.0.0.1 drop fro 1m\r\n", 3, 20, Code::F001, "end of the statement", "for"},
    {"\xEF\xBB\xBF" "from 10.0.0.1 dorp for 1m\n", 1, 15, Code::F001, "expected an action", "drop"},
    {"\xEF\xBB\xBF" "hots db = 10.0.0.1\n", 1, 1, Code::F001, "expected a statement", "host"},
    {"\xEF\xBB\xBF" "scenario \"x\"\r\nto port 70000 drop for 1m\r\n", 2, 9, Code::F003, "out of range", nullptr},
    {"\tfrom 10.0.0.1 dorp for 1m\n", 1, 16, Code::F001, "expected an action", "drop"},
    {"from\t10.0.0.1\t\tdorp for 1m\n", 1, 16, Code::F001, "expected an action", "drop"},
    {"from 10.0.0.1 drop for # durée\n", 1, 31, Code::F001, "after `for`", nullptr},
    {"# ünïcödé\nfrom 10.0.0.1 drop for   # 時間 ⏱\n", 2, 32, Code::F001, "after `for`", nullptr},
    {"from 10.0.0.1 log \"café ☕\" dorp for 1m\n", 1, 28, Code::F001, "end of the statement", nullptr},
    {"from 10.0.0.1 {  # ça coupe\n  drop; dorp\n} for 1m\n", 2, 9, Code::F001, "expected an action", "drop"},
    // issue 20 n: a forgotten `%`, a lone CR, the second `not`
    {"from 10.0.0.1 drop 30 for 1m\n", 1, 20, Code::F001, "end of the statement (a new line or a `#` comment), found `30`", "`30%`?"},
    {"from 10.0.0.1 drop 12.5\n", 1, 20, Code::F001, "end of the statement", "`12.5%`"},
    {"from 10.0.0.1 drop for 1m\rfrom 10.0.0.2 drop for 1m\n", 1, 26, Code::F001, "found a carriage return (\\r) without a line feed", nullptr},
    {"from not not 10.0.0.1 drop for 1m\n", 1, 10, Code::F001, "after `not`, found `not`", nullptr},
    {"between not { not 10.0.0.1 } and 10.0.0.2 drop for 1m\n", 1, 15, Code::F001, "found `not`", nullptr},
    // hidden text: F008 at the character, invisible code points named
    {"from 10.0.0.1 drop for 1m  # ok\rfrom 0.0.0.0/0 drop for 1m\n", 1, 32, Code::F008, "carriage return without a line feed in a comment", nullptr},
    {"scenario \"a\x1b[2Jb\"\nfrom 10.0.0.1 drop for 1m\n", 1, 12, Code::F008, "control character \\x1b in a string", nullptr},
    {"# \xE2\x80\xAE reversed\nfrom 10.0.0.1 drop for 1m\n", 1, 3, Code::F008, "bidi control <U+202E>", nullptr},
    {"from 10.0.0.1 drop for 1m \xE2\x81\xA6\n", 1, 27, Code::F008, "bidi control <U+2066>", nullptr},
    {"# \xC2\x9B C1 CSI\nfrom 10.0.0.1 drop for 1m\n", 1, 3, Code::F008, "control character <U+009B> in a comment", nullptr},
    {"from\xC2\xA0" "10.0.0.1 drop for 1m\n", 1, 5, Code::F001, "found `\xC2\xA0`", nullptr},
    // positive controls
    {"from 10.0.0.1 drop for 1m\t# a\ttab and \xC2\xA0 in a comment\n", 0, 0, Code::F001, nullptr, nullptr},
    {"scenario \"ok\"\r\nhost victim = 10.0.0.5\r\nfrom victim to port 1234 allow SYN, ACK; drop rest for 4m\r\nfor 1h\r\n", 0, 0, Code::F001, nullptr, nullptr},
    {"\xEF\xBB\xBF" "# half-open\nfrom 10.0.0.5 to port 1234 {\n    allow SYN, ACK\n    drop rest\n} for 4m\nfor ever\n", 0, 0, Code::F001, nullptr, nullptr},
};
// clang-format on

constexpr std::size_t kRowCount = std::size(kRows);

struct Parsed {
  SourceMap sources;
  FileId id = 0;
  Result<ast::File> result;
};

Parsed parse(std::string_view text) {
  Parsed p;
  p.id = p.sources.add("t.fault", std::string(text));
  p.result = parse_file(p.sources, p.id);
  return p;
}

// The input with control characters made visible, for failure messages.
std::string printable(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (static_cast<unsigned char>(c) < 0x20) out += "\\x" + std::to_string(static_cast<int>(c));
    else out += c;
  }
  return out;
}

}  // namespace

TEST_CASE("syntax errors: the table has enough rows", "[parse][syntax]") {
  CHECK(kRowCount >= 70);
}

TEST_CASE("syntax errors: first diagnostic position, code and message", "[parse][syntax]") {
  const std::size_t i = GENERATE(range(std::size_t{0}, kRowCount));
  const Row& row = kRows[i];
  INFO("row " << i << ": " << printable(row.text));
  const Parsed p = parse(row.text);
  REQUIRE(p.result.value.has_value());  // the parser always returns the statements it could read
  const Diagnostics& ds = p.result.diagnostics;
  INFO("diagnostics:\n" << render_text(ds, p.sources, TextStyle{false}));

  if (row.line == 0) {
    REQUIRE(ds.empty());
    return;
  }
  REQUIRE_FALSE(ds.empty());
  const Diagnostic& d = ds.front();
  const LineColumn at = p.sources.file(p.id).locate(d.span.begin);
  REQUIRE(at.line == row.line);
  REQUIRE(at.column == row.column);
  REQUIRE(code_name(d.code) == code_name(row.code));
  REQUIRE(d.severity == Severity::error);
  REQUIRE_THAT(d.message, Catch::Matchers::Contains(row.message));
  if (row.help != nullptr) {
    REQUIRE_THAT(d.help, Catch::Matchers::Contains("did you mean") && Catch::Matchers::Contains(row.help));
  }
}

TEST_CASE("syntax errors: no diagnostic points outside its file", "[parse][syntax]") {
  for (std::size_t i = 0; i < kRowCount; ++i) {
    const Row& row = kRows[i];
    INFO("row " << i << ": " << printable(row.text));
    const Parsed p = parse(row.text);
    const SourceFile& file = p.sources.file(p.id);
    for (const Diagnostic& d : p.result.diagnostics) {
      INFO(render_text(d, p.sources, TextStyle{false}));
      CHECK(d.span.file == p.id);
      CHECK(d.span.begin <= d.span.end);
      CHECK(d.span.end <= file.text().size());
      const LineColumn at = file.locate(d.span.begin);
      CHECK(at.line >= 1);
      CHECK(at.line <= file.line_count());
      CHECK(at.column >= 1);
      // The column lies on the line: at most one past its last code point.
      std::uint32_t code_points = 0;
      for (char c : file.line_text(at.line)) code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      CHECK(at.column <= code_points + 1);
    }
  }
}

TEST_CASE("syntax errors: the parser resynchronises and reports every bad statement", "[parse][syntax]") {
  const std::string_view text =
      "scenario \"resync\"\n"           // 1 good
      "hots db = 10.0.0.1\n"            // 2 bad: misspelled keyword
      "from 10.0.0.1 {    # a { in a comment does not count\n"  // 3 a block that breaks...
      "    drop SYN\n"                  // 4
      "    dorp rest\n"                 // 5 bad: ...here
      "    log \"}\"\n"                 // 6 a } in a string does not count either
      "    allow ACK\n"                 // 7
      "} for 4m\n"                      // 8 the rest of the block is skipped whole
      "to port 80 drop for 1m\n"        // 9 good
      "from 10.0.0.300 drop for 1m\n"   // 10 bad: octet
      "\n"                              // 11
      "for 4\n"                         // 12 bad: no unit
      "expect tcp to port 80 is droped\n"  // 13 bad: verdict
      "for 1h\n";                       // 14 good
  const Parsed p = parse(text);
  const Diagnostics& ds = p.result.diagnostics;
  INFO(render_text(ds, p.sources, TextStyle{false}));
  REQUIRE(ds.size() == 5);
  const SourceFile& file = p.sources.file(p.id);
  const std::uint32_t lines[] = {2, 5, 10, 12, 13};
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(file.locate(ds[i].span.begin).line == lines[i]);
    CHECK(ds[i].severity == Severity::error);
  }
  CHECK_THAT(ds[1].message, Catch::Matchers::Contains("expected an action"));
  // The good statements around the broken ones were all read.
  REQUIRE(p.result.value.has_value());
  CHECK(p.result.value->statements.size() == 3);
}

TEST_CASE("syntax errors: a syntax error renders exactly", "[parse][syntax][render]") {
  const Parsed p = parse("scenario \"x\"\nfrom 10.0.0.1 to port 80 dorp for 1m\n");
  REQUIRE(p.result.diagnostics.size() == 1);
  CHECK(render_text(p.result.diagnostics, p.sources, TextStyle{false}) ==
        "t.fault:2:26: error[F001]: expected an action (allow, drop, reject, limit, log, half-open, blackhole) "
        "or a `{` block of actions, found `dorp`\n"
        " 2 | from 10.0.0.1 to port 80 dorp for 1m\n"
        "   |                          ^^^^\n"
        "  help: did you mean `drop`?\n");
}

TEST_CASE("syntax errors: a lone CR is named, with a hint", "[parse][syntax]") {
  const Parsed p = parse("from 10.0.0.1 drop for 1m\rfrom 10.0.0.2 drop for 1m\n");
  REQUIRE(p.result.diagnostics.size() == 1);
  CHECK(p.result.diagnostics[0].help == "a lone CR does not end a line; save the file with LF or CRLF line endings");
}

TEST_CASE("syntax errors: control and invisible characters render escaped, the caret under them",
          "[parse][syntax][render]") {
  const Parsed nbsp = parse("from\xC2\xA0" "10.0.0.1 drop for 1m\n");
  CHECK(render_text(nbsp.result.diagnostics, nbsp.sources, TextStyle{false}) ==
        "t.fault:1:5: error[F001]: expected an address, a host name, a `{ set }` or `port` after `from`, found `<U+00A0>`\n"
        " 1 | from<U+00A0>10.0.0.1 drop for 1m\n"
        "   |     ^^^^^^^^\n");
  const Parsed esc = parse("from 10.0.0.1 drop for 1m # \x1b]8;;http://x\x07y\n");
  CHECK(render_text(esc.result.diagnostics, esc.sources, TextStyle{false}) ==
        "t.fault:1:29: error[F008]: control character \\x1b in a comment; it can change or hide the text on screen\n"
        " 1 | from 10.0.0.1 drop for 1m # \\x1b]8;;http://x\\x07y\n"
        "   |                             ^^^^\n"
        "  help: remove it; a comment is printable text\n");
}

TEST_CASE("syntax errors: the caret keeps tabs and counts code points", "[parse][syntax][render]") {
  const Parsed p = parse("for 1h\n\tfrom 10.0.0.1 log \"é\" dorp\n");
  REQUIRE(p.result.diagnostics.size() == 1);
  CHECK(render_text(p.result.diagnostics, p.sources, TextStyle{false}) ==
        "t.fault:2:24: error[F001]: expected the end of the statement (a new line or a `#` comment), found `dorp`\n"
        " 2 | \tfrom 10.0.0.1 log \"é\" dorp\n"
        "   | \t                      ^^^^\n");
}
