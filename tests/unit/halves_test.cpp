// run_halves (compiler/support/halves.hpp): both halves run, the second on one
// thread that outlives the call (so that each stage's second half reuses
// the memory the last one freed there), errors from either half reach the
// caller, the cases where the second thread cannot take the job (its own
// halves, halves inside a first half, another caller's, a forked child)
// fall back to doing both here instead of waiting forever, and that thread
// takes no signal meant for the process.
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <stdexcept>
#include <thread>
#include <vector>

#include "compiler/support/halves.hpp"

namespace faultc {
namespace {

TEST_CASE("run_halves runs the second half on one thread that lasts from call to call", "[threads]") {
  std::thread::id first_call, second_call;
  int first = 0, second = 0;
  run_halves([&] { ++first; }, [&] { ++second; first_call = std::this_thread::get_id(); });
  run_halves([&] { ++first; }, [&] { ++second; second_call = std::this_thread::get_id(); });
  CHECK(first == 2);
  CHECK(second == 2);
  CHECK(first_call != std::this_thread::get_id());
  CHECK(first_call == second_call);
}

TEST_CASE("run_halves passes on an exception from either half once both are done", "[threads]") {
  std::atomic<bool> second_done = false;
  CHECK_THROWS_WITH(run_halves([] { throw std::runtime_error("first"); }, [&] { second_done = true; }), "first");
  CHECK(second_done);
  bool first_done = false;
  CHECK_THROWS_WITH(run_halves([&] { first_done = true; }, [] { throw std::runtime_error("second"); }), "second");
  CHECK(first_done);
  // The thread is still there for the next call.
  int done = 0;
  run_halves([&] { ++done; }, [&] { ++done; });
  CHECK(done == 2);
}

TEST_CASE("run_halves inside a second half does both of its halves on that thread", "[threads]") {
  std::vector<int> order;
  std::thread::id outer, inner_first, inner_second;
  run_halves([] {},
             [&] {
               outer = std::this_thread::get_id();
               run_halves([&] { order.push_back(1); inner_first = std::this_thread::get_id(); },
                          [&] { order.push_back(2); inner_second = std::this_thread::get_id(); });
             });
  CHECK(order == std::vector<int>{1, 2});
  CHECK(inner_first == outer);
  CHECK(inner_second == outer);
}

TEST_CASE("run_halves from two threads at once: each call's halves all run", "[threads]") {
  constexpr int kCalls = 2000;
  std::atomic<long> sum = 0;
  auto caller = [&sum] {
    for (int i = 0; i < kCalls; ++i) run_halves([&] { sum += 1; }, [&] { sum += 1000; });
  };
  std::thread a(caller), b(caller);
  a.join();
  b.join();
  CHECK(sum == 2L * kCalls * 1001);
}

TEST_CASE("run_halves inside a first half does both of its halves on the caller's thread", "[threads]") {
  std::vector<int> order;
  run_halves([&] { run_halves([&] { order.push_back(1); }, [&] { order.push_back(2); }); }, [] {});
  CHECK(order == std::vector<int>{1, 2});
}

// `faultc run` blocks INT, TERM and HUP and takes them with sigtimedwait to
// revert: a signal sent to the process must wait for that, not reach the
// second thread and end the process by its default action. SIGUSR2's
// default action ends the process too: if the second thread took it, this
// test binary would die here.
TEST_CASE("the second thread takes no signal sent to the process", "[threads]") {
  run_halves([] {}, [] {});  // the thread exists
  sigset_t usr2, before;
  sigemptyset(&usr2);
  sigaddset(&usr2, SIGUSR2);
  REQUIRE(pthread_sigmask(SIG_BLOCK, &usr2, &before) == 0);
  REQUIRE(kill(getpid(), SIGUSR2) == 0);
  const timespec wait{5, 0};
  CHECK(sigtimedwait(&usr2, nullptr, &wait) == SIGUSR2);
  REQUIRE(pthread_sigmask(SIG_SETMASK, &before, nullptr) == 0);
}

TEST_CASE("run_halves in a child forked after the second thread started does both halves itself", "[threads]") {
  run_halves([] {}, [] {});  // the thread exists before the fork
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    int done = 0;
    run_halves([&] { ++done; }, [&] { ++done; });
    _exit(done == 2 ? 0 : 1);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

}  // namespace
}  // namespace faultc
