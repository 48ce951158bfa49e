#include "runtime/runner.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "compiler/driver/exit_code.hpp"
#include "compiler/lower/object_id.hpp"
#include "compiler/source/duration_text.hpp"
#include "compiler/source/json_escape.hpp"
#include "compiler/source/printable.hpp"
#include "runtime/backend.hpp"
#include "runtime/counters.hpp"
#include "runtime/object_names.hpp"
#include "runtime/process.hpp"
#include "runtime/revert_suggestion.hpp"
#include "runtime/run_compile.hpp"
#include "runtime/ssh_reminder.hpp"
#include "runtime/run_text.hpp"
#include "runtime/state.hpp"
#include "runtime/timeline.hpp"
#include "runtime/watchdog.hpp"

namespace faultc::runtime {

namespace {

// The other faultc scenarios active now, by their valid state files (a
// table merely named faultc_* proves nothing): their objects come and go
// and their timers tick on their own schedule, not the operator's.
std::set<std::string> other_scenarios(const std::string& own_id) {
  std::set<std::string> ids;
  for (const RunState& s : all_states()) {
    if (s.id != own_id) ids.insert(s.id);
  }
  return ids;
}

// A snapshot and the scenarios active around it: read before and after, so
// that one applied or reverted meanwhile is known (a run writes its state
// before it applies and removes it after it reverts).
struct TakenSnapshot {
  Snapshot ruleset;
  std::set<std::string> others;
};
TakenSnapshot take_snapshot(const std::string& own_id) {
  TakenSnapshot out;
  out.others = other_scenarios(own_id);
  out.ruleset = ruleset_snapshot();
  out.others.merge(other_scenarios(own_id));
  return out;
}

// Stops a scenario's runner and watchdog: only pids proven to be them
// (a pid in a state file may since belong to another program).
void stop_processes(const RunState& s) {
  signal_our_process(s.watchdog_pid, Role::watchdog, s.id, s.watchdog_start, SIGTERM);
  signal_our_process(s.runner_pid, Role::runner, s.id, s.runner_start, SIGTERM);
}

// Someone is running this scenario: a live runner or watchdog, or objects
// left in the kernel.
bool active(const std::string& id, Backend backend) {
  if (auto s = load_state(id)) {
    if (is_our_process(s->runner_pid, Role::runner, id, s->runner_start) ||
        is_our_process(s->watchdog_pid, Role::watchdog, id, s->watchdog_start)) {
      return true;
    }
  }
  const auto ids = present_ids(backend);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// One run of a scenario: what apply sets up, follow watches and revert
// takes back.
struct Run {
  std::string file;
  Backend backend;
  Compiled compiled;
  Output output;
  std::int64_t started_ms;
  RunState state;
  sigset_t signals;          // blocked, and taken synchronously while following
  TakenSnapshot before;      // the ruleset before the apply, and the scenarios active then
  IptablesNftLayout layout;  // iptables-nft's tables and chains before the apply
  const std::string& id() const { return compiled.rules.id; }
};

// Nothing stands in the way: the backend's tools are there, no other
// scenario holds the kernel id, and this one is not active (or, with
// --replace, is stopped now). kOk, or kUsage after saying why not.
int check_can_run(const Run& r, bool replace) {
  const auto problems = preflight(r.backend);
  if (!problems.empty()) {
    for (const auto& p : problems) fmt::print(stderr, "faultc: error: {}\n", p);
    return kUsage;
  }
  const std::string& id = r.id();
  const std::string& name = r.compiled.scenario.name;
  // Two names whose ids are equal (a 32-bit hash makes it rare, not
  // impossible) would share one table: never replace another name's run.
  if (auto held = load_state(id); held && held->name != name && active(id, held->backend)) {
    fmt::print(stderr,
               "faultc: error: kernel id {} is held by the active scenario \"{}\" ({}), not \"{}\"; "
               "rename one of the two scenarios (--replace does not apply to another scenario)\n",
               id, printable(held->name), printable(held->file), printable(name));
    return kUsage;
  }
  if (active(id, r.backend)) {
    if (!replace) {
      fmt::print(stderr,
                 "faultc: error: scenario \"{}\" (kernel id {}) is already active; "
                 "use --replace to restart it or `faultc revert {}` to stop it\n",
                 printable(name), id, id);
      return kUsage;
    }
    if (auto old = load_state(id)) stop_processes(*old);
    remove_objects(r.backend, id);
    remove_state(id);
  }
  return kOk;
}

// The scenario's objects, and what iptables-nft created for them.
void remove_all(const Run& r) {
  remove_objects(r.backend, r.id());
  if (r.backend == Backend::iptables_nft) remove_iptables_nft_leftovers(r.layout);
}

void print_applied(const Run& r) {
  const RunState& s = r.state;
  if (r.output == Output::json) {
    fmt::print("{}",
               json_event("applied", fmt::format("\"scenario\":{},\"id\":{},\"backend\":{},\"watchdog_pid\":{},"
                                                 "\"deadline_ms\":{}",
                                                 json_string(s.name), json_string(s.id),
                                                 json_string(backend_name(r.backend)), s.watchdog_pid, s.deadline_ms)));
  } else {
    fmt::print("{} faultc: applied \"{}\" with {} (watchdog pid {}); {}\n", timestamp(), printable(s.name),
               backend_name(r.backend), s.watchdog_pid,
               s.deadline_ms ? fmt::format("reverting in {}", format_duration(*r.compiled.scenario.life_ms))
                             : std::string("until Ctrl-C (for ever)"));
  }
  std::fflush(stdout);
}

// Applies the scenario: recorded in its state file first, guarded by the
// watchdog after. kOk, or the exit code of what failed (nothing applied).
int apply_run(Run& r) {
  // Signals are taken synchronously in the main loop: revert at once.
  sigemptyset(&r.signals);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&r.signals, s);
  sigprocmask(SIG_BLOCK, &r.signals, nullptr);
  // Nothing before this point changes the ruleset (the iptables reads use
  // plain -save, which creates no table), so this is the operator's own,
  // plus the other faultc scenarios active now.
  r.before = take_snapshot(r.id());
  r.layout = r.backend == Backend::iptables_nft ? iptables_nft_layout() : IptablesNftLayout{};
  // The state file exists before the objects and outlives them, so that a
  // concurrent run that sees the objects also sees whose they are.
  RunState& state = r.state;
  state.name = r.compiled.scenario.name;
  state.id = r.id();
  state.backend = r.backend;
  state.file = std::filesystem::absolute(r.file).string();
  state.runner_pid = getpid();
  state.runner_start = process_start(getpid());
  state.started_ms = r.started_ms;
  const auto life = r.compiled.scenario.life_ms;
  state.deadline_ms = life ? r.started_ms + static_cast<std::int64_t>(*life) : 0;
  if (auto error = save_state(state)) {
    fmt::print(stderr, "faultc: error: {}; nothing was applied\n", *error);
    return kUsage;
  }
  if (auto error = apply(r.backend, r.compiled.artifact)) {
    remove_all(r);
    remove_state(r.id());
    fmt::print(stderr, "faultc: error: {}\n", *error);
    return kFailed;
  }
  if (state.deadline_ms != 0) {
    state.watchdog_pid = spawn_watchdog(r.id());
    state.watchdog_start = process_start(state.watchdog_pid);
    if (state.watchdog_pid < 0) fmt::print(stderr, "faultc: warning: could not start the watchdog\n");
    if (auto error = save_state(state)) fmt::print(stderr, "faultc: warning: {}\n", *error);
  }
  print_applied(r);
  return kOk;
}

// Follows the timeline to the deadline (for ever, without one) showing the
// rules and their counters: redrawn every second on a terminal; otherwise
// a line, or a JSON event, when a rule turns on or off and every 10
// seconds. Returns the signal that ended it early, or 0.
int follow_run(const Run& r) {
  std::size_t drawn = 0;
  std::string last_states;
  std::int64_t last_json = 0;
  while (r.state.deadline_ms == 0 || now_ms() < r.state.deadline_ms) {
    const std::int64_t left =
        r.state.deadline_ms == 0 ? 1000 : std::min<std::int64_t>(r.state.deadline_ms - now_ms(), 1000);
    timespec wait{left / 1000, (left % 1000) * 1'000'000};
    const int signal_number = sigtimedwait(&r.signals, nullptr, &wait);
    if (signal_number > 0) return signal_number;
    if (r.output == Output::tty) {
      const std::string lines = status_lines(r.compiled, r.backend, r.started_ms, true);
      if (drawn > 0) fmt::print("\x1b[{}A", drawn);
      fmt::print("{}", lines);
      drawn = static_cast<std::size_t>(std::count(lines.begin(), lines.end(), '\n'));
    } else {
      std::string states;
      const auto t = static_cast<std::uint64_t>(now_ms() - r.started_ms);
      for (const auto& s : rule_states(r.compiled.scenario, r.compiled.labels, t)) states += s.state + " ";
      if (states != last_states || now_ms() - last_json >= 10'000) {
        if (r.output == Output::json) {
          fmt::print("{}", json_event("tick", json_rules(r.compiled, r.backend, r.started_ms)));
        } else {
          fmt::print("{} {}", timestamp(), status_lines(r.compiled, r.backend, r.started_ms, false));
        }
        last_states = states;
        last_json = now_ms();
      }
    }
    std::fflush(stdout);
  }
  return 0;
}

void print_reverted(const Run& r, const std::string& final_counters, int caught, bool identical) {
  if (r.output == Output::json) {
    fmt::print("{}", json_event("reverted", final_counters + (caught ? fmt::format(",\"signal\":{}", caught) : "")));
    fmt::print("{}", json_event("verified", fmt::format("\"identical\":{}", identical ? "true" : "false")));
  } else {
    fmt::print("{} faultc: {}reverted \"{}\". Summary:\n{}", timestamp(),
               caught ? fmt::format("signal {}: ", caught) : "", printable(r.state.name), final_counters);
    fmt::print("{} faultc: {}\n", timestamp(),
               identical ? "verified: the faultc objects are gone and the rest of the ruleset is as before"
                         : "the ruleset differs from before the run");
  }
  std::fflush(stdout);
}

// Takes the scenario back, stops the watchdog, and verifies that the rest
// of the ruleset is as it was. `caught`: the signal that ended the run, or 0.
int revert_run(const Run& r, int caught) {
  const std::string final_counters = r.output == Output::json
                                         ? json_rules(r.compiled, r.backend, r.started_ms)
                                         : status_lines(r.compiled, r.backend, r.started_ms, false);
  signal_our_process(r.state.watchdog_pid, Role::watchdog, r.id(), r.state.watchdog_start, SIGTERM);
  remove_all(r);
  remove_state(r.id());
  // Compared without the other scenarios active at either moment: what is
  // left is the operator's ruleset, where a change is real.
  const TakenSnapshot after = take_snapshot(r.id());
  std::set<std::string> others = r.before.others;
  others.insert(after.others.begin(), after.others.end());
  const std::string difference =
      snapshot_difference(without_scenarios(r.before.ruleset, others), without_scenarios(after.ruleset, others));
  print_reverted(r, final_counters, caught, difference.empty());
  if (!difference.empty()) {
    fmt::print(stderr, "faultc: error: after revert the ruleset differs from before the run:\n{}", difference);
    return kFailed;
  }
  return caught ? exit_for_signal(caught) : kOk;
}

std::vector<Backend> available_backends() {
  std::vector<Backend> out;
  for (Backend b : {Backend::nft, Backend::iptables_nft, Backend::iptables_legacy}) {
    const bool available =
        b == Backend::nft ? command_exists("nft") : command_exists(iptables_tool(b, ruleset::Family::ipv4, "-save"));
    if (available) out.push_back(b);
  }
  return out;
}
}  // namespace

int run(const RunOptions& options) {
  signal(SIGPIPE, SIG_IGN);
  const auto backend = backend_from_name(options.target);
  if (!backend) {
    fmt::print(stderr, "faultc: error: unknown target `{}` (nft, iptables, iptables-legacy)\n", options.target);
    return kUsage;
  }
  const std::int64_t started_ms = now_ms();
  auto compiled = compile_for_run(options.file, *backend, started_ms / 1000);
  if (!compiled) return kFindings;
  for (const std::string& line : ssh_reminder(*compiled, std::getenv("SSH_CONNECTION"))) {
    fmt::print(stderr, "faultc: {}\n", line);
  }
  if (options.dry_run) {
    fmt::print("{}\n", plan(*compiled, *backend));
    const Artifact& a = compiled->artifact;
    fmt::print("{}{}{}", a.nft, a.ipv4, a.ipv6);
    return kOk;
  }
  const Output output = options.json ? Output::json : isatty(1) ? Output::tty : Output::plain;
  Run r{options.file, *backend, std::move(*compiled), output, started_ms, {}, {}, {}, {}};
  if (const int code = check_can_run(r, options.replace); code != kOk) return code;
  if (const int code = apply_run(r); code != kOk) return code;
  return revert_run(r, follow_run(r));
}

int revert(const RevertOptions& options) {
  signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> ignored;
  const std::vector<RunState> states = all_states(&ignored);
  for (const std::string& why : ignored) fmt::print(stderr, "faultc: warning: ignoring {}\n", printable(why));
  std::set<std::string> kernel_ids;
  for (Backend b : available_backends()) {
    for (const auto& id : present_ids(b)) kernel_ids.insert(id);
  }
  std::set<std::string> ids;
  if (options.all) {
    for (const auto& s : states) ids.insert(s.id);
    ids.insert(kernel_ids.begin(), kernel_ids.end());
  } else {
    // A name is the scenario's as written, or its kernel id; either must be
    // active (a state file or objects in the kernel): a typo is an error,
    // not a successful revert of nothing.
    for (const auto& s : states) {
      if (s.name == options.name || s.id == options.name) ids.insert(s.id);
    }
    for (const std::string& candidate : {options.name, object_id(options.name)}) {
      if (valid_id(candidate) && kernel_ids.count(candidate) != 0) ids.insert(candidate);
    }
    if (ids.empty()) {
      fmt::print(stderr, "faultc: error: {}\n", not_active_message(options.name, states, kernel_ids));
      return kFailed;
    }
  }
  std::size_t removed = 0;
  for (const std::string& id : ids) {
    // The watchdog first (it would race us), then the objects, then the
    // runner: it then finds its objects gone and verifies the rest.
    const auto s = load_state(id);
    if (s) signal_our_process(s->watchdog_pid, Role::watchdog, id, s->watchdog_start, SIGTERM);
    for (Backend b : available_backends()) removed += remove_objects(b, id);
    if (s) stop_processes(*s);
    remove_state(id);
  }
  fmt::print("faultc: {} object{} removed{}\n", removed, removed == 1 ? "" : "s",
             ids.empty() ? " (nothing to do)" : "");
  return kOk;
}

int status(bool json) {
  std::vector<std::string> ignored;
  const auto states = all_states(&ignored);
  for (const std::string& why : ignored) fmt::print(stderr, "faultc: warning: ignoring {}\n", printable(why));
  std::vector<std::string> items;
  for (const RunState& s : states) {
    const bool runner = is_our_process(s.runner_pid, Role::runner, s.id, s.runner_start);
    const bool watchdog = is_our_process(s.watchdog_pid, Role::watchdog, s.id, s.watchdog_start);
    const std::int64_t left = s.deadline_ms == 0 ? -1 : std::max<std::int64_t>(0, s.deadline_ms - now_ms());
    const auto counters = read_counters(s.backend, s.id);
    const auto present = present_ids(s.backend);
    const bool objects = std::find(present.begin(), present.end(), s.id) != present.end();
    if (json) {
      std::vector<std::string> rules;
      for (const auto& [number, k] : counters) rules.push_back(fmt::format("{{\"rule\":{},{}}}", number, counter_json(k)));
      items.push_back(fmt::format(
          "{{\"scenario\":{},\"id\":{},\"backend\":{},\"file\":{},\"runner_alive\":{},\"watchdog_alive\":{},"
          "\"time_left_ms\":{},\"expired\":{},\"objects_present\":{},\"rules\":[{}]}}",
          json_string(s.name), json_string(s.id), json_string(backend_name(s.backend)), json_string(s.file),
          runner ? "true" : "false", watchdog ? "true" : "false", left, left == 0 ? "true" : "false",
          objects ? "true" : "false", fmt::join(rules, ",")));
      continue;
    }
    fmt::print("{} ({}), {}, {}; runner {}, watchdog {}\n", printable(s.name), s.id, backend_name(s.backend),
               left < 0 ? "for ever" : left == 0 ? "expired" : countdown(left) + " left", runner ? "running" : "gone",
               watchdog ? "armed" : "gone");
    if (!runner && !watchdog) {
      if (!objects) {
        fmt::print("  nothing of it is left in the kernel; `faultc revert {}` removes this stale record\n", s.id);
      } else if (left == 0) {
        fmt::print("  expired with no faultc process left: the kernel no longer applies its rules, but its inert "
                   "objects remain; remove them with `faultc revert {}`\n",
                   s.id);
      } else if (left > 0) {
        fmt::print("  its runner and watchdog are gone: the kernel stops applying it at the deadline by itself; "
                   "`faultc revert {}` removes it now\n",
                   s.id);
      } else {
        fmt::print("  its runner is gone and `for ever` has no deadline: it stays until `faultc revert {}`\n", s.id);
      }
    }
    for (const auto& [number, k] : counters) fmt::print("  rule {:<3} {}\n", number, counter_columns(k));
  }
  if (json) fmt::print("{{\"active\":[{}]}}\n", fmt::join(items, ","));
  else if (states.empty()) fmt::print("faultc: no active scenarios\n");
  return kOk;
}

}  // namespace faultc::runtime
