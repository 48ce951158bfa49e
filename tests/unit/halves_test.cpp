// run_halves (compiler/driver/halves.hpp): both halves run, the second on
// another thread; errors from either half reach the caller once both ended;
// the second thread takes no signal meant for the process.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <stdexcept>
#include <thread>

#include "compiler/driver/halves.hpp"

namespace faultc {
namespace {

TEST_CASE("run_halves runs the second half on another thread", "[threads]") {
  std::thread::id second_thread;
  int first = 0, second = 0;
  run_halves([&] { ++first; }, [&] { ++second; second_thread = std::this_thread::get_id(); });
  CHECK(first == 1);
  CHECK(second == 1);
  CHECK(second_thread != std::this_thread::get_id());
}

TEST_CASE("run_halves passes on an exception from either half once both are done", "[threads]") {
  bool second_done = false, first_done = false;
  CHECK_THROWS_WITH(run_halves([] { throw std::runtime_error("first"); }, [&] { second_done = true; }), "first");
  CHECK(second_done);
  CHECK_THROWS_WITH(run_halves([&] { first_done = true; }, [] { throw std::runtime_error("second"); }), "second");
  CHECK(first_done);
}

// `faultc run` blocks INT, TERM and HUP and takes them with sigtimedwait to
// revert: a signal sent to the process must wait for that, not reach the
// second thread and end the process by its default action. SIGUSR2's
// default action ends the process too: if the second thread took it, this
// test binary would die here.
TEST_CASE("the second thread takes no signal sent to the process", "[threads]") {
  sigset_t usr2, before;
  sigemptyset(&usr2);
  sigaddset(&usr2, SIGUSR2);
  REQUIRE(pthread_sigmask(SIG_BLOCK, &usr2, &before) == 0);
  bool blocked_there = false;
  // The second half sends the signal while it runs, and checks its own mask.
  run_halves([] {},
             [&] {
               sigset_t mask;
               pthread_sigmask(SIG_BLOCK, nullptr, &mask);
               blocked_there = sigismember(&mask, SIGUSR2) == 1 && sigismember(&mask, SIGINT) == 1;
               kill(getpid(), SIGUSR2);
             });
  CHECK(blocked_there);
  const timespec wait{5, 0};
  CHECK(sigtimedwait(&usr2, nullptr, &wait) == SIGUSR2);
  REQUIRE(pthread_sigmask(SIG_SETMASK, &before, nullptr) == 0);
}

}  // namespace
}  // namespace faultc
