#include "runtime/runner.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <set>
#include <filesystem>
#include <sstream>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/emit/emit.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/lower/object_id.hpp"
#include "compiler/parse/read_file.hpp"
#include "compiler/source/duration_text.hpp"
#include "compiler/source/json_escape.hpp"
#include "compiler/source/printable.hpp"
#include "runtime/backend.hpp"
#include "runtime/counters.hpp"
#include "runtime/object_names.hpp"
#include "runtime/process.hpp"
#include "runtime/state.hpp"
#include "runtime/timeline.hpp"
#include "runtime/watchdog.hpp"

namespace faultc::runtime {

namespace {

enum class Output { tty, plain, json };

struct Compiled {
  ir::Scenario scenario;
  ruleset::Ruleset rules;
  Artifact artifact;
  std::vector<std::string> labels;  // per rule: "file.fault:12"
};

std::string timestamp() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// Compiles the scenario for a backend; the iptables files are bound to the
// start time so the kernel switches every window by itself.
std::optional<Compiled> compile(const std::string& file, Backend backend, std::int64_t start_s) {
  SourceMap sources;
  auto text = read_source_file(file);
  if (auto* error = std::get_if<ReadError>(&text)) {
    fmt::print(stderr, "faultc: error: {}\n", error->message);
    return std::nullopt;
  }
  const FileId id = sources.add(file, std::get<std::string>(std::move(text)));
  Compilation c = compile_front(sources, id);
  Diagnostics diagnostics = c.diagnostics;
  std::optional<Compiled> out;
  const Diagnostics nothing = c.ok() ? check_something_to_apply(*c.scenario) : Diagnostics{};
  diagnostics.insert(diagnostics.end(), nothing.begin(), nothing.end());
  if (c.ok() && nothing.empty()) {
    LowerOptions options;
    options.follows_timeline = true;
    auto lowered = lower(*c.scenario, sources, options);
    diagnostics.insert(diagnostics.end(), lowered.diagnostics.begin(), lowered.diagnostics.end());
    if (lowered.ok()) {
      Compiled compiled{*c.scenario, *lowered.value, {}, {}};
      for (const ir::Rule& rule : compiled.scenario.rules) {
        compiled.labels.push_back(fmt::format("{}:{}", compiled.scenario.file_name,
                                              sources.file(rule.span.file).locate(rule.span.begin).line));
      }
      bool ok = true;
      auto put = [&](emit::Target target, bool teardown, std::string& slot) {
        emit::EmitOptions eo;
        eo.teardown = teardown;
        if (!teardown) eo.start_unix = start_s;
        if (target == emit::Target::nft) eo.start_unix.reset();
        auto emitted = emit::emit(compiled.rules, target, eo);
        diagnostics.insert(diagnostics.end(), emitted.diagnostics.begin(), emitted.diagnostics.end());
        if (emitted.ok()) slot = *emitted.value;
        else ok = false;
      };
      if (backend == Backend::nft) {
        put(emit::Target::nft, false, compiled.artifact.nft);
        put(emit::Target::nft, true, compiled.artifact.teardown_nft);
      } else {
        bool v4 = false, v6 = false;
        for (const auto& chain : compiled.rules.chains) {
          v4 = v4 || chain.ipv4;
          v6 = v6 || chain.ipv6;
        }
        if (v4) put(emit::Target::iptables_restore, false, compiled.artifact.ipv4);
        if (v6) put(emit::Target::ip6tables_restore, false, compiled.artifact.ipv6);
      }
      if (ok) out = std::move(compiled);
    }
  }
  fmt::print(stderr, "{}", render_text(diagnostics, sources, TextStyle{isatty(2) != 0 && !std::getenv("NO_COLOR")}));
  if (!out && !has_errors(diagnostics)) fmt::print(stderr, "faultc: error: nothing to run\n");
  return out;
}

std::string plan(const Compiled& c, Backend backend) {
  std::string out;
  const auto life = c.scenario.life_ms;
  out += fmt::format("plan: scenario \"{}\" (kernel id {}), backend {}, life {}\n", printable(c.scenario.name), c.rules.id,
                     backend_name(backend), life ? format_duration(*life) : "for ever");
  out += fmt::format("  +0s        apply atomically ({})\n",
                     backend == Backend::nft ? "nft -f, table inet " + c.rules.nft_table
                                             : "iptables-restore --noflush, chains FAULTC-" + c.rules.id + "-*");
  for (std::size_t i = 0; i < c.scenario.rules.size(); ++i) {
    std::vector<std::string> spans;
    const auto windows = ir::windows(c.scenario.rules[i], c.scenario);
    for (std::size_t w = 0; w < windows.size() && w < 4; ++w) {
      spans.push_back(fmt::format("[{}, {})", format_duration(windows[w].start_ms),
                                  windows[w].end_ms == UINT64_MAX ? "end" : format_duration(windows[w].end_ms)));
    }
    if (windows.size() > 4) spans.push_back(fmt::format("... {} windows in all", windows.size()));
    out += fmt::format("  rule {:<5} {}  active {}\n", c.scenario.rules[i].number, c.labels[i], fmt::join(spans, " "));
  }
  if (life) {
    out += fmt::format("  +{:<9} revert (by this run; else the watchdog; else the kernel's own expiry)\n",
                       format_duration(*life));
  } else {
    out += "  no end: `for ever` runs until Ctrl-C or `faultc revert`\n";
  }
  return out;
}

std::string counter_columns(const RuleCounters& k) {
  return fmt::format("seen {:>8} pkts {:>10} B   dropped {:>8} pkts {:>10} B   rejected {:>8} pkts   "
                     "limited {:>8} pkts {:>10} B",
                     k.seen_packets, k.seen_bytes, k.dropped_packets, k.dropped_bytes, k.rejected_packets,
                     k.limited_packets, k.limited_bytes);
}

std::string counter_json(const RuleCounters& k) {
  return fmt::format("\"seen_packets\":{},\"seen_bytes\":{},\"dropped_packets\":{},\"dropped_bytes\":{},"
                     "\"rejected_packets\":{},\"rejected_bytes\":{},\"limited_packets\":{},\"limited_bytes\":{}",
                     k.seen_packets, k.seen_bytes, k.dropped_packets, k.dropped_bytes, k.rejected_packets,
                     k.rejected_bytes, k.limited_packets, k.limited_bytes);
}

// The whole scenario's clock: "ends in 3m12s (of 4m)", "ended (4m in all)"
// or "running 12s (for ever)".
std::string time_left(const Compiled& c, std::int64_t started_ms) {
  const std::int64_t elapsed = std::max<std::int64_t>(0, now_ms() - started_ms);
  if (!c.scenario.life_ms) return fmt::format("running {} (for ever)", format_duration(static_cast<std::uint64_t>(elapsed / 1000 * 1000)));
  const auto life = static_cast<std::int64_t>(*c.scenario.life_ms);
  if (elapsed >= life) return fmt::format("ended ({} in all)", format_duration(*c.scenario.life_ms));
  return fmt::format("ends in {} (of {})", countdown(life - elapsed), format_duration(*c.scenario.life_ms));
}

std::string status_lines(const Compiled& c, Backend backend, std::int64_t started_ms, bool color) {
  const std::uint64_t t = static_cast<std::uint64_t>(std::max<std::int64_t>(0, now_ms() - started_ms));
  const auto counters = read_counters(backend, c.rules.id);
  std::string out = fmt::format("scenario \"{}\": {}\n", printable(c.scenario.name), time_left(c, started_ms));
  for (const RuleWindowState& s : rule_states(c.scenario, c.labels, t)) {
    const auto it = counters.find(s.rule);
    const RuleCounters k = it == counters.end() ? RuleCounters{} : it->second;
    const std::string change =
        s.change_in_ms < 0 ? "" : fmt::format("{} {}", s.active ? "ends in" : "in", countdown(s.change_in_ms));
    out += fmt::format("{}rule {:<3} {:<24} {:<7}{} {:<14} {}\n", color && s.active ? "\x1b[1;31m" : "", s.rule,
                       s.label, s.state, color ? "\x1b[0m" : "", change, counter_columns(k));
  }
  return out;
}

std::string json_event(const std::string& event, const std::string& fields) {
  return fmt::format("{{\"time\":{},\"event\":{}{}{}}}\n", json_string(timestamp()), json_string(event),
                     fields.empty() ? "" : ",", fields);
}

std::string json_rules(const Compiled& c, Backend backend, std::int64_t started_ms) {
  const std::uint64_t t = static_cast<std::uint64_t>(std::max<std::int64_t>(0, now_ms() - started_ms));
  const auto counters = read_counters(backend, c.rules.id);
  std::vector<std::string> items;
  for (const RuleWindowState& s : rule_states(c.scenario, c.labels, t)) {
    const auto it = counters.find(s.rule);
    const RuleCounters k = it == counters.end() ? RuleCounters{} : it->second;
    items.push_back(fmt::format("{{\"rule\":{},\"source\":{},\"state\":{},\"change_in_ms\":{},{}}}", s.rule,
                                json_string(s.label), json_string(s.state), s.change_in_ms, counter_json(k)));
  }
  const std::int64_t left =
      c.scenario.life_ms ? std::max<std::int64_t>(0, started_ms + static_cast<std::int64_t>(*c.scenario.life_ms) - now_ms())
                         : -1;
  return fmt::format("\"time_left_ms\":{},\"rules\":[{}]", left, fmt::join(items, ","));
}

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

}  // namespace

int run(const RunOptions& options) {
  signal(SIGPIPE, SIG_IGN);
  const auto backend = backend_from_name(options.target);
  if (!backend) {
    fmt::print(stderr, "faultc: error: unknown target `{}` (nft, iptables, iptables-legacy)\n", options.target);
    return 2;
  }
  const std::int64_t started_ms = now_ms();
  auto compiled = compile(options.file, *backend, started_ms / 1000);
  if (!compiled) return 1;
  const Output output = options.json ? Output::json : isatty(1) ? Output::tty : Output::plain;
  if (options.dry_run) {
    fmt::print("{}\n", plan(*compiled, *backend));
    const Artifact& a = compiled->artifact;
    fmt::print("{}{}{}", a.nft, a.ipv4, a.ipv6);
    return 0;
  }
  const auto problems = preflight(*backend);
  if (!problems.empty()) {
    for (const auto& p : problems) fmt::print(stderr, "faultc: error: {}\n", p);
    return 2;
  }
  const std::string& id = compiled->rules.id;
  // Two names whose ids are equal (a 32-bit hash makes it rare, not
  // impossible) would share one table: never replace another name's run.
  if (auto held = load_state(id); held && held->name != compiled->scenario.name && active(id, held->backend)) {
    fmt::print(stderr, "faultc: error: kernel id {} is held by the active scenario \"{}\" ({}), not \"{}\"; "
                       "rename one of the two scenarios (--replace does not apply to another scenario)\n",
               id, printable(held->name), printable(held->file), printable(compiled->scenario.name));
    return 2;
  }
  if (active(id, *backend)) {
    if (!options.replace) {
      fmt::print(stderr, "faultc: error: scenario \"{}\" (kernel id {}) is already active; "
                         "use --replace to restart it or `faultc revert {}` to stop it\n",
                 printable(compiled->scenario.name), id, id);
      return 2;
    }
    if (auto old = load_state(id)) stop_processes(*old);
    remove_objects(*backend, id);
    remove_state(id);
  }

  // Signals are taken synchronously in the main loop: revert at once.
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&signals, s);
  sigprocmask(SIG_BLOCK, &signals, nullptr);

  // Nothing before this point changes the ruleset (the iptables reads use
  // plain -save, which creates no table), so this is the operator's own,
  // plus the other faultc scenarios active now.
  const TakenSnapshot before = take_snapshot(id);
  const IptablesNftLayout layout = *backend == Backend::iptables_nft ? iptables_nft_layout() : IptablesNftLayout{};
  auto remove_all = [&] {
    remove_objects(*backend, id);
    if (*backend == Backend::iptables_nft) remove_iptables_nft_leftovers(layout);
  };
  // The state file exists before the objects and outlives them, so that a
  // concurrent run that sees the objects also sees whose they are.
  RunState state;
  state.name = compiled->scenario.name;
  state.id = id;
  state.backend = *backend;
  state.file = std::filesystem::absolute(options.file).string();
  state.runner_pid = getpid();
  state.runner_start = process_start(getpid());
  state.started_ms = started_ms;
  state.deadline_ms = compiled->scenario.life_ms ? started_ms + static_cast<std::int64_t>(*compiled->scenario.life_ms) : 0;
  if (auto error = save_state(state)) {
    fmt::print(stderr, "faultc: error: {}; nothing was applied\n", *error);
    return 2;
  }
  if (auto error = apply(*backend, compiled->artifact)) {
    remove_all();
    remove_state(id);
    fmt::print(stderr, "faultc: error: {}\n", *error);
    return 1;
  }
  if (state.deadline_ms != 0) {
    state.watchdog_pid = spawn_watchdog(id);
    state.watchdog_start = process_start(state.watchdog_pid);
    if (state.watchdog_pid < 0) fmt::print(stderr, "faultc: warning: could not start the watchdog\n");
    if (auto error = save_state(state)) fmt::print(stderr, "faultc: warning: {}\n", *error);
  }

  if (output == Output::json) {
    fmt::print("{}", json_event("applied", fmt::format("\"scenario\":{},\"id\":{},\"backend\":{},\"watchdog_pid\":{},"
                                                       "\"deadline_ms\":{}",
                                                       json_string(state.name), json_string(id),
                                                       json_string(backend_name(*backend)), state.watchdog_pid,
                                                       state.deadline_ms)));
  } else {
    fmt::print("{} faultc: applied \"{}\" with {} (watchdog pid {}); {}\n", timestamp(), printable(state.name),
               backend_name(*backend), state.watchdog_pid,
               state.deadline_ms ? fmt::format("reverting in {}", format_duration(*compiled->scenario.life_ms))
                                 : std::string("until Ctrl-C (for ever)"));
  }
  std::fflush(stdout);

  int caught = 0;
  std::size_t drawn = 0;
  std::string last_states;
  std::int64_t last_json = 0;
  while (state.deadline_ms == 0 || now_ms() < state.deadline_ms) {
    const std::int64_t left = state.deadline_ms == 0 ? 1000 : std::min<std::int64_t>(state.deadline_ms - now_ms(), 1000);
    timespec wait{left / 1000, (left % 1000) * 1'000'000};
    const int signal_number = sigtimedwait(&signals, nullptr, &wait);
    if (signal_number > 0) {
      caught = signal_number;
      break;
    }
    if (output == Output::tty) {
      const std::string lines = status_lines(*compiled, *backend, started_ms, true);
      if (drawn > 0) fmt::print("\x1b[{}A", drawn);
      fmt::print("{}", lines);
      drawn = static_cast<std::size_t>(std::count(lines.begin(), lines.end(), '\n'));
    } else {
      // Plain and JSON output: a line when a rule turns on or off, and the
      // counters every 10 seconds.
      std::string states;
      const auto t = static_cast<std::uint64_t>(now_ms() - started_ms);
      for (const auto& s : rule_states(compiled->scenario, compiled->labels, t)) states += s.state + " ";
      if (states != last_states || now_ms() - last_json >= 10'000) {
        if (output == Output::json) {
          fmt::print("{}", json_event("tick", json_rules(*compiled, *backend, started_ms)));
        } else {
          fmt::print("{} {}", timestamp(), status_lines(*compiled, *backend, started_ms, false));
        }
        last_states = states;
        last_json = now_ms();
      }
    }
    std::fflush(stdout);
  }

  // Take it back, stop the watchdog, and verify.
  const std::string final_counters = output == Output::json ? json_rules(*compiled, *backend, started_ms)
                                                            : status_lines(*compiled, *backend, started_ms, false);
  signal_our_process(state.watchdog_pid, Role::watchdog, id, state.watchdog_start, SIGTERM);
  remove_all();
  remove_state(id);
  // Compared without the other scenarios active at either moment: what is
  // left is the operator's ruleset, where a change is real.
  const TakenSnapshot after = take_snapshot(id);
  std::set<std::string> others = before.others;
  others.insert(after.others.begin(), after.others.end());
  const std::string difference =
      snapshot_difference(without_scenarios(before.ruleset, others), without_scenarios(after.ruleset, others));
  const bool identical = difference.empty();
  if (output == Output::json) {
    fmt::print("{}", json_event("reverted", final_counters + (caught ? fmt::format(",\"signal\":{}", caught) : "")));
    fmt::print("{}", json_event("verified", fmt::format("\"identical\":{}", identical ? "true" : "false")));
  } else {
    fmt::print("{} faultc: {}reverted \"{}\". Summary:\n{}", timestamp(),
               caught ? fmt::format("signal {}: ", caught) : "", printable(state.name), final_counters);
    fmt::print("{} faultc: {}\n", timestamp(),
               identical ? "verified: the faultc objects are gone and the rest of the ruleset is as before"
                         : "the ruleset differs from before the run");
  }
  std::fflush(stdout);
  if (!identical) {
    fmt::print(stderr, "faultc: error: after revert the ruleset differs from before the run:\n{}", difference);
    return 1;
  }
  return caught ? 128 + caught : 0;
}

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
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

// "no active scenario named X": with what is active, and the closest name.
std::string not_active_message(const std::string& name, const std::vector<RunState>& states,
                               const std::set<std::string>& kernel_ids) {
  std::vector<std::string> known;
  for (const RunState& s : states) {
    known.push_back(s.name);
    known.push_back(s.id);
  }
  known.insert(known.end(), kernel_ids.begin(), kernel_ids.end());
  std::string message = fmt::format("no active scenario is named \"{}\" or has that kernel id", printable(name));
  if (known.empty()) return message + "; no faultc scenario is active (`faultc status`)";
  std::string best;
  std::size_t best_distance = SIZE_MAX;
  for (const std::string& candidate : known) {
    const std::size_t d = edit_distance(name, candidate);
    if (d < best_distance) best_distance = d, best = candidate;
  }
  std::vector<std::string> active;
  for (const RunState& s : states) active.push_back(fmt::format("\"{}\" ({})", printable(s.name), s.id));
  for (const std::string& id : kernel_ids) {
    if (std::none_of(states.begin(), states.end(), [&](const RunState& s) { return s.id == id; })) {
      active.push_back(fmt::format("{} (no state file)", id));
    }
  }
  if (best_distance <= std::max<std::size_t>(2, name.size() / 3)) {
    return message + fmt::format("; did you mean `faultc revert {}`? (active: {})", printable(best), fmt::join(active, ", "));
  }
  return message + fmt::format("; active: {}", fmt::join(active, ", "));
}

}  // namespace

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
      return 1;
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
  return 0;
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
  return 0;
}

}  // namespace faultc::runtime
