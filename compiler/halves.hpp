#pragma once
// Long work in two halves, one per core. Analysis, lowering and printing
// each do a long list of independent items (rules, jumps, chains): the
// second half is done on another thread and joined after the first, in
// order, so that the result is the same as done in one go, byte for byte
// (tests/unit/lower_test.cpp and analyze_test.cpp split at every point and
// compare). The machine this targets has two cores.
#include <cstddef>
#include <exception>
#include <system_error>
#include <thread>
#include <utility>

namespace faultc {

// From this many items a list is done in two halves; below it a thread
// costs more than it saves. Each stage's options can change it (SIZE_MAX:
// one thread), for tests.
inline constexpr std::size_t kParallelItems = 8192;

// Runs `first()` here and `second()` on another thread at once, and returns
// when both are done. They must not write what the other reads. When no
// thread can be started (a process or task limit), both run here, one
// after the other: the halves are made to be joined in order either way.
// An exception in `second` (bad_alloc) reaches the caller, as in `first`;
// if `first` throws, the other thread is waited for before it propagates.
//
// A thread joined, not a future: join returns once the thread has ended
// and handed its malloc arena back, so that the next stage's thread takes
// the same arena and reuses the memory the last one freed (the AST's, the
// IR's), where a thread started while the last one is still exiting would
// get a fresh arena and fresh pages.
template <typename First, typename Second>
void run_halves(const First& first, const Second& second) {
  std::exception_ptr second_failed;
  std::thread other;
  try {
    other = std::thread([&second, &second_failed] {
      try {
        second();
      } catch (...) {
        second_failed = std::current_exception();
      }
    });
  } catch (const std::system_error&) {
    first();
    second();
    return;
  }
  try {
    first();
  } catch (...) {
    other.join();
    throw;
  }
  other.join();
  if (second_failed) std::rethrow_exception(second_failed);
}

}  // namespace faultc
