#pragma once
// Long work in two halves, one per core. Analysis, lowering and printing
// each do a long list of independent items (rules, jumps, chains): the
// second half is done on another thread and joined after the first, in
// order, so that the result is the same as done in one go, byte for byte
// (tests/unit/lower_test.cpp splits every list down to one item and
// compares). The machine this targets has two cores.
#include <cstddef>
#include <future>
#include <string>

namespace faultc {

// From this many items a list is done in two halves; below it a thread
// costs more than it saves. Each stage's options can change it (SIZE_MAX:
// one thread), for tests.
inline constexpr std::size_t kParallelItems = 8192;

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

}  // namespace faultc
