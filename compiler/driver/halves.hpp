#pragma once
// The only place faultc uses a second thread: `faultc compile` lowers and
// prints its chunks of rules in two halves, one per core
// (compiler/driver/artifact.cpp). The second half runs on a thread of its
// own, and the halves are joined in order, so the result is the same as done
// in one go, byte for byte (tests/unit/artifact_test.cpp compares them).
#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <thread>

namespace faultc {

// From this many rules a compile's chunks are shared between two threads;
// below it a thread costs more than it saves.
inline constexpr std::size_t kParallelItems = 8192;

// A thread running `job`, started with every signal blocked (the signals
// sent to faultc are for its main thread: `faultc run` takes INT, TERM and
// HUP with sigtimedwait), or nothing when no thread can be started.
std::optional<std::thread> start_thread(std::function<void()> job);

// Runs `first()` here and `second()` on another thread at once, and returns
// when both are done. They must not write what the other reads. Without a
// thread, both run here, one after the other. An exception in `second`
// (bad_alloc) reaches the caller, as one in `first` does, once both ended.
//
// One thread per call, and jemalloc with one arena for both threads
// (narenas:1, tools/faultc/allocator/jemalloc_config.cpp): what either
// thread frees, the other reuses, so the second half needs no fresh pages.
template <typename First, typename Second>
void run_halves(const First& first, const Second& second) {
  std::exception_ptr second_failed;
  std::optional<std::thread> other = start_thread([&second, &second_failed] {
    try {
      second();
    } catch (...) {
      second_failed = std::current_exception();
    }
  });
  if (!other) {
    first();
    second();
    return;
  }
  try {
    first();
  } catch (...) {
    other->join();
    throw;
  }
  other->join();
  if (second_failed) std::rethrow_exception(second_failed);
}

}  // namespace faultc
