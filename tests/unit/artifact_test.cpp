// `faultc compile`'s back half (compiler/driver/artifact.cpp), which lowers
// and prints a chunk of rules at a time on two threads and joins the
// pieces: the text and the diagnostics must be byte for byte those of
// `lower` then `emit` in one go, for every example and target and for a
// mixed scenario, down to chunks of one rule. Every scenario goes through
// compile_front as `faultc compile` does (tests/unit/lowered.hpp).
#include "compiler/driver/artifact.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/emit/emit.hpp"
#include "compiler/lower/lower.hpp"
#include "tests/unit/lowered.hpp"

using namespace faultc;
using namespace faultc::test;

// ---------------------------------------------------------------- two threads

namespace {

// A scenario with every kind of rule the join of chunks must get right: helper chains (a log or a random drop over several patterns),
// shared and repeating windows, negated address lists, `between` (two
// jumps per rule), both families. One statement per line.
std::vector<std::string> mixed_statements() {
  std::vector<std::string> out;
  for (int i = 0; i < 60; ++i) {
    out.push_back(fmt::format("from 10.{}.0.0/16 to port {} allow SYN, ACK; drop rest after {}s for 1m\n", i, 1000 + i, i % 7));
    out.push_back(fmt::format("inbound tcp from not {{ 10.{}.1.1, 10.{}.2.2 }} {{ log \"BAD{}: \" badflags; drop badflags }}\n",
                              i, i, i));
    out.push_back(fmt::format("outbound to db port {} drop 30% for 2m every 5m\n", 5000 + i));
    out.push_back(fmt::format("between 10.{}.9.0/24 and 10.200.{}.1 drop new, SYN 30%\n", i, i));
  }
  return out;
}

// What `lower` then `emit` make of a front half's IR (the consuming lower,
// as `--teardown` uses), or the diagnostics that stop them.
std::string compiled_text(const Lowered& l, Target target, const LowerOptions& options, bool start) {
  ir::Scenario copy = *l.front.scenario;
  auto lowered = lower(std::move(copy), l.sources, options);
  std::string out = render_text(lowered.diagnostics, l.sources);
  if (!lowered.ok()) return out;
  emit::EmitOptions emit_options;
  if (start) emit_options.start_unix = 1'790'000'000;
  auto emitted = emit::emit(*lowered.value, target, emit_options);
  out += render_text(emitted.diagnostics, l.sources);
  if (emitted.ok()) out += *emitted.value;
  return out;
}

// The same through `faultc compile`'s chunked path (compiler/driver/artifact.hpp),
// `chunk` rules at a time.
std::string chunked_text(const Lowered& l, Target target, LowerOptions options, std::size_t chunk, bool start) {
  ArtifactOptions artifact{target, options, {}, chunk};
  artifact.parallel_from = chunk;  // two threads whenever there are two chunks
  if (start) artifact.emit.start_unix = 1'790'000'000;
  ir::Scenario copy = *l.front.scenario;
  auto compiled = compile_artifact(std::move(copy), l.sources, artifact);
  std::string out = render_text(compiled.diagnostics, l.sources);
  if (compiled.ok()) out += *compiled.value;
  return out;
}

}  // namespace

// `faultc compile` lowers and prints a chunk of rules at a time, the chunks
// shared between two threads, and joins the pieces (artifact.cpp). Chunks
// down to one rule must give the same text and diagnostics byte for byte as
// `lower` then `emit` in one go: every example, for every target.
TEST_CASE("lowering and printing in chunks gives the same artifact as in one go",
          "[lower][emit][threads]") {
  std::vector<std::pair<std::string, std::string>> scenarios;  // file name, text
  for (const auto& entry : std::filesystem::directory_iterator(FAULTC_SOURCE_DIR "/examples")) {
    if (entry.path().extension() != ".fault") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    scenarios.emplace_back(entry.path().filename().string(), text.str());
  }
  std::sort(scenarios.begin(), scenarios.end());
  REQUIRE(scenarios.size() >= 10);
  for (const auto& [file, text] : scenarios) {
    for (Target target : kTargets) {
      INFO(file << ", target " << target_name(target));
      const bool restore = target == Target::iptables_restore || target == Target::ip6tables_restore;
      auto l = lower_text(text, options_for(target, restore), file);
      const std::string one_go = compiled_text(*l, target, options_for(target, restore), restore);
      for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{7}, kChunkRules}) {
        CHECK(chunked_text(*l, target, options_for(target, restore), chunk, restore) == one_go);
      }
    }
  }
}

// The same for every prefix of a mixed scenario, cut into chunks of one and
// of two rules. Also a restore file without --start, which refuses the timed rules
// (F030, a note per rule in order), and `--at`, which leaves some timings
// with no window.
TEST_CASE("lowering and printing in chunks of one and two rules gives the same artifact", "[lower][emit][threads]") {
  const std::vector<std::string> statements = mixed_statements();
  std::size_t compared = 0, chunked = 0, refused = 0;
  for (std::size_t count = 1; count <= statements.size(); count += count < 40 ? 1 : 23) {
    std::string text = "host db = { 10.0.3.10, 10.0.3.11, fd00::3:10 }\nfor 1h\n";
    for (std::size_t k = 0; k < count; ++k) text += statements[k];
    for (Target target : kTargets) {
      const bool restore = target == Target::iptables_restore || target == Target::ip6tables_restore;
      for (bool start : {true, false}) {
        if (!restore && !start) continue;
        LowerOptions options = options_for(target, start);
        auto l = lower_text(text, options, "mixed.fault");
        INFO(count << " statements, target " << target_name(target) << (start ? " with --start" : ""));
        const std::string one_go = compiled_text(*l, target, options, start);
        ++compared;
        for (std::size_t chunk : {std::size_t{1}, std::size_t{2}}) {
          CHECK(chunked_text(*l, target, options, chunk, start) == one_go);
          ++chunked;
        }
        refused += one_go.find("F030") != std::string::npos;
      }
    }
    LowerOptions at;
    at.follows_timeline = true;
    at.at_ms = 30'000;
    auto l = lower_text(text, at, "mixed.fault");
    const std::string one_go = compiled_text(*l, Target::nft, at, false);
    CHECK(chunked_text(*l, Target::nft, at, 1, false) == one_go);
  }
  CHECK(compared > 200);
  CHECK(chunked > 400);
  CHECK(refused > 50);
}
