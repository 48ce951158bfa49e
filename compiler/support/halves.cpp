#include "compiler/support/halves.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>

namespace faultc::halves_detail {
namespace {

// The second thread and the one job it may hold. Made once, never
// destroyed: the thread waits for work until the process exits, and a
// static object's destructor would run while it still waits.
struct SecondThread {
  std::mutex taken;  // held by one caller from start_second to wait_second
  std::mutex state;
  std::condition_variable changed;
  Job job;
  bool has_job = false;
  bool done = false;
  pid_t owner = getpid();  // a forked child has no such thread
};

thread_local bool on_second_thread = false;
thread_local bool holds_second = false;  // between a successful start_second and its wait_second

void serve(SecondThread& t) {
  on_second_thread = true;
  std::unique_lock lock(t.state);
  for (;;) {
    t.changed.wait(lock, [&t] { return t.has_job; });
    const Job job = t.job;
    t.has_job = false;
    lock.unlock();
    job.run(job.arg);
    lock.lock();
    t.done = true;
    t.changed.notify_all();
  }
}

SecondThread* second_thread() {
  static SecondThread* const made = []() -> SecondThread* {
    auto* t = new SecondThread;
    // The thread takes no signal: a signal sent to the process must reach
    // the thread that waits for it (`faultc run` blocks INT, TERM and HUP
    // and takes them with sigtimedwait, to revert), not end the process
    // by its default action here. A new thread starts with its creator's
    // mask: all blocked for the creation, then the creator's restored.
    sigset_t all, before;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &before);
    try {
      std::thread(serve, std::ref(*t)).detach();
    } catch (const std::system_error&) {  // a process or task limit: halves run on one thread from then on
      pthread_sigmask(SIG_SETMASK, &before, nullptr);
      delete t;
      return nullptr;
    }
    pthread_sigmask(SIG_SETMASK, &before, nullptr);
    return t;
  }();
  return made;
}

}  // namespace

bool start_second(Job job) {
  // A job's own halves, or halves inside a first half: no third core.
  if (on_second_thread || holds_second) return false;
  SecondThread* t = second_thread();
  if (t == nullptr || t->owner != getpid()) return false;
  if (!t->taken.try_lock()) return false;  // another caller's halves
  holds_second = true;
  {
    std::lock_guard lock(t->state);
    t->job = job;
    t->has_job = true;
    t->done = false;
  }
  t->changed.notify_all();
  return true;
}

void wait_second() {
  SecondThread* t = second_thread();
  {
    std::unique_lock lock(t->state);
    t->changed.wait(lock, [t] { return t->done; });
  }
  holds_second = false;
  t->taken.unlock();
}

}  // namespace faultc::halves_detail
