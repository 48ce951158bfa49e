#include "tests/fuzz/fuzz_entries.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "compiler/diagnostics/render_github.hpp"
#include "compiler/diagnostics/render_json.hpp"
#include "compiler/diagnostics/render_sarif.hpp"
#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/emit/emit.hpp"
#include "compiler/eval/eval.hpp"
#include "compiler/explain/expect_check.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/parse/parse.hpp"

namespace faultc::fuzz {

namespace {
// Include resolution without reading the file system: a file whose name
// ends in `self.fault` holds the fuzz input itself (so includes chain,
// cycle and hit the depth limit, and errors carry "included from" notes);
// every other include is not found. The loader's file policy (a `.fault`
// file inside the root's directory, never `-`) runs on every path.
ReadFunction self_includes(const std::string& data) {
  return [data](const std::string& path) -> std::variant<std::string, ReadError> {
    if (path.ends_with("self.fault")) return data;
    return ReadError{path + ": not found"};
  };
}

void render_all(const Diagnostics& diagnostics, const SourceMap& sources) {
  (void)render_text(diagnostics, sources);
  (void)render_json(diagnostics, sources);
  (void)render_sarif(diagnostics, sources, "fuzz");
  (void)render_github(diagnostics, sources);
}
}  // namespace

void frontend(const std::uint8_t* data, std::size_t size) {
  SourceMap sources;
  const FileId id = sources.add("fuzz.fault", std::string(reinterpret_cast<const char*>(data), size));
  const auto parsed = parse_file(sources, id);
  render_all(parsed.diagnostics, sources);
}

void pipeline(const std::uint8_t* data, std::size_t size) {
  SourceMap sources;
  const FileId id = sources.add("fuzz.fault", std::string(reinterpret_cast<const char*>(data), size));
  Compilation c = compile_front(sources, id, {}, self_includes(sources.file(id).text()));
  render_all(c.diagnostics, sources);
  if (!c.ok()) return;
  for (bool timeline : {true, false}) {
    LowerOptions options;
    options.follows_timeline = timeline;
    auto lowered = lower(*c.scenario, sources, options);
    render_all(lowered.diagnostics, sources);
    if (!lowered.ok()) continue;
    if (timeline) {
      // A few packets through the evaluator: the scenario's own expects,
      // and the default packet at several moments.
      (void)check_expects(*c.scenario, sources);
      const eval::Packet packet = eval::complete(ir::Packet{}, *lowered.value);
      for (std::uint64_t at : {std::uint64_t{0}, std::uint64_t{999}, std::uint64_t{60'000}, std::uint64_t{3'600'000}}) {
        (void)eval::evaluate(*lowered.value, packet, at);
      }
    }
    for (auto target : {emit::Target::nft, emit::Target::iptables, emit::Target::iptables_restore,
                        emit::Target::ip6tables_restore}) {
      for (bool teardown : {false, true}) {
        emit::EmitOptions eo;
        eo.teardown = teardown;
        if (target == emit::Target::iptables_restore || target == emit::Target::ip6tables_restore) {
          eo.start_unix = 1'700'000'000;
        }
        (void)emit::emit(*lowered.value, target, eo);
      }
    }
  }
}

void packet(const std::uint8_t* data, std::size_t size) {
  SourceMap sources;
  const FileId id = sources.add("--packet", std::string(reinterpret_cast<const char*>(data), size));
  const auto parsed = parse_packet(sources, id);
  render_all(parsed.diagnostics, sources);
  (void)parse_duration_text(sources.file(id).text());
}

}  // namespace faultc::fuzz
