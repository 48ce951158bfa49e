// The emitters and hostile text: scenario names, log prefixes, comments and
// address lists that must never change how an artifact parses (F031), on
// every target, through compile_front → lower → emit as `faultc compile`
// does (tests/unit/lowered.hpp).
#include "compiler/emit/emit.hpp"
#include <fmt/format.h>
#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <regex>
#include <string>
#include <vector>
#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/parse/input_limits.hpp"
#include "compiler/source/text_safety.hpp"
#include "tests/unit/lowered.hpp"

using namespace faultc;
using namespace faultc::test;

// ================================================================ hostile text

namespace {

// The scenario's name as printed in the artifact's header line, or nothing.
std::optional<std::string> printed_name(const std::string& artifact) {
  static const std::regex header(R"re(^# faultc [a-z0-9 -]+: scenario "(.*)"$)re");
  for (const std::string& line : lines_of(artifact)) {
    std::smatch m;
    if (std::regex_match(line, m, header)) return m[1].str();
  }
  return std::nullopt;
}

bool safe_printed(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7F && c != '"' && c != '$' && c != '`' && c != '\\' && c != '\'';
  });
}

// Every line of an nft file or a restore file is one the tool reads as meant.
bool line_starts_as_expected(const std::string& line, Target target) {
  if (line.empty() || line.starts_with('#')) return true;
  if (target == Target::nft) {
    return line.starts_with("table inet faultc_") || line.starts_with("delete table inet faultc_") ||
           line.starts_with('\t') || line == "}";
  }
  for (const char* start : {"*filter", "COMMIT", ":FAULTC-", "-A FAULTC-", "-I INPUT 1 ", "-I OUTPUT 1 ",
                            "-I FORWARD 1 ", "-D INPUT ", "-D OUTPUT ", "-D FORWARD ", "-F FAULTC-", "-X FAULTC-"}) {
    if (line.starts_with(start)) return true;
  }
  return false;
}

const std::vector<std::string>& hostile_names() {
  static const std::vector<std::string> names = {
      R"(say \"hi\" to \"root\")",                  // quotes, escaped in the .fault string
      "x$(reboot)y",                                // command substitution
      "x$(touch /tmp/pwned)y",                      //
      "a`id`b",                                     // backticks
      R"(line one\nline two\r\n)",                  // newline escapes: real newlines in the name
      "a; rm -rf /; b",                             // command separators
      "it's",                                       // a single quote
      R"(back\\slash)",                             // a backslash
      "caf\xC3\xA9 \xE2\x98\x83 \xF0\x9F\x94\xA5",  // non-ASCII
      R"(tab\there)",                               // an escaped tab
      "}\\n}\\ntable inet evil {",                  // nft structure
      "\\nCOMMIT\\n*filter",                        // restore structure
      "\\nEOF\\nreboot\\n",                         // the shell heredoc's delimiter
      std::string(kMaxStringLength, 'n'),           // over-long: the longest string the reader takes
  };
  return names;
}

constexpr const char* kHostileRules =
    "host victim = { 10.0.0.5, fd00::5 }\n"
    "from victim to port 1234 allow SYN, ACK; drop rest for 4m\n";

}  // namespace

TEST_CASE("hostile scenario names are sanitized in every artifact", "[emit][hostile]") {
  // The same rules under a plain name, with the name and id replaced by
  // placeholders: a hostile artifact must be this text exactly.
  const std::string benign_name = "Benign Name";
  auto benign = lower_ok(fmt::format("scenario \"{}\"\n{}", benign_name, kHostileRules), options_for(Target::nft));
  for (const std::string& written : hostile_names()) {
    const std::string source = fmt::format("scenario \"{}\"\n{}", written, kHostileRules);
    auto l = lower_ok(source, options_for(Target::iptables));
    const auto& r = l->r();
    INFO("scenario name as written: " << written.substr(0, 60));
    CHECK(valid_id(r.id));
    for (Target t : kTargets) {
      for (bool teardown : {false, true}) {
        emit::EmitOptions o;
        o.teardown = teardown;
        if (teardown && t == Target::iptables) continue;  // the script reverts itself
        const std::string artifact = emitted(r, t, o);
        const std::string plain = emitted(benign->r(), t, o);
        INFO(target_name(t) << (teardown ? " teardown" : "") << ":\n" << artifact.substr(0, 2000));
        const auto name = printed_name(artifact);
        REQUIRE(name.has_value());
        CHECK(safe_printed(*name));
        CHECK(name->size() <= 80);
        CHECK(name->find("$(") == std::string::npos);
        CHECK(name->find('`') == std::string::npos);
        CHECK(name->find('"') == std::string::npos);
        if (t != Target::iptables) {
          for (const std::string& line : lines_of(artifact)) {
            INFO("line: " << line);
            CHECK(line_starts_as_expected(line, t));
          }
        }
        // Byte for byte the benign artifact, but for the name and the id.
        const auto plain_name = printed_name(plain);
        REQUIRE(plain_name == benign_name);
        auto normalize = [](std::string text, const std::string& printed, const std::string& id) {
          text = replace_all(std::move(text), "scenario \"" + printed + "\"", "scenario \"NAME\"");
          text = replace_all(std::move(text), "scenario '" + printed + "'", "scenario 'NAME'");
          return replace_all(std::move(text), id, "ID");
        };
        CHECK(normalize(artifact, *name, r.id) == normalize(plain, *plain_name, benign->r().id));
      }
    }
  }
}

TEST_CASE("an over-long scenario name is cut with an ellipsis, or refused past the string limit",
          "[emit][hostile]") {
  {
    SourceMap sources;
    const FileId id =
        sources.add("main.fault", fmt::format("scenario \"{}\"\n{}", std::string(5000, 'n'), kHostileRules));
    const Compilation c = compile_front(sources, id);
    CHECK_FALSE(c.ok());
    CHECK(has_errors(c.diagnostics));
  }
  auto l = lower_ok(fmt::format("scenario \"{}\"\n{}", std::string(kMaxStringLength, 'n'), kHostileRules));
  const auto name = printed_name(emitted(l->r(), Target::nft));
  REQUIRE(name.has_value());
  CHECK(name->size() == 80);
  CHECK(name->ends_with("..."));
}

namespace {

// Analysis refuses these prefixes before any target sees them (F031,
// target_ranges_test.cpp); each emitter checks again, so that no path
// around analysis puts one in an artifact. The ruleset is changed after
// lowering to reach them.
ruleset::Ruleset with_log_prefix(const ruleset::Ruleset& r, const std::string& prefix) {
  ruleset::Ruleset out = r;
  for (ruleset::Chain& chain : out.chains) {
    for (ruleset::Line& line : chain.lines) {
      if (line.verdict.kind == ruleset::Verdict::Kind::log) line.verdict.log_prefix = prefix;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("unsafe log prefixes are refused with F031 on every target", "[emit][hostile][F031]") {
  auto l = lower_ok("inbound tcp log \"x\" new for 1m\n");
  for (const std::string& prefix : std::vector<std::string>{"say \"hi\"", "cost $HOME", "a$(reboot)", "a`id`",
                                                            "caf\xC3\xA9", "new\nline", "back\\slash", "it's",
                                                            "tab\t"}) {
    const ruleset::Ruleset r = with_log_prefix(l->r(), prefix);
    for (Target t : kTargets) {
      INFO("prefix " << prefix << ", target " << target_name(t));
      auto result = emit_for(r, t);
      CHECK_FALSE(result.ok());
      CHECK(count_code(result.diagnostics, Code::F031) == 1);
    }
  }
}

TEST_CASE("log prefixes with shell and nft punctuation but no quotes or `$` are carried as written",
          "[emit][hostile]") {
  const std::string prefix = "x;y #z {}|&<>()*?: ";
  auto l = lower_ok(fmt::format("inbound tcp log \"{}\" new for 1m\n", prefix));
  CHECK_THAT(emitted(l->r(), Target::nft), Catch::Contains(fmt::format("log prefix \"{}\" comment", prefix)));
  CHECK_THAT(emitted(l->r(), Target::iptables_restore), Catch::Contains(fmt::format("--log-prefix \"{}\"\n", prefix)));
  CHECK_THAT(emitted(l->r(), Target::iptables), Catch::Contains(fmt::format("--log-prefix \"{}\"\n", prefix)));
}

TEST_CASE("log prefix length at the emitters: 29 for iptables, 127 for nft", "[emit][F031]") {
  auto l = lower_ok("inbound tcp log \"x\" new for 1m\n");
  auto with_length = [&l](std::size_t n) {
    std::string prefix;
    for (std::size_t i = 0; i < n; ++i) prefix += static_cast<char>('a' + i % 26);
    return with_log_prefix(l->r(), prefix);
  };
  const ruleset::Ruleset p29 = with_length(29), p30 = with_length(30), p127 = with_length(127),
                         p128 = with_length(128);
  for (Target t : {Target::iptables, Target::iptables_restore, Target::ip6tables_restore}) {
    INFO(target_name(t));
    CHECK(emit_for(p29, t).ok());
    auto over = emit_for(p30, t);
    CHECK_FALSE(over.ok());
    REQUIRE(count_code(over.diagnostics, Code::F031) == 1);
    CHECK_THAT(over.diagnostics[0].message, Catch::Contains("30 characters"));
    CHECK_THAT(over.diagnostics[0].message, Catch::Contains("29"));
  }
  CHECK(emit_for(p30, Target::nft).ok());
  CHECK(emit_for(p127, Target::nft).ok());
  auto over = emit_for(p128, Target::nft);
  CHECK_FALSE(over.ok());
  CHECK(count_code(over.diagnostics, Code::F031) == 1);
}

TEST_CASE("one F031 per log action, at the prefix", "[emit][F031]") {
  // badflags is eleven alternatives, so eleven lines share the prefix.
  auto l = lower_ok("inbound tcp log \"x\" badflags for 1m\n");
  auto result = emit_for(with_log_prefix(l->r(), "a$b"), Target::nft);
  CHECK_FALSE(result.ok());
  CHECK(count_code(result.diagnostics, Code::F031) == 1);
  REQUIRE(!result.diagnostics.empty());
  CHECK(l->sources.file(0).locate(result.diagnostics[0].span.begin).column == 17);
}


// The emitters still check comments against their tool, for a ruleset made
// some other way.
TEST_CASE("the emitters refuse an unsafe or too long comment (F031)", "[emit][hostile][F031]") {
  auto l = lower_ok("to port 80 drop for 1m\n");
  ruleset::Ruleset unsafe = l->r();
  unsafe.comment_file = "x$(id).fault";
  ruleset::Ruleset long_name = l->r();
  long_name.comment_file = std::string(129 - 8, 'f') + ".fault";
  for (Target t : kTargets) {
    INFO(target_name(t));
    CHECK(count_code(emit_for(unsafe, t).diagnostics, Code::F031) == 1);
  }
  CHECK(count_code(emit_for(long_name, Target::nft).diagnostics, Code::F031) == 1);
  CHECK(emit_for(long_name, Target::iptables_restore).ok());
}

TEST_CASE("iptables address lists stay under iptables-restore's 1023-character parameter", "[emit]") {
  // iptables-restore refuses any one parameter over 1023 characters
  // ("Parameter too long!"), so a long `-s a,b,c` list must be split over
  // several lines, as multiport lists are.
  std::string hosts;
  for (int i = 0; i < 200; ++i)
    hosts += fmt::format("{}10.0.{}.{}", i == 0 ? "" : ", ", (2 * i + 1) / 256, (2 * i + 1) % 256);
  auto l = lower_ok(fmt::format("host many = {{ {} }}\nfrom many to port 80 drop for 1m\n", hosts));
  const std::string ip4 = emitted(l->r(), Target::iptables_restore);
  std::size_t addresses = 0;
  for (const std::string& line : lines_of(ip4)) {
    const std::size_t at = line.find(" -s ");
    if (at == std::string::npos) continue;
    const std::size_t end = line.find(' ', at + 4);
    const std::string list = line.substr(at + 4, end - at - 4);
    addresses += static_cast<std::size_t>(std::count(list.begin(), list.end(), ',')) + 1;
    CHECK(list.size() <= 1023);
  }
  CHECK(addresses == 200);
}
