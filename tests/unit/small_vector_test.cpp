// SmallVector against std::vector: the same random operations on both, for
// an element kept two to a room (a port range), one to a room (an IPv4
// interval) and one too large for it (an IPv6 prefix), checked after every
// step, including the copies and moves that cross from the room to the heap.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "compiler/ir/ruleset.hpp"
#include "compiler/support/interval_set.hpp"
#include "compiler/support/small_vector.hpp"

using namespace faultc;

namespace {

template <typename T>
T element(std::uint32_t seed);
template <>
ruleset::PortRange element(std::uint32_t seed) {
  return {static_cast<std::uint16_t>(seed), static_cast<std::uint16_t>(seed >> 16)};
}
template <>
Interval<std::uint32_t> element(std::uint32_t seed) {
  return {seed, seed ^ 0x5A5A5A5Au};
}
template <>
ruleset::Prefix element(std::uint32_t seed) {
  return {(ir::u128{seed} << 96) | seed, ir::Family::ipv6, static_cast<std::uint8_t>(seed % 129)};
}

template <typename T>
void require_same(const SmallVector<T>& small, const std::vector<T>& model) {
  REQUIRE(small.size() == model.size());
  REQUIRE(small.empty() == model.empty());
  REQUIRE(static_cast<std::size_t>(small.end() - small.begin()) == model.size());
  for (std::size_t i = 0; i < model.size(); ++i) REQUIRE(small[i] == model[i]);
}

template <typename T>
void random_operations(std::uint32_t seed) {
  std::mt19937 random(seed);
  SmallVector<T> small;
  std::vector<T> model;
  for (int step = 0; step < 2000; ++step) {
    const std::uint32_t op = random() % 100;
    INFO("step " << step << ", operation " << op << ", size " << model.size());
    if (op < 55) {
      const T value = element<T>(random());
      small.push_back(value);
      model.push_back(value);
    } else if (op < 65) {
      const std::size_t n = model.empty() ? 0 : random() % (model.size() + 1);
      small.resize(n);
      model.resize(n);
    } else if (op < 70) {
      small.clear();
      model.clear();
    } else if (op < 75) {
      small.reserve(random() % 40);
    } else if (op < 82) {
      SmallVector<T> copy(small);  // a copy is independent of its source
      require_same(copy, model);
      if (!model.empty()) copy[0] = element<T>(random());
      require_same(small, model);
    } else if (op < 89) {
      SmallVector<T> moved(std::move(small));
      require_same(moved, model);
      REQUIRE(small.empty());  // NOLINT: moved-from is empty by contract
      small = std::move(moved);
    } else if (op < 95) {
      SmallVector<T> other{element<T>(random()), element<T>(random()), element<T>(random())};
      other = small;
      require_same(other, model);
      REQUIRE(other == small);
    } else {
      // Keep the vectors short at times, so that they go back to the room.
      small = SmallVector<T>{};
      model.clear();
    }
    require_same(small, model);
  }
}

}  // namespace

TEST_CASE("SmallVector does what std::vector does", "[small_vector][property]") {
  STATIC_REQUIRE(SmallVector<ruleset::PortRange>::inline_capacity == 2);
  STATIC_REQUIRE(SmallVector<Interval<std::uint32_t>>::inline_capacity == 1);
  STATIC_REQUIRE(SmallVector<ruleset::Prefix>::inline_capacity == 0);
  STATIC_REQUIRE(sizeof(SmallVector<ruleset::Prefix>) == 16);
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    INFO("seed " << seed);
    random_operations<ruleset::PortRange>(seed);
    random_operations<Interval<std::uint32_t>>(seed);
    random_operations<ruleset::Prefix>(seed);
  }
}

TEST_CASE("SmallVector keeps what fits in its room without allocating", "[small_vector]") {
  SmallVector<ruleset::PortRange> ports{{80, 80}, {443, 443}};
  // Inside the object itself: the elements' addresses are within it.
  const auto* self = reinterpret_cast<const unsigned char*>(&ports);
  const auto* first = reinterpret_cast<const unsigned char*>(ports.data());
  CHECK((first >= self && first < self + sizeof ports));
  ports.push_back({8000, 8080});  // the third spills to the heap
  first = reinterpret_cast<const unsigned char*>(ports.data());
  CHECK(!(first >= self && first < self + sizeof ports));
  REQUIRE(ports.size() == 3);
  CHECK(ports[2].high == 8080);
  CHECK(ports.back().low == 8000);
}

TEST_CASE("SmallVector takes one of its own elements as it grows", "[small_vector]") {
  // As std::vector does: the element is read before growing frees it.
  SmallVector<ruleset::PortRange> ports{{80, 81}, {443, 444}};  // full: the next spills
  ports.push_back(ports[0]);
  for (int i = 0; i < 3; ++i) ports.push_back(ports.back());  // 4 is the heap's first capacity
  REQUIRE(ports.size() == 6);
  for (std::size_t i = 2; i < ports.size(); ++i) CHECK(ports[i] == ruleset::PortRange{80, 81});
  SmallVector<ruleset::Prefix> prefixes;
  prefixes.push_back({1, ir::Family::ipv6, 128});
  for (int i = 0; i < 8; ++i) prefixes.push_back(prefixes[0]);
  for (const ruleset::Prefix& p : prefixes) CHECK(p == ruleset::Prefix{1, ir::Family::ipv6, 128});
}

TEST_CASE("IntervalSet normalizes sets built in order and out of order alike", "[small_vector][interval_set]") {
  IntervalSet<std::uint16_t> in_order, shuffled;
  in_order.add(1, 2);
  in_order.add(4, 9);
  in_order.normalize();  // already normal: kept as it is
  shuffled.add(4, 9);
  shuffled.add(1, 2);
  shuffled.add(3, 3);  // joins both neighbours
  shuffled.normalize();
  REQUIRE(shuffled.intervals().size() == 1);
  CHECK((shuffled.intervals()[0].low == 1 && shuffled.intervals()[0].high == 9));
  REQUIRE(in_order.intervals().size() == 2);
  in_order.add(3, 3);
  in_order.normalize();
  CHECK(in_order == shuffled);
  IntervalSet<std::uint16_t> touching;  // in order, but adjacent: merged
  touching.add(1, 5);
  touching.add(6, 65535);
  touching.normalize();
  CHECK(touching.is_everything() == false);
  REQUIRE(touching.intervals().size() == 1);
  CHECK(touching.intervals()[0].high == 65535);
}
