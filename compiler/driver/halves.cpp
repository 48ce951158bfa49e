#include "compiler/driver/halves.hpp"

#include <pthread.h>
#include <signal.h>

#include <system_error>

namespace faultc {

std::optional<std::thread> start_thread(std::function<void()> job) {
  // A new thread inherits the mask of the thread that starts it.
  sigset_t all, before;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &before);
  std::optional<std::thread> thread;
  try {
    thread.emplace(std::move(job));
  } catch (const std::system_error&) {
    // No thread (EAGAIN): the caller does the work itself.
  }
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
  return thread;
}

}  // namespace faultc
