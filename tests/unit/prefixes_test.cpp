// to_prefixes, which lower uses to turn an address set into the fewest
// CIDR prefixes that cover it exactly: a property test against an
// independent trie oracle on random IPv4 sets, and the edges of both
// families.
#include "compiler/net/prefixes.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <utility>
#include <vector>

using namespace faultc;

namespace {

using V4 = IntervalSet<std::uint32_t>;

// How many addresses of [low, high] the set holds.
std::uint64_t covered(const V4& set, std::uint64_t low, std::uint64_t high) {
  std::uint64_t n = 0;
  for (const auto& i : set.intervals()) {
    const std::uint64_t a = std::max<std::uint64_t>(i.low, low), b = std::min<std::uint64_t>(i.high, high);
    if (a <= b) n += b - a + 1;
  }
  return n;
}

// The fewest prefixes that cover exactly `set`, from the binary trie: a node
// wholly inside the set is one prefix, a node outside it none, any other
// node the sum of its halves. Shares no code with prefixes.cpp.
std::size_t minimal_prefixes(const V4& set, std::uint64_t low = 0, unsigned length = 0) {
  const std::uint64_t size = std::uint64_t{1} << (32 - length);
  const std::uint64_t n = covered(set, low, low + size - 1);
  if (n == 0) return 0;
  if (n == size) return 1;
  return minimal_prefixes(set, low, length + 1) + minimal_prefixes(set, low + size / 2, length + 1);
}

}  // namespace

TEST_CASE("to_prefixes covers random IPv4 sets exactly, disjointly and minimally", "[lower][prefixes][property]") {
  std::mt19937 random(4242);
  const std::uint32_t bases[] = {0u, 0x0A000000u /* 10.0.0.0 */, 0x0A0000F0u /* unaligned */, 0xFFFFFC00u /* top */};
  constexpr std::uint32_t kWidth = 1024;
  for (int round = 0; round < 400; ++round) {
    const std::uint32_t base = bases[round % 4];
    ir::AddressSet set;
    const int count = 1 + static_cast<int>(random() % 6);
    for (int i = 0; i < count; ++i) {
      const std::uint32_t a = static_cast<std::uint32_t>(random() % kWidth);
      const std::uint32_t b = std::min<std::uint32_t>(kWidth - 1, a + static_cast<std::uint32_t>(random() % 300));
      set.v4.add(base + a, base + b);
    }
    set.normalize();
    const auto prefixes = to_prefixes(set, ir::Family::ipv4);
    INFO("round " << round << ", base " << base << ", " << set.v4.intervals().size() << " intervals");

    std::vector<std::pair<std::uint64_t, std::uint64_t>> blocks;
    for (const auto& p : prefixes) {
      REQUIRE(p.family == ir::Family::ipv4);
      REQUIRE(p.length <= 32);
      const std::uint64_t size = std::uint64_t{1} << (32 - p.length);
      const auto value = static_cast<std::uint64_t>(p.value);
      REQUIRE(value % size == 0);  // a real prefix: no host bits set
      blocks.emplace_back(value, value + size - 1);
    }
    // Sorted and disjoint.
    for (std::size_t i = 1; i < blocks.size(); ++i) REQUIRE(blocks[i - 1].second < blocks[i].first);
    // Their union is the set: every block inside it, and as many addresses.
    std::uint64_t total = 0;
    for (const auto& [low, high] : blocks) {
      REQUIRE(covered(set.v4, low, high) == high - low + 1);
      total += high - low + 1;
    }
    REQUIRE(total == covered(set.v4, 0, 0xFFFFFFFFull));
    // And no more prefixes than the trie needs.
    REQUIRE(prefixes.size() == minimal_prefixes(set.v4));
  }
}

TEST_CASE("to_prefixes: whole families and edges", "[lower][prefixes]") {
  ir::AddressSet all;
  all.v4 = V4::everything();
  all.v6 = IntervalSet<ir::u128>::everything();
  const auto v4 = to_prefixes(all, ir::Family::ipv4);
  REQUIRE(v4.size() == 1);
  CHECK(v4[0].length == 0);
  const auto v6 = to_prefixes(all, ir::Family::ipv6);
  REQUIRE(v6.size() == 1);
  CHECK(v6[0].length == 0);
  CHECK(v6[0].value == 0);

  ir::AddressSet edges;
  const ir::u128 top = ~ir::u128{0};
  edges.v6.add(top, top);
  edges.v6.add(0, 0);
  edges.v4.add(0xFFFFFFFFu, 0xFFFFFFFFu);
  edges.normalize();
  const auto e6 = to_prefixes(edges, ir::Family::ipv6);
  REQUIRE(e6.size() == 2);
  CHECK((e6[0].value == 0 && e6[0].length == 128));
  CHECK((e6[1].value == top && e6[1].length == 128));
  const auto e4 = to_prefixes(edges, ir::Family::ipv4);
  REQUIRE(e4.size() == 1);
  CHECK((e4[0].value == 0xFFFFFFFFu && e4[0].length == 32));

  // fd00::3:10 - fd00::3:1f is one /124; ::1 - ::2 needs two.
  ir::AddressSet six;
  const ir::u128 fd00 = ir::u128{0xFD00} << 112;
  six.v6.add(fd00 + 0x30010, fd00 + 0x3001F);
  six.v6.add(1, 2);
  six.normalize();
  const auto p6 = to_prefixes(six, ir::Family::ipv6);
  REQUIRE(p6.size() == 3);
  CHECK(p6[2].length == 124);
}
