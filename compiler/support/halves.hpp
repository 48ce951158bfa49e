#pragma once
// Long work in two halves, one per core. Analysis, lowering and printing
// each do a long list of independent items (rules, jumps, chains): the
// second half is done on another thread and joined after the first, in
// order, so that the result is the same as done in one go, byte for byte
// (tests/unit/lower_test.cpp and analyze_test.cpp split at every point and
// compare). The machine this targets has two cores.
#include <cstddef>
#include <exception>

namespace faultc {

// From this many items a list is done in two halves; below it a thread
// costs more than it saves. Each stage's options can change it (SIZE_MAX:
// one thread), for tests.
inline constexpr std::size_t kParallelItems = 8192;

namespace halves_detail {

// A job for the second thread: `run(arg)`, which must not throw.
struct Job {
  void (*run)(void*) = nullptr;
  void* arg = nullptr;
};

// Hands `job` to the process's second thread and returns at once; false
// when it cannot (no thread could be started, the thread is busy with
// another caller's job, the caller is that thread, or the process is a
// child forked after the thread started), and the caller does the job.
bool start_second(Job job);

// Returns once the job of the caller's last successful start_second is done.
void wait_second();

}  // namespace halves_detail

// Runs `first()` here and `second()` on another thread at once, and returns
// when both are done. They must not write what the other reads. When the
// other thread cannot take it (see start_second), both run here, one after
// the other: the halves are made to be joined in order either way.
// An exception in `second` (bad_alloc) reaches the caller, as in `first`;
// if `first` throws, `second` is waited for before it propagates.
//
// The other thread lives as long as the process, not one per call: each
// stage's second half then runs on the same thread, in the same malloc
// arena, and reuses the memory the last stage freed there. With a thread
// per call, the arena had no thread left at each one's exit, and jemalloc
// gives such an arena's free pages back to the system (a hundred madvise
// calls), so the next stage faulted them in afresh: 100,000 rules to nft
// took 0.12 s instead of 0.08 s, with 3,500 page faults instead of 2,250
// (docs/performance.md, "jemalloc with huge pages").
template <typename First, typename Second>
void run_halves(const First& first, const Second& second) {
  std::exception_ptr second_failed;
  auto task = [&second, &second_failed] {
    try {
      second();
    } catch (...) {
      second_failed = std::current_exception();
    }
  };
  using Task = decltype(task);
  if (!halves_detail::start_second({[](void* arg) { (*static_cast<Task*>(arg))(); }, &task})) {
    first();
    second();
    return;
  }
  try {
    first();
  } catch (...) {
    halves_detail::wait_second();
    throw;
  }
  halves_detail::wait_second();
  if (second_failed) std::rethrow_exception(second_failed);
}

}  // namespace faultc
