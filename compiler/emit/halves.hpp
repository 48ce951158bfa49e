#pragma once
// Printing a long list of jumps or chains on both cores. The printers are
// pure functions of a const Ruleset, so the two halves of a list can be
// printed at once, each into its own string, and joined in order: the text
// is the same byte for byte as printed in one go (the emit tests compare
// both ways).
#include <cstddef>
#include <future>
#include <string>

namespace faultc::emit {

// Appends to `out` the text of items [0, count), as `print(first, last, to)`
// prints items [first, last) at the end of `to`. `print` is called from two
// threads at once when count >= `parallel_from`: it may read shared state,
// never write it (each call keeps its own scratch buffers).
template <typename Print>
void append_in_halves(std::string& out, std::size_t count, std::size_t parallel_from, const Print& print) {
  if (count < parallel_from) {
    print(std::size_t{0}, count, out);
    return;
  }
  const std::size_t middle = count / 2;
  // std::async: an exception in the second half (bad_alloc) reaches the
  // caller through get(), as it would printed in one go.
  // `out` was reserved for the whole text: the second half takes about
  // half of what is left, so that neither grows by copying.
  const std::size_t room = (out.capacity() - out.size()) / 2;
  auto second = std::async(std::launch::async, [&print, middle, count, room] {
    std::string text;
    text.reserve(room);
    print(middle, count, text);
    return text;
  });
  print(std::size_t{0}, middle, out);
  out += second.get();
}

}  // namespace faultc::emit
