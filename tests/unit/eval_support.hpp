#pragma once
// A scenario compiled and lowered for eval as `faultc explain` does, and
// packets written in the expect syntax and read against its names the way
// `faultc explain --packet` reads them: what the eval tests
// (eval_*_test.cpp) share.
//
// In a namespace of its own, as the other tests' helpers are, so that no two
// inline definitions of one name meet at the linker.
#include <catch2/catch.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/analyze/names.hpp"
#include "compiler/analyze/packet.hpp"
#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/eval/eval.hpp"
#include "compiler/eval/packet_text.hpp"
#include "compiler/explain/expect_check.hpp"
#include "compiler/explain/verdict_text.hpp"
#include "compiler/parse/parse.hpp"

namespace faultc::test::eval_tests {

namespace flag = ast::tcp_flag;
using Kind = eval::Verdict::Kind;
inline constexpr std::uint64_t kSecond = 1000, kMinute = 60 * kSecond;

// A compiled, lowered scenario, and packets read against its names.
struct Loaded {
  SourceMap sources;
  Compilation c;
  ruleset::Ruleset rules;

  const ir::Scenario& scenario() const { return *c.scenario; }

  // The packet as `--packet` would read it; nothing when it does not read.
  std::optional<ir::Packet> read(std::string_view text, Diagnostics& diagnostics) {
    const FileId id = sources.add("packet", std::string(text));
    auto parsed = parse_packet(sources, id);
    diagnostics = parsed.diagnostics;
    if (!parsed.ok()) return std::nullopt;
    NameTable names(c.program, sources, diagnostics);
    return normalize_packet(*parsed.value, names, sources, diagnostics);
  }

  eval::Packet packet(std::string_view text) {
    Diagnostics diagnostics;
    auto p = read(text, diagnostics);
    INFO("packet `" << text << "`:\n" << render_text(diagnostics, sources));
    REQUIRE(p);
    return eval::complete(*p, rules);
  }

  eval::Verdict at(std::string_view text, std::uint64_t ms = 0) { return eval::evaluate(rules, packet(text), ms); }
  Kind kind(std::string_view text, std::uint64_t ms = 0) { return at(text, ms).kind; }
  std::string line_of_decision(const eval::Verdict& v) const {
    REQUIRE(v.decided_by);
    return excerpt(*v.decided_by, sources);
  }
};

inline std::unique_ptr<Loaded> load(std::string_view text) {
  auto out = std::make_unique<Loaded>();
  const FileId id = out->sources.add("main.fault", std::string(text));
  out->c = compile_front(out->sources, id);
  INFO("scenario:\n" << text << "\ndiagnostics:\n" << render_text(out->c.diagnostics, out->sources));
  REQUIRE(out->c.ok());
  auto lowered = lower_for_eval(*out->c.scenario, out->sources);
  REQUIRE(lowered.ok());
  out->rules = std::move(*lowered.value);
  return out;
}

constexpr std::uint32_t v4(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

}  // namespace faultc::test::eval_tests
