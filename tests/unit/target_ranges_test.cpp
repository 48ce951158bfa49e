// What `check` accepts, every target expresses (issue 20 a-d, m): analysis
// refuses what some target cannot carry (F031, F034, F035) at the span to
// change, with the real limit in the message, and what it accepts compiles
// for every target into text the tools take. tests/kernel/
// target_ranges_test.sh loads the same edge values into the real tools.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "compiler/analyze/target_ranges.hpp"
#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/emit/emit.hpp"
#include "compiler/lower/lower.hpp"

using namespace faultc;

namespace {

struct Checked {
  SourceMap sources;
  Compilation c;
  std::string text() const { return render_text(c.diagnostics, sources); }
  LineColumn at(const Span& span) const { return sources.file(span.file).locate(span.begin); }
};

std::unique_ptr<Checked> check(std::string_view text) {
  auto out = std::make_unique<Checked>();
  const FileId id = out->sources.add("main.fault", std::string(text));
  out->c = compile_front(out->sources, id);
  return out;
}

// `text` is refused with one `code`, at line:column, whose message says `gist`.
void refused(std::string_view text, Code code, std::uint32_t line, std::uint32_t column, std::string_view gist) {
  auto r = check(text);
  INFO(text << "\n" << r->text());
  CHECK_FALSE(r->c.ok());
  std::size_t count = 0;
  for (const Diagnostic& d : r->c.diagnostics) {
    if (d.code != code) continue;
    if (++count > 1) continue;
    CHECK(r->at(d.span).line == line);
    CHECK(r->at(d.span).column == column);
    CHECK_THAT(d.message, Catch::Contains(std::string(gist)));
  }
  CHECK(count == 1);
}

constexpr emit::Target kTargets[] = {emit::Target::nft, emit::Target::iptables, emit::Target::iptables_restore,
                                     emit::Target::ip6tables_restore};

// `text` passes check, and every target compiles it; the nft artifact and
// the iptables-restore one, as printed.
struct Artifacts {
  std::string nft, restore;
};
Artifacts accepted(std::string_view text) {
  auto r = check(text);
  INFO(text << "\n" << r->text());
  REQUIRE(r->c.ok());
  Artifacts out;
  for (emit::Target target : kTargets) {
    LowerOptions options;
    options.follows_timeline = true;
    auto lowered = lower(*r->c.scenario, r->sources, options);
    REQUIRE(lowered.ok());
    emit::EmitOptions emit_options;
    emit_options.start_unix = 1'800'000'000;
    auto artifact = emit::emit(*lowered.value, target, emit_options);
    INFO("target " << static_cast<int>(target) << "\n" << render_text(artifact.diagnostics, r->sources));
    REQUIRE(artifact.ok());
    if (target == emit::Target::nft) out.nft = *artifact.value;
    if (target == emit::Target::iptables_restore) out.restore = *artifact.value;
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------- a

TEST_CASE("drop 100% is a plain drop on every target; the other edges keep their chance", "[targets][probability]") {
  const Artifacts full = accepted("to port 80 drop 100% for 1m\n");
  CHECK_THAT(full.nft, !Catch::Contains("numgen"));
  CHECK_THAT(full.restore, !Catch::Contains("statistic"));
  // nft's `numgen random mod 1000000` gives 0 to 999999.
  CHECK_THAT(accepted("to port 80 drop 99.9999% for 1m\n").nft, Catch::Contains("numgen random mod 1000000 < 999999 "));
  CHECK_THAT(accepted("to port 80 drop 0.0001% for 1m\n").nft, Catch::Contains("numgen random mod 1000000 < 1 "));
  CHECK_THAT(accepted("to port 80 drop 0.0001% for 1m\n").restore, Catch::Contains("--probability 0.000001 "));
  CHECK_THAT(accepted("to port 80 drop 0% for 1m\n").nft, Catch::Contains("numgen random mod 1000000 < 0 "));
}

// ---------------------------------------------------------------- b

TEST_CASE("source and destination port lists are two multiport matches", "[targets][multiport]") {
  const Artifacts a = accepted("udp from 10.0.0.1 port 1024-65535 to port { 8125, 9000-9100 } drop for 1m\n");
  CHECK_THAT(a.restore, Catch::Contains("-m multiport --sports 1024:65535 -m multiport --dports 8125,9000:9100 "));
  // More than 15 ports on both sides: every chunk of one side with every
  // chunk of the other, each line with its own two matches.
  std::string sources, destinations;
  for (int i = 0; i < 16; ++i) {
    sources += fmt::format("{}{}", i ? ", " : "", 2 * i + 1);
    destinations += fmt::format("{}{}", i ? ", " : "", 2 * i + 2);
  }
  const Artifacts long_lists =
      accepted(fmt::format("udp from 10.0.0.0/8 port {{ {} }} to port {{ {} }} drop for 1m\n", sources, destinations));
  // 15 + 1 ports on each side: four lines, the last of single ports.
  std::size_t lines = 0;
  for (std::size_t at = long_lists.restore.find("-A FAULTC"); at != std::string::npos;
       at = long_lists.restore.find("-A FAULTC", at + 1)) {
    const std::string line = long_lists.restore.substr(at, long_lists.restore.find('\n', at) - at);
    if (line.find("-j DROP") == std::string::npos) continue;
    ++lines;
    INFO(line);
    const std::size_t sports = line.find("--sports ");
    if (sports != std::string::npos) {
      // The source list ends the multiport match: another one follows.
      const std::size_t list_end = line.find(' ', sports + 9);
      CHECK(line.substr(list_end, 4) == " -m ");
    }
  }
  CHECK(lines == 4);
  CHECK_THAT(long_lists.restore, Catch::Contains("-m multiport --sports 1,3,5,7,9,11,13,15,17,19,21,23,25,27,29 "
                                                 "-m multiport --dports 32 "));
  CHECK_THAT(long_lists.restore, Catch::Contains("-m udp --sport 31 --dport 32 "));
  // One side alone stays one match.
  CHECK_THAT(accepted("tcp to port { 80, 443 } drop for 1m\n").restore, Catch::Contains("-m multiport --dports 80,443 "));
}

// ---------------------------------------------------------------- c

TEST_CASE("F034: byte rates iptables cannot count", "[targets][F034]") {
  refused("to port 80 limit 10byte/s for 1m\n", Code::F034, 1, 18, "at least 16 bytes/s");
  refused("to port 80 limit 15byte/s for 1m\n", Code::F034, 1, 18, "16-byte chunks");
  refused("to port 80 limit 1mbyte/d for 1m\n", Code::F034, 1, 18, "12.14 bytes per second");
  accepted("to port 80 limit 16byte/s for 1m\n");
  accepted("to port 80 limit 960byte/m for 1m\n");
}

TEST_CASE("F034: byte rates and bursts nft's kernel overflows on", "[targets][F034]") {
  refused("to port 80 limit 1.5gbyte/h burst 1gbyte for 1m\n", Code::F034, 1, 18, "at most 5124095 bytes per hour");
  refused("to port 80 limit 1gbyte/s burst 4gbyte for 1m\n", Code::F034, 1, 18, "at most 4294967295 (32 bits)");
  accepted("to port 80 limit 1gbyte/s burst 3gbyte for 1m\n");
  accepted("to port 80 limit 1kbyte/m burst 300000kbyte for 1m\n");
  refused("to port 80 limit 1kbyte/m burst 301000kbyte for 1m\n", Code::F034, 1, 18, "at most 307445734 bytes per minute");
}

TEST_CASE("F034: packet rates and bursts iptables' hashlimit refuses or overflows on", "[targets][F034]") {
  accepted("to port 80 limit 1000000/s for 1m\n");
  refused("to port 80 limit 1000001/s for 1m\n", Code::F034, 1, 18, "at most 1,000,000 packets/s");
  accepted("to port 80 limit 60000000/m for 1m\n");
  refused("to port 80 limit 60000001/m for 1m\n", Code::F034, 1, 18, "at most 1,000,000 packets/s");
  accepted("to port 80 limit 100/s burst 1000000 for 1m\n");
  refused("to port 80 limit 100/s burst 1000001 for 1m\n", Code::F034, 1, 18, "at most 1,000,000");
  accepted("to port 80 limit 1/d burst 1 for 1m\n");
  refused("to port 80 limit 1/d for 1m\n", Code::F034, 1, 18, "passes 111848s");
  accepted("to port 80 limit 1/h burst 31 for 1m\n");
  refused("to port 80 limit 1/h burst 32 for 1m\n", Code::F034, 1, 18, "every 3600s and its burst is 32");
}

TEST_CASE("iptables' byte burst is raised to what hashlimit rounds one second to", "[targets][F034]") {
  // hashlimit turns 1,000,000,000 bytes/s into a cost whose second is
  // 1,010,580,512 bytes, and refuses a smaller burst.
  CHECK(target_ranges::hashlimit_min_byte_burst(1'000'000'000) == 1'010'580'512);
  CHECK(target_ranges::hashlimit_min_byte_burst(100) == 96);
  CHECK(target_ranges::hashlimit_min_byte_burst(16) == 16);
  CHECK_THAT(accepted("to port 80 limit 1000000000byte/s for 1m\n").restore,
             Catch::Contains("--hashlimit-above 1000000000b/s --hashlimit-burst 1010580512b "));
}

TEST_CASE("F034: moments past nft's 213503-day timeouts", "[targets][F034]") {
  accepted("to port 80 drop for 213503d\n");
  refused("to port 80 drop for 213504d\n", Code::F034, 1, 21, "reach at most 213503d");
  refused("to port 80 drop for 1000000d\n", Code::F034, 1, 21, "ends at 1000000d");
  refused("for 1000000d\nto port 80 drop\n", Code::F034, 1, 1, "the scenario lasts 1000000d");
  refused("for ever\nto port 80 drop after 300000d\n", Code::F034, 2, 23, "ends at 300000d");
}

// ---------------------------------------------------------------- d

TEST_CASE("F031 at analysis: a log prefix every target carries", "[targets][F031]") {
  refused("to port 80 log \"a$b\" for 1m\n", Code::F031, 1, 16, "cannot carry safely");
  refused("to port 80 log \"FAULT\\tdropped: \" for 1m\n", Code::F031, 1, 16, "cannot carry safely");
  refused("to port 80 log \"it's\" for 1m\n", Code::F031, 1, 16, "cannot carry safely");
  refused("to port 80 log \"abcdefghijklmnopqrstuvwxyz0123\" for 1m\n", Code::F031, 1, 16,
          "30 characters; iptables' LOG takes at most 29");
  const Artifacts a = accepted("to port 80 log \"abcdefghijklmnopqrstuvwxyz012\" for 1m\n");
  CHECK_THAT(a.nft, Catch::Contains("log prefix \"abcdefghijklmnopqrstuvwxyz012\""));
  // One F031 however many lines print the prefix (badflags is eleven).
  refused("inbound tcp log \"a$b\" badflags for 1m\n", Code::F031, 1, 17, "cannot carry safely");
}

// ---------------------------------------------------------------- m

TEST_CASE("F035: a rule repeats at most 1,000 times", "[targets][F035]") {
  const Artifacts a = accepted("for 2000s\ndrop for 1s every 2s\n");
  CHECK_THAT(a.nft, Catch::Contains("t_33m18s"));
  refused("for 2001s\ndrop for 1s every 2s\n", Code::F035, 2, 19, "repeats 1001 times");
  refused("for 1d\ndrop for 1s every 2s\n", Code::F035, 2, 19, "repeats 43200 times in the scenario's life of 1d");
  // Counted, not built: a year of millisecond windows is checked at once.
  refused("for 365d\ndrop for 1ms every 2ms\n", Code::F035, 2, 20, "repeats 15768000000 times");
  CHECK(target_ranges::window_count(ir::Timing{0, 1, 2, {}, {}, {}}, 2000) == 1000);
}
