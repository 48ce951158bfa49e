#include "compiler/halves.hpp"

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
    try {
      std::thread(serve, std::ref(*t)).detach();
    } catch (const std::system_error&) {  // a process or task limit
      delete t;
      return nullptr;
    }
    return t;
  }();
  return made;
}

}  // namespace

bool start_second(Job job) {
  if (on_second_thread) return false;  // a job's own halves: no third core
  SecondThread* t = second_thread();
  if (t == nullptr || t->owner != getpid()) return false;
  if (!t->taken.try_lock()) return false;  // another caller's halves
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
  t->taken.unlock();
}

}  // namespace faultc::halves_detail
