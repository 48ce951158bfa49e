#pragma once
// Scenario text through compile_front -> lower -> emit exactly as `faultc
// compile` does, for the tests of the lower stage (lower_test.cpp,
// object_id_test.cpp, artifact_test.cpp) and of the emitters
// (emit_test.cpp), with small helpers to read the artifacts.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/emit/emit.hpp"
#include "compiler/lower/lower.hpp"

namespace faultc::test {

using emit::Target;

struct Lowered {
  SourceMap sources;
  Compilation front;
  Result<ruleset::Ruleset> lowered;

  std::string text() const {
    return render_text(front.diagnostics, sources) + render_text(lowered.diagnostics, sources);
  }
  const ruleset::Ruleset& r() const { return *lowered.value; }
  bool has(Code code) const {
    return std::any_of(lowered.diagnostics.begin(), lowered.diagnostics.end(),
                       [code](const Diagnostic& d) { return d.code == code; });
  }
};

inline std::unique_ptr<Lowered> lower_text(std::string_view text, const LowerOptions& options = {},
                                           const std::string& file = "main.fault") {
  auto out = std::make_unique<Lowered>();
  const FileId id = out->sources.add(file, std::string(text));
  out->front = compile_front(out->sources, id);
  INFO("front diagnostics:\n" << render_text(out->front.diagnostics, out->sources));
  REQUIRE(out->front.ok());
  out->lowered = lower(*out->front.scenario, out->sources, options);
  return out;
}

// Lowered without errors: the Ruleset.
inline std::unique_ptr<Lowered> lower_ok(std::string_view text, const LowerOptions& options = {},
                                         const std::string& file = "main.fault") {
  auto out = lower_text(text, options, file);
  INFO("diagnostics:\n" << out->text());
  REQUIRE(out->lowered.ok());
  return out;
}

// What `faultc compile` would lower with for a target (see compile_command.cpp).
inline LowerOptions options_for(Target target, bool start = false) {
  LowerOptions o;
  const bool restore = target == Target::iptables_restore || target == Target::ip6tables_restore;
  o.follows_timeline = !restore || start;
  return o;
}

inline constexpr Target kTargets[] = {Target::nft, Target::iptables, Target::iptables_restore,
                                      Target::ip6tables_restore};

inline const char* target_name(Target t) {
  switch (t) {
    case Target::nft: return "nft";
    case Target::iptables: return "iptables";
    case Target::iptables_restore: return "iptables-restore";
    case Target::ip6tables_restore: return "ip6tables-restore";
  }
  return "?";
}

inline Result<std::string> emit_for(const ruleset::Ruleset& r, Target target, emit::EmitOptions options = {}) {
  return emit::emit(r, target, options);
}

inline std::string emitted(const ruleset::Ruleset& r, Target target, emit::EmitOptions options = {}) {
  auto result = emit::emit(r, target, options);
  INFO("target " << target_name(target));
  REQUIRE(result.ok());
  return *result.value;
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The artifact without its `#` comment lines: what the tool acts on.
inline std::string without_comments(const std::string& text) {
  std::string out;
  for (const std::string& line : lines_of(text)) {
    if (!line.starts_with('#')) out += line + "\n";
  }
  return out;
}

inline std::size_t count_code(const Diagnostics& diagnostics, Code code) {
  return static_cast<std::size_t>(
      std::count_if(diagnostics.begin(), diagnostics.end(), [code](const Diagnostic& d) { return d.code == code; }));
}

inline std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  if (from.empty()) return text;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

inline bool valid_id(const std::string& id) {
  return !id.empty() && id.size() <= 13 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// The incident that started faultc: a one-liner and the host it names.
inline constexpr const char* kIncident =
    "scenario \"incident\"\n"
    "host victim = 10.0.0.5\n"
    "from victim to port 1234 allow SYN, ACK; drop rest for 4m\n";
// The incident with the default protections given up, at its end (its lines
// keep their numbers): the exact text of its rules alone. protect_test.cpp
// checks the protections.
inline std::string exposed_incident() {
  return std::string(kIncident) + "expose loopback\nexpose neighbour-discovery\n";
}

}  // namespace faultc::test
