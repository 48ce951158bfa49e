#include <catch2/catch.hpp>

#include <string>

#include "compiler/diagnostics/spell.hpp"
#include "compiler/source/source.hpp"

using namespace faultc;

TEST_CASE("line and column of byte offsets", "[source]") {
  SourceFile f("t", "ab\ncd\r\n\xC3\xA9x\n");
  CHECK(f.locate(0).line == 1);
  CHECK(f.locate(1).column == 2);
  CHECK(f.locate(3).line == 2);
  CHECK(f.locate(3).column == 1);
  CHECK(f.line_text(2) == "cd");  // CR dropped
  // é is two bytes but one column
  CHECK(f.locate(9).line == 3);
  CHECK(f.locate(9).column == 2);
  // The end of a file that ends in a newline is the end of its last line.
  const LineColumn end = f.locate(static_cast<std::uint32_t>(f.text().size()));
  CHECK(end.line == 3);
  CHECK(end.column == 3);
  CHECK(f.line_count() == 3);
}

TEST_CASE("line_of agrees with locate at every offset", "[source]") {
  SourceFile f("t", "ab\ncd\r\n\xC3\xA9x\n\n#last");
  for (std::uint32_t offset = 0; offset <= f.text().size() + 2; ++offset) {
    INFO("offset " << offset);
    CHECK(f.line_of(offset) == f.locate(offset).line);
  }
}

TEST_CASE("line_of from a hint agrees with the search, whatever the hint", "[source]") {
  std::string text = "ab\ncd\r\n\n\n#last\n";
  for (int i = 0; i < 20; ++i) text += std::string(static_cast<std::size_t>(i % 3), 'x') + "\n";
  const SourceFile f("t", text);
  for (std::uint32_t hint_start = 0; hint_start <= f.line_count() + 1; ++hint_start) {
    std::uint32_t forward = hint_start, backward = hint_start;
    for (std::uint32_t offset = 0; offset <= f.text().size() + 2; ++offset) {
      INFO("hint " << hint_start << " offset " << offset);
      std::uint32_t fresh = hint_start;
      CHECK(f.line_of(offset, fresh) == f.line_of(offset));   // any hint
      CHECK(f.line_of(offset, forward) == f.line_of(offset));  // offsets in order
      CHECK(forward == f.line_of(offset));
      const auto back = static_cast<std::uint32_t>(f.text().size() + 2 - offset);
      CHECK(f.line_of(back, backward) == f.line_of(back));  // in reverse
    }
  }
}

TEST_CASE("a byte order mark is dropped and remembered", "[source]") {
  SourceFile f("t", "\xEF\xBB\xBFhost");
  CHECK(f.text() == "host");
  CHECK(f.had_bom());
  CHECK(f.locate(0).column == 1);
}

TEST_CASE("spelling suggestions", "[spell]") {
  CHECK(edit_distance("hots", "host") == 1);
  CHECK(edit_distance("dorp", "drop") == 1);
  CHECK(edit_distance("victm", "victim") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(closest_match("victm", {"victim", "db"}) == std::optional<std::string>("victim"));
  CHECK_FALSE(closest_match("zzzzzz", {"victim", "db"}));
  CHECK_FALSE(closest_match("drop", {"drop"}));  // an exact word is not a typo
}
