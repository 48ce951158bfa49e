#pragma once
// The formatter on a text, and the texts every format test reads: the
// examples and the before/after pairs of docs/style.md.
//
// In a namespace of its own, as the other tests' helpers are, so that no two
// inline definitions of one name meet at the linker.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/format/format.hpp"
#include "tests/unit/examples.hpp"

namespace faultc::test::format_tests {

struct Formatted {
  bool ok = false;
  std::string text;         // the formatted file, when ok
  std::string diagnostics;  // rendered, when not
};

inline Formatted format_text(const std::string& text) {
  SourceMap sources;
  const FileId id = sources.add("t.fault", text);
  const Result<std::string> r = format_source(sources, id);
  Formatted out;
  out.ok = r.value.has_value();
  if (r.value) out.text = *r.value;
  out.diagnostics = render_text(r.diagnostics, sources);
  return out;
}

inline std::string fmt_ok(const std::string& text) {
  const Formatted f = format_text(text);
  INFO("input:\n" << text << "\ndiagnostics:\n" << f.diagnostics);
  REQUIRE(f.ok);
  return f.text;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Every example's file name and text, in order; never none (test::examples).
inline std::vector<std::pair<std::string, std::string>> examples() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& path : test::examples()) out.emplace_back(path.filename().string(), read_file(path));
  return out;
}

// Every pair of ```fault blocks in docs/style.md is a rule's before and after.
inline std::vector<std::pair<std::string, std::string>> style_examples() {
  const std::string doc = read_file(std::filesystem::path(FAULTC_SOURCE_DIR) / "docs" / "style.md");
  std::vector<std::string> blocks;
  std::istringstream lines(doc);
  std::string line, block;
  bool inside = false;
  while (std::getline(lines, line)) {
    if (!inside && line == "```fault") {
      inside = true;
      block.clear();
    } else if (inside && line == "```") {
      inside = false;
      blocks.push_back(block);
    } else if (inside) {
      block += line + "\n";
    }
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::size_t i = 0; i + 1 < blocks.size(); i += 2) pairs.emplace_back(blocks[i], blocks[i + 1]);
  return pairs;
}

}  // namespace faultc::test::format_tests
