#include "compiler/net/prefixes.hpp"

namespace faultc {

namespace {

// Splits [low, high] into maximal aligned blocks, each one prefix.
template <typename T>
void split(T low, T high, unsigned bits, ir::Family family, SmallVector<ruleset::Prefix>& out) {
  while (true) {
    unsigned size_bits = 0;  // the block is 2^size_bits addresses
    while (size_bits < bits) {
      // The mask of a block twice as large; 2^128 - 1 when it is everything.
      const ir::u128 mask = size_bits + 1 >= 128 ? ~ir::u128{0} : (ir::u128{1} << (size_bits + 1)) - 1;
      if ((ir::u128{low} & mask) != 0) break;                           // not aligned
      if (ir::u128{high} - ir::u128{low} < mask) break;                 // would overshoot
      ++size_bits;
    }
    out.push_back({ir::u128{low}, family, static_cast<std::uint8_t>(bits - size_bits)});
    const ir::u128 last = ir::u128{low} + ((size_bits >= 128 ? ~ir::u128{0} : (ir::u128{1} << size_bits) - 1));
    if (last >= ir::u128{high}) return;
    low = static_cast<T>(last + 1);
  }
}

}  // namespace

SmallVector<ruleset::Prefix> to_prefixes(const ir::AddressSet& set, ir::Family family) {
  SmallVector<ruleset::Prefix> out;
  if (family == ir::Family::ipv4) {
    for (const auto& i : set.v4.intervals()) split<std::uint32_t>(i.low, i.high, 32, family, out);
  } else {
    for (const auto& i : set.v6.intervals()) split<ir::u128>(i.low, i.high, 128, family, out);
  }
  return out;
}

}  // namespace faultc
