// W109 (compiler/lint/lint_flags_mask.cpp): a `flags` mask whose list goes
// on past a comma with a flag it already has, at that flag, with the
// rewrite that makes it a pattern of its own; masks written with spaces
// and masks that add flags are left alone.
#include <catch2/catch.hpp>
#include <string>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"

namespace faultc {
namespace {

Diagnostics w109(const std::string& text) {
  SourceMap sources;
  const FileId id = sources.add("scenario.fault", text);
  Compilation c = compile_front(sources, id);
  Diagnostics out;
  for (const Diagnostic& d : c.diagnostics) {
    if (d.code == Code::W109) out.push_back(d);
  }
  return out;
}

TEST_CASE("W109: a repeated flag after a comma is swallowed by the mask", "[lint][W109]") {
  const Diagnostics found = w109("tcp to port 80 drop flags SYN of SYN,ACK, ACK for 1m\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == Severity::warning);
  CHECK(found[0].span.begin == 42);  // the second ACK
  CHECK(found[0].span.end == 45);
  CHECK(found[0].help.find("`ACK, flags SYN of SYN,ACK`") != std::string::npos);
}

TEST_CASE("W109: ALL after flags repeats them, in any case and in a block", "[lint][W109]") {
  const Diagnostics found = w109("tcp to port 80 { allow flags syn of syn+ack, ALL; drop rest } for 1m\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].message.find("`ALL`") != std::string::npos);
  CHECK(found[0].help.find("`ALL, flags syn of syn+ack`") != std::string::npos);
  CHECK(w109("tcp drop flags SYN of ALL, syn for 1m\n").size() == 1);
}

TEST_CASE("W109 near misses: masks with spaces, masks that add flags, `+` repeats", "[lint][W109]") {
  CHECK(w109("tcp drop flags SYN of SYN, ACK for 1m\n").empty());
  CHECK(w109("tcp drop flags NONE of ALL, ECE for 1m\n").empty());
  CHECK(w109("tcp drop flags SYN of SYN+ACK+SYN for 1m\n").empty());  // `+` never starts a pattern
  CHECK(w109("tcp { allow ACK, flags SYN of SYN,ACK; drop rest } for 1m\n").empty());
  CHECK(w109("tcp drop SYN+ACK, ACK for 1m\n").empty());  // no mask at all
}

}  // namespace
}  // namespace faultc
