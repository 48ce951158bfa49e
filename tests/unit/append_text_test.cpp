// append_text: the joined text is exactly the two texts, whatever the size
// (below and above the size it copies in pieces, and a last piece that is
// not a multiple of a page), and the source is left empty. That its pages are given back is seen in the benchmark's peak
// memory, not here.
#include <catch2/catch.hpp>

#include <cstddef>
#include <string>

#include "compiler/support/append_text.hpp"

using namespace faultc;

namespace {

// Text whose every byte depends on its position, so a misplaced or zeroed
// piece shows.
std::string numbered_text(std::size_t size, unsigned seed) {
  std::string text(size, '\0');
  for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('!' + (i * 7 + i / 4096 + seed) % 90);
  return text;
}

}  // namespace

TEST_CASE("append_text joins texts exactly and empties the source", "[append_text]") {
  const std::size_t mib = std::size_t{1} << 20;
  for (const std::size_t size : {std::size_t{0}, std::size_t{5}, 4 * mib - 1, 4 * mib, 9 * mib + 12345}) {
    INFO("size " << size);
    std::string out = numbered_text(1000, 1);
    std::string source = numbered_text(size, 2);
    const std::string expected = out + source;
    append_text(out, std::move(source));
    REQUIRE(out.size() == expected.size());
    CHECK(out == expected);
    CHECK(source.empty());  // NOLINT: emptied by contract
  }
}
